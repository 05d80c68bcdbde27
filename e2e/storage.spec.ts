// Storage a person loses or leaves (issue 18): the page's storage cleared while it trains (what
// DevTools' Clear site data does, through the DevTools Protocol) is noticed, the next save lands
// and the page says so once, and a reload offers the run at its latest save; a reload right after
// a step brings the run back within about a second of training of where it was.
import { expect, open, runState, stat, test, TINY } from './playground';

const FAST = { ...TINY, backend: 'wasm', sampleLength: '8' };

test('storage cleared mid-run comes back: the next save lands, it is said once, and a reload offers the run', async ({ page, watch }) => {
  test.setTimeout(240_000);
  await open(page, FAST);
  await page.getByRole('button', { name: 'Train' }).click();
  const saved = page.getByTestId('stat-saved').locator('dd');
  await expect(saved).toHaveText(/^step \d+$/, { timeout: 60_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  const notice = page.getByRole('status').filter({ hasText: "The browser cleared this page's storage" });
  await expect(notice).toHaveCount(1, { timeout: 120_000 }); // said when the next save landed
  await expect(notice).toContainText(/saving again from step [\d,]+\./);
  const afterClear = Number((await saved.innerText()).replace(/\D/g, ''));
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const pausedAt = await stat(page, 'step');
  await expect(saved).toHaveText(`step ${pausedAt}`);
  expect(pausedAt).toBeGreaterThanOrEqual(afterClear);
  await expect(page.getByRole('table', { name: 'Saved runs' }).getByRole('row').filter({ hasText: 'on the page' })).toContainText(
    `${pausedAt} of`,
  );
  await expect(notice).toHaveCount(1); // once

  await page.reload();
  const offer = page.getByRole('region', { name: 'Resume your run' });
  await expect(offer).toContainText(`step ${pausedAt} of`, { timeout: 60_000 });
  // Clearing storage force-closes the open IndexedDB connection: when a transaction was in flight,
  // Chromium says so in the console (about 1 run in 10 here). The page's reaction is tested above.
  const kept = watch.consoleErrors.filter((e) => e !== 'Connection is closing because of: Force close delete origin');
  watch.consoleErrors.splice(0, watch.consoleErrors.length, ...kept);
});

test('a reload right after a step brings the run back within about a second of training', async ({ page, watch }) => {
  void watch;
  test.setTimeout(240_000);
  await open(page, FAST);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(300);
  // Steps per second now, from the status line, and the step the page shows just before the reload.
  const rate = await page.evaluate(async () => {
    const step = () => Number(document.querySelector('[data-testid="stat-step"] dd')!.textContent!.replace(/,/g, ''));
    const [s0, t0] = [step(), performance.now()];
    await new Promise((r) => setTimeout(r, 3000));
    return (step() - s0) / ((performance.now() - t0) / 1000);
  });
  const before = await stat(page, 'step');
  await page.reload();
  const offer = page.getByRole('region', { name: 'Resume your run' });
  await expect(offer).toBeVisible({ timeout: 60_000 });
  const back = Number(/step ([\d,]+) of/.exec(await offer.innerText())![1].replace(/,/g, ''));
  // Within about one second of training (the page's step lags the worker's by up to a read-out: hence the margin).
  test.info().annotations.push({ type: 'reload', description: `shown ${before}, back ${back}, ${rate.toFixed(0)} steps/s` });
  expect(back).toBeGreaterThanOrEqual(before - 1.5 * rate);
  await offer.getByRole('button', { name: 'Resume that run' }).click();
  await expect.poll(() => stat(page, 'step')).toBe(back);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(back);
});
