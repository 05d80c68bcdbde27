// Everyday input taken as a person means it (issue 22): a folder as a Mac leaves it, a text dropped
// in the first second, a link with a setting given twice or a 6,000-character parameter, a model
// file whose header names a tensor twice or that was cut short: each said plainly, bounded, and
// refused before anything is asked or lost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { dropFiles, expect, open, stat, test, TINY } from './playground';
import { dropFromDisk } from './realDrop';

const FIXTURES = fileURLToPath(new URL('../src/', import.meta.url));
const notices = (page: Page) => page.locator('.alert.notice');

/** A well-formed safetensors file of one 1,000-float tensor, cut off halfway through its values. */
function safetensorsCutShort(): Buffer {
  const header = Buffer.from(JSON.stringify({ 'wte.weight': { dtype: 'F32', shape: [1000], data_offsets: [0, 4000] } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.alloc(2000)]);
}

test('a folder dropped as a Mac leaves it trains on its three chapters and names the four files it skipped', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'wasm' });
  await dropFromDisk(page, [join(FIXTURES, 'data/fixtures/folder-with-mac-metadata')]);
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus.getByText('chapter-1.txt, chapter-2.txt, chapter-3.txt', { exact: true })).toBeVisible();
  const skipped = notices(page).filter({ hasText: 'Skipped 4 files a Mac or Windows adds:' });
  await expect(skipped).toBeVisible();
  for (const name of ['.DS_Store', '._chapter-1.txt', '._chapter-2.txt', '._chapter-3.txt']) await expect(skipped).toContainText(name);
  await expect(page.locator('.alert.error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(5);
});

test('a text dropped in the first second after load is read as soon as the book is ready, with nothing to drop again', async ({
  page,
  watch,
}) => {
  void watch;
  await page.goto(`./?${new URLSearchParams({ ...TINY, backend: 'wasm' })}`);
  await page.getByTestId('drop-zone').waitFor();
  await dropFiles(page, [{ name: 'latin-words.txt', content: 'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(40) }]);
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus.getByText('latin-words.txt', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
});

test('a link that gives a setting twice says which value it uses', async ({ page, watch }) => {
  void watch;
  await page.goto(`./?${new URLSearchParams({ ...TINY, backend: 'wasm' })}&seed=1&seed=2`);
  await expect(
    page.getByRole('alert').filter({ hasText: 'seed is given twice (1, 2). The first is read; keep one in the link.' }),
  ).toBeVisible();
  await page.getByText('Settings', { exact: true }).click();
  await expect(page.getByLabel('Seed (seed)')).toHaveValue('1');
});

test('an unknown parameter of 6,000 characters is echoed in a few dozen, and the page stays as wide as the window', async ({
  page,
  watch,
}) => {
  void watch;
  await page.goto(`./?${new URLSearchParams({ ...TINY, backend: 'wasm', utm_blob: 'A'.repeat(6000) })}`);
  const alert = page.getByRole('alert').filter({ hasText: 'utm_blob is not a setting' });
  await expect(alert).toContainText(`utm_blob=${'A'.repeat(32)}… (6,000 characters)`);
  expect((await alert.innerText()).length).toBeLessThan(400);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
});

test('a model file naming a tensor twice, or cut short, is refused at once, before any question, while the run trains on', async ({
  page,
  watch,
}) => {
  void watch;
  await open(page, { ...TINY, backend: 'wasm' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(5);
  const input = page.getByRole('region', { name: 'Saved runs and export' }).getByLabel('Model file to import');
  const twice = readFileSync(join(FIXTURES, 'model/fixtures/duplicate-tensor-name.safetensors'));
  await input.setInputFiles({ name: 'duplicate-tensor-name.safetensors', mimeType: 'application/octet-stream', buffer: twice });
  await expect(page.getByRole('alert').filter({ hasText: /the header names h\.0\.ln_1\.weight twice/i })).toBeVisible();
  await input.setInputFiles({ name: 'cut.safetensors', mimeType: 'application/octet-stream', buffer: safetensorsCutShort() });
  await expect(page.getByRole('alert').filter({ hasText: /^cut\.safetensors cannot be imported: .*cut short/ })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const step = await stat(page, 'step');
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(step);
});
