// Compare runs in the real page (WASM, the tiny preset): three runs trained and saved on three
// texts (Moby Dick, the State of the Union addresses, a diary the person drops) answer one prompt
// side by side with the same seed, each column naming its text, steps and validation loss, with its
// next-token bars; the same comparison again writes the same columns; the run on the page stays.
import type { Page } from '@playwright/test';
import { dropFiles, expect, open, runState, stat, test } from './playground';

const STEPS = 150;
const DIARY = 'dear diary, today the sea was calm and I trained a small model on my notes. '.repeat(80);

/** Trains the current run to its last step; a finished run is saved. */
async function trainToEnd(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText(`Done: ${STEPS} steps`, { timeout: 120_000 });
  await expect(page.getByTestId('stat-saved').locator('dd')).toHaveText(`step ${STEPS}`);
}

test('three saved runs on three texts answer one prompt side by side', async ({ page, watch }) => {
  void watch;
  await open(page, { preset: 'tiny', backend: 'wasm', maxSteps: String(STEPS), evalEvery: '50', sampleEvery: '1000' });
  const compare = page.getByRole('region', { name: 'Compare runs' });
  await expect(compare).toContainText('You have 0 saved runs.');

  await trainToEnd(page);
  await page.getByLabel('Text to learn').selectOption('sotu');
  await page.getByRole('dialog').getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('State of the Union');
  await trainToEnd(page);
  await dropFiles(page, [{ name: 'diary.txt', content: DIARY }]);
  await page.getByRole('dialog').getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('diary.txt');
  await trainToEnd(page);

  const choices = compare.getByRole('list', { name: 'Saved runs to compare' }).getByRole('checkbox');
  await expect(choices).toHaveCount(3);
  for (const box of await choices.all()) await box.check();
  await compare.getByLabel('Prompt for every run').fill('the sea ');
  await compare.getByLabel('Tokens to write').fill('40');
  await compare.getByRole('button', { name: 'Compare', exact: true }).click();

  const columns = compare.getByRole('figure');
  const names = ['Moby Dick', 'State of the Union addresses, 1983–2021', 'diary.txt'];
  for (const name of names) {
    const column = compare.getByRole('figure', { name: `Run on ${name}` });
    await expect(column).toContainText(`${STEPS} steps · val loss`);
    await expect(column.getByTestId('compare-text')).toHaveText(/^the sea .{40}$/s);
    await expect(column.getByRole('list', { name: /^Next token after the prompt/ }).getByRole('listitem')).toHaveCount(5);
  }
  await expect(columns).toHaveCount(3);
  const texts = await compare.getByTestId('compare-text').allInnerTexts();
  expect(new Set(texts).size).toBe(3); // the same prompt, seed and settings: three texts, three answers

  // The same comparison again: the same columns, word for word; the run on the page is as it was.
  await compare.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(compare.getByRole('button', { name: 'Compare', exact: true })).toBeEnabled();
  expect(await compare.getByTestId('compare-text').allInnerTexts()).toEqual(texts);
  expect(await stat(page, 'step')).toBe(STEPS);
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('diary.txt');
});
