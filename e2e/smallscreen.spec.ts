// A phone (360 × 740) and a small tablet (420): the document is never wider than the window, on
// load, while training, with the saved runs listed and after a resize; the sticky run bar stays two
// short rows; Load and Delete stay in view; the keyboard's focus follows Train to Pause; every chart
// that takes the focus is named (issue 22).
import type { Page } from '@playwright/test';
import { expect, open, runState, stat, test, TINY } from './playground';

test.use({ viewport: { width: 360, height: 740 } });

/** How much wider than the window the document is (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('at 360 px nothing scrolls sideways: on load, while training, with saved runs, after a resize', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'wasm', evalEvery: '20' });
  expect(await overflow(page), 'on load').toBe(0);
  const bar = page.locator('.run-bar');
  expect((await bar.boundingBox())!.height, 'run bar on load').toBeLessThanOrEqual(82);

  const train = page.getByRole('button', { name: 'Train' });
  await train.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeFocused();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(40);
  expect(await overflow(page), 'while training').toBe(0);
  expect((await bar.boundingBox())!.height, 'run bar while training').toBeLessThanOrEqual(82);
  await expect(runState(page)).toBeInViewport();

  await page.keyboard.press('Enter'); // Pause, where the focus now is
  await expect(runState(page)).toHaveText('Paused');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeFocused();
  const saved = page.getByRole('table', { name: 'Saved runs' });
  await expect(saved.getByRole('button', { name: /^Load / })).toHaveCount(1);
  expect(await overflow(page), 'with saved runs').toBe(0);
  for (const button of [saved.getByRole('button', { name: /^Load / }), saved.getByRole('button', { name: /^Delete / })]) {
    await button.scrollIntoViewIfNeeded();
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
  }

  for (const [width, height] of [
    [1400, 900],
    [420, 800],
    [360, 740],
  ]) {
    await page.setViewportSize({ width, height });
    await expect.poll(() => overflow(page), { message: `after a resize to ${width} px` }).toBe(0);
  }
});

test('at 420 px on load nothing scrolls sideways, and every chart that takes the focus is named', async ({ page, watch }) => {
  void watch;
  await page.setViewportSize({ width: 420, height: 800 });
  await open(page, { ...TINY, backend: 'wasm' });
  expect(await overflow(page)).toBe(0);
  const charts = page.locator('svg.recharts-surface[tabindex], svg.plot-surface[tabindex]');
  await expect.poll(() => charts.count()).toBeGreaterThan(2);
  for (const chart of await charts.all()) await expect(chart).toHaveAttribute('aria-label', /chart: arrow keys read its points$/);
});
