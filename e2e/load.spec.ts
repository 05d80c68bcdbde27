// The page before anything is clicked: what it shows, and that it answers bad input kindly.
import { expect, open, test, TINY } from './playground';

test('shows the corpus, the model, the backend and the controls', async ({ page, watch }) => {
  void watch;
  await open(page, {});
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus).toContainText('Moby Dick');
  await expect(corpus).toContainText('1,217,396');
  await expect(corpus).toContainText('89 symbols');
  const model = page.getByRole('region', { name: 'Model', exact: true });
  await expect(model).toContainText('baby');
  await expect(model).toContainText('4 layers · 4 heads · width 128 · context 64');
  await expect(model).toContainText('6·N + 12·L·d·T');
  await expect(model).toContainText('AdamW moments');
  const backend = page.getByRole('region', { name: 'Backend' });
  // This machine's only WebGPU adapter is SwiftShader (software): WASM is chosen, and the page says why.
  await expect(backend).toContainText('WebAssembly');
  await expect(backend).toContainText('Not WebGPU: the only WebGPU adapter is a software one');
  for (const name of ['Train', 'Pause', 'Resume', 'Reset']) await expect(page.getByRole('button', { name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeDisabled();
});

test('an untrained model answers a prompt with gibberish and names characters it does not know', async ({ page, watch }) => {
  void watch;
  await open(page, TINY);
  await page.getByLabel('Prompt', { exact: true }).fill('Café au lait');
  await page.getByLabel('Max new tokens').fill('20');
  await page.getByRole('button', { name: 'Generate' }).click();
  // Said where the completions are (the attention view, reading the same prompt, says it too).
  await expect(
    page.getByRole('region', { name: 'Prompt the model' }).getByText("'é' is not in this corpus's alphabet and was skipped.").first(),
  ).toBeVisible();
  for (const column of await page.getByTestId('completion-text').all()) await expect(column).toHaveText(/^.{20}$/s);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();
});

test('bad URL parameters are named with their range and the defaults are used', async ({ page, watch }) => {
  void watch;
  await open(page, { nLayer: 'abc', lr: '5', backend: 'quantum' });
  const alert = page.getByRole('alert').filter({ hasText: 'URL parameters' });
  await expect(alert).toContainText('Layers must be a whole number between 1 and 12 (you gave abc). Using 4.');
  await expect(alert).toContainText('Learning rate must be between 0.00001 and 0.1 (you gave 5). Using 0.003.');
  await expect(alert).toContainText('Backend must be one of webgpu, webgl, wasm, cpu (you gave quantum).');
  await expect(page.getByRole('region', { name: 'Model', exact: true })).toContainText('4 layers');
});

test('the settings panel validates like the URL and applies a new model', async ({ page, watch }) => {
  void watch;
  await open(page, TINY);
  await page.getByRole('heading', { name: 'Settings', exact: true }).click();
  const layers = page.getByLabel('Layers (nLayer)');
  await layers.fill('99');
  await expect(page.getByText('Layers must be a whole number between 1 and 12 (you gave 99).')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await layers.fill('2');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('region', { name: 'Model', exact: true })).toContainText('2 layers');
  await expect(page).toHaveURL(/nLayer=2/);
});
