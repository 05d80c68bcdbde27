// Field reports replayed as a person would: a file that is UTF-8 but for one stray byte, an Apply
// the worker must refuse, and a link whose shape cannot fit this GPU.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, open, runState, test, TINY } from './playground';

const fixture = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const FAST = { ...TINY, backend: 'wasm' };

test('a UTF-8 file with one stray byte keeps its accents, and the notice names the byte and its line', async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose file' }).click();
  await (await chooser).setFiles(fixture('../src/data/fixtures/mostly-utf8-one-stray-byte.txt'));
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus).toContainText('mostly-utf8-one-stray-byte.txt');
  await expect(corpus).toContainText('is UTF-8 except for 1 byte that is not (line 81); it was replaced by � (U+FFFD).');
  await expect(corpus).toContainText('44 symbols');
  await corpus.getByText('Preview').click();
  const preview = corpus.locator('.preview pre');
  await expect(preview).toContainText('café');
  await expect(preview).not.toContainText('Ã');
});

test('a context the text is too short for is refused before Apply, and the URL and the run stay as they were', async ({ page, watch }) => {
  void watch;
  await open(page, { ...FAST, maxSteps: '23', evalEvery: '1000', sampleEvery: '1000' });
  await page.locator('summary', { hasText: 'Paste text' }).click();
  await page.getByLabel('Paste text').fill(readFileSync(fixture('fixtures/short-text-1500-chars.txt'), 'utf8'));
  await page.getByRole('button', { name: 'Use this text' }).click();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('pasted text.txt');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(runState(page)).toHaveText(/Done: 23 steps/);
  const urlBefore = page.url();

  await page.getByText('Settings', { exact: true }).click();
  const context = page.getByLabel('Context (blockSize)');
  await expect(context).toHaveValue('32'); // the form shows the run's settings, from the link
  await context.fill('512');
  await expect(page.getByText(/^Context must be at most 1\d\d for pasted text\.txt \(you gave 512\)\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(context).toHaveValue('32');
  expect(page.url()).toBe(urlBefore);
  await expect(runState(page)).toHaveText(/Done: 23 steps/);
});

test('a link whose shape cannot fit the GPU is refused before training, with the numbers', async ({ page, watch }) => {
  void watch;
  await open(page, { backend: 'webgl', nLayer: '1', nHead: '16', nEmbd: '64', blockSize: '512', batchSize: '128', evalBatches: '1' });
  const alert = page.getByRole('alert').filter({ hasText: 'too big for this device' });
  await expect(alert).toContainText('batch 128 × 16 heads × 512² positions of attention scores = 537M floats');
  await expect(alert).toContainText(/this backend allows [\d.]+M per texture/);
  await expect(alert).toContainText('Lower Batch size to');
  await expect(alert).toContainText("The baby preset's shape is used instead.");
  const model = page.getByRole('region', { name: 'Model', exact: true });
  await expect(model).toContainText('4 layers · 4 heads · width 128 · context 64');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(runState(page)).toHaveText('Training');
});
