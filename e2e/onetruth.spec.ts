// One truth on the page, walked as a person would (issue 18): train Moby Dick, run the scale lab,
// and afterwards the URL, the Settings form, the step and the charts are the person's own again
// and their saved run is still listed; then the copy task, a Load of the Moby Dick run, a Load of
// the copy run: each time the menu, the lab title, the attention example and the prompt examples
// name the loaded run's text or task, and no alert appears.
import type { Locator, Page } from '@playwright/test';
import { expect, open, runState, stat, test, TINY } from './playground';

const FAST = { ...TINY, backend: 'wasm', sampleLength: '8', evalEvery: '20' };

/** The curve a chart draws once it has caught up with its data (charts redraw on a clock of their own). */
async function drawnCurve(page: Page, path: Locator): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        const before = last;
        await page.waitForTimeout(1200);
        last = (await path.getAttribute('d')) ?? '';
        return last.length > 100 && last === before;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return last;
}

/** What the page says about which run this is, in one place. */
async function whatThePageSays(page: Page) {
  const lab = page.getByRole('region', { name: 'Few-shot lab' });
  return {
    menu: await page.getByLabel('Text to learn').inputValue(),
    labTitle: await lab.getByRole('heading').first().innerText(),
    attentionExample: await page
      .getByRole('region', { name: 'Attention' })
      .getByRole('button', { name: /line as the prompt/ })
      .count(),
    promptExamples: await page.getByRole('group', { name: 'Example prompts' }).innerText(),
  };
}

test('labs and Load never contradict or overwrite the person’s run', async ({ page, watch }) => {
  void watch;
  test.setTimeout(420_000);
  await open(page, FAST);
  const url = page.url();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(150);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const step = await stat(page, 'step');
  await expect(page.getByTestId('stat-saved').locator('dd')).toHaveText(`step ${step}`);
  const lossPath = page.getByRole('figure', { name: 'Loss' }).locator('path.plot-line').first();
  const lossBefore = await drawnCurve(page, lossPath);

  // The scale lab on tiny + baby at its default budget (10 steps of baby): lab runs, then the person's run back.
  const lab = page.getByRole('region', { name: 'Scale lab' });
  await lab.getByRole('checkbox', { name: /small/ }).uncheck();
  await lab.getByRole('button', { name: 'Time each model on this device' }).click();
  await expect(lab.getByTestId('scale-estimate')).toHaveText(/^≈ .+ here: tiny .+, baby .+ \(each timed on this device\)$/, {
    timeout: 90_000,
  });
  await lab.getByRole('button', { name: 'Run scale lab' }).click();
  const progress = lab.getByRole('status', { name: 'Scale lab progress' });
  await expect(progress).toContainText('Training tiny (1 of 2)');
  await expect(page.getByRole('status').filter({ hasText: 'Scale lab: training its presets' })).toContainText(`Moby Dick, step ${step}`);
  await expect(progress).toContainText('Training baby (2 of 2)', { timeout: 180_000 });
  await expect(progress).toBeHidden({ timeout: 180_000 });
  await expect(lab.getByRole('alert')).toHaveText(`Done. Your own run is back as it was: Moby Dick, paused at step ${step}.`);
  await expect(lab.getByRole('table', { name: 'Scale lab runs' }).locator('tbody tr')).toHaveCount(2);
  await expect(lab.getByTestId('lab-run-time').first()).toHaveText(/^\S.* \(.+\)$/); // took (estimated)

  // The person's run, as it was: state, step, URL, Settings form, charts, saved run.
  await expect(runState(page)).toHaveText('Paused');
  expect(await stat(page, 'step')).toBe(step);
  expect(page.url()).toBe(url);
  await page.getByText('Settings', { exact: true }).click();
  await expect(page.getByLabel('Layers (nLayer)')).toHaveValue(TINY.nLayer);
  await expect(page.getByLabel('Max steps (maxSteps)')).toHaveValue('5000');
  expect(await drawnCurve(page, lossPath)).toBe(lossBefore);
  const saved = page.getByRole('table', { name: 'Saved runs' });
  await expect(saved.getByRole('row').filter({ hasText: 'Moby Dick' }).filter({ hasText: 'on the page' })).toHaveCount(1);
  await expect(saved).toContainText('Scale lab');

  // The copy task: a lab run of its own; every panel names it.
  await page.getByRole('region', { name: 'Few-shot lab' }).getByRole('button', { name: 'Copy with a hidden separator' }).click();
  await expect(page.getByLabel('Text to learn')).toHaveValue('copy'); // and it trains at once
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const copy = await whatThePageSays(page);
  expect(copy).toMatchObject({ menu: 'copy', labTitle: 'Few-shot lab: Copy with a hidden separator', attentionExample: 1 });
  expect(copy.promptExamples).toContain('A line of the task');
  expect(page.url()).toBe(url);
  const copyStep = await stat(page, 'step');
  await expect(saved.getByRole('row').filter({ hasText: 'Copy with a hidden separator' })).toContainText(`${copyStep} of`);

  // Load the Moby Dick run back: the lab ends, every panel names the book.
  await saved.getByRole('button', { name: `Load Moby Dick at step ${step}` }).click();
  await expect.poll(() => stat(page, 'step')).toBe(step);
  const book = await whatThePageSays(page);
  expect(book).toMatchObject({ menu: 'moby-dick', labTitle: 'Few-shot lab', attentionExample: 0 });
  expect(book.promptExamples).not.toContain('A line of the task');
  await expect(page.locator('.lab-banner')).toHaveCount(0);

  // And the copy run again: a lab run once more, the book's run kept.
  await saved.getByRole('button', { name: new RegExp(`^Load Few-shot lab: Copy with a hidden separator at step ${copyStep}$`) }).click();
  await expect.poll(() => stat(page, 'step')).toBe(copyStep);
  expect(await whatThePageSays(page)).toMatchObject({
    menu: 'copy',
    labTitle: 'Few-shot lab: Copy with a hidden separator',
    attentionExample: 1,
  });
  await expect(page.locator('.lab-banner')).toContainText(`Moby Dick, step ${step}`);
  await page.waitForTimeout(2000); // nothing turns up late
  await expect(page.locator('.alert')).toHaveCount(0);
  expect(page.url()).toBe(url);
});
