// Your own text: a file dropped anywhere on the page becomes the corpus; bad files are refused
// with a message naming them, and nothing the person had is lost.
import { dropFiles, expect, open, runState, stat, test, TINY } from './playground';

const FAST = { ...TINY, backend: 'wasm', blockSize: '16' };
const PNG_BYTES = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

test('a dropped text file becomes the corpus and the model learns only its characters', async ({ page, watch }) => {
  void watch;
  await open(page, { ...FAST, evalEvery: '5', sampleEvery: '10', sampleLength: '60', maxSteps: '12' });
  const text = 'the cat sat on the mat. '.repeat(200);
  await dropFiles(page, [{ name: 'cats.txt', content: text }]);
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus).toContainText('cats.txt');
  await expect(corpus).toContainText('4,800 characters');
  await expect(corpus).toContainText('11 symbols');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText(/Done/);
  const samples = await page.getByRole('region', { name: 'Samples during training' }).locator('pre').allInnerTexts();
  expect(samples.length).toBeGreaterThan(0);
  expect(samples.join('').replace(/\n/g, '')).toMatch(/^[the casonm.]+$/);
});

test('a PNG is refused by name while the book stays and training keeps stepping', async ({ page, watch }) => {
  void watch;
  await open(page, { ...FAST, evalEvery: '1000' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(2);
  await dropFiles(page, [{ name: 'photo.png', content: PNG_BYTES, type: 'image/png' }]);
  await expect(page.getByRole('alert').filter({ hasText: '"photo.png" is a PNG image' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('Moby Dick');
  const before = await stat(page, 'step');
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(before);
  await expect(runState(page)).toHaveText('Training');
});

test('an empty file is refused by name', async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  await dropFiles(page, [{ name: 'nothing.txt', content: '' }]);
  await expect(page.getByRole('alert').filter({ hasText: '"nothing.txt" is empty' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('Moby Dick');
});

test('switching corpus after training asks first, and Cancel leaves the run as it was', async ({ page, watch }) => {
  void watch;
  await open(page, { ...FAST, evalEvery: '1000' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(2);
  await dropFiles(page, [{ name: 'cats.txt', content: 'the cat sat on the mat. '.repeat(200) }]);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Training on cats.txt changes the vocabulary');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('Moby Dick');
  const before = await stat(page, 'step');
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(before);

  await page.getByLabel('Text to learn').selectOption('sotu');
  await dialog.getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('State of the Union');
  await expect(runState(page)).toHaveText('Ready');

  // Back to the book: its saved run is offered, as after a reload, and loads only when asked.
  await page.getByLabel('Text to learn').selectOption('moby-dick');
  const offer = page.getByRole('region', { name: 'Resume your run' });
  await expect(offer).toContainText('You trained on Moby Dick before');
  expect(await stat(page, 'step')).toBe(0);
  await offer.getByRole('button', { name: 'Resume that run' }).click();
  await expect(offer).toBeHidden();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(2);
});
