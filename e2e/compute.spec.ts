// Compute you can see, as a person meets it: the bill grows while a tiny model trains, this
// device's FLOP/s is measured, the estimator then gives a finite time for GPT-2 XL on this device,
// a bad field says what is wrong, and the training-dynamics chart draws the samples' curve.
import { expect, open, runState, stat, test, TINY } from './playground';

test('the bill moves while training, and the estimator prices GPT-2 XL on this device', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'webgl', evalEvery: '10', sampleEvery: '10', sampleLength: '60', maxSteps: '400' });
  const estimator = page.getByRole('region', { name: 'Cost estimator at scale' });
  await expect(page.getByTestId('estimator-rate')).toContainText('Train a few steps to measure this device');
  const xlDevice = estimator.getByTestId('estimate-GPT-2-XL-trained').locator('td.device-time');
  await expect(xlDevice).toHaveText('train a few steps');
  // The cluster columns need no measurement: 8 × 312 TFLOP/s at 30 % trains GPT-2 XL in ≈ 16 days.
  await expect(estimator.getByTestId('estimate-GPT-2-XL-trained')).toContainText('≈ 16 days');

  const spent = page.getByTestId('bill-spent');
  await expect(spent).toContainText('0 FLOP');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText('Training');
  await expect.poll(() => stat(page, 'step'), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  const first = await spent.innerText();
  await expect.poll(() => stat(page, 'step'), { timeout: 120_000 }).toBeGreaterThanOrEqual(25);
  await expect.poll(() => spent.innerText()).not.toBe(first);
  // One 'this device' figure, named with the run it was measured on.
  await expect(page.getByTestId('bill-rate')).toHaveText(/^[\d.,]+ [kMGT]?FLOP\/s, measured on this run \(step [\d,]+\)$/);
  await expect(page.getByTestId('bill-next')).toContainText(/≈ [\d.,]+/);

  // Measured: GPT-2 XL on this device takes a finite (if enormous) time.
  await expect(page.getByTestId('estimator-rate')).toContainText(/[\d.,]+ [kMGT]?FLOP\/s/);
  await expect(xlDevice).toHaveText(/^≈ [\d.,]+ (thousand |million |billion |trillion )?(years?|days?|hours?|minutes?|seconds?)$/);

  // A bad field gets its message and blanks the columns it feeds.
  await estimator.getByLabel('Utilisation (%)').fill('300');
  await expect(estimator.getByRole('alert')).toHaveText('Utilisation (%) must be between 1 and 100 (you gave 300).');
  await estimator.getByLabel('Utilisation (%)').fill('60');
  await expect(estimator.getByTestId('estimate-GPT-2-XL-trained')).toContainText('≈ 7.9 days');

  // The optional power field: an energy figure, or a clear message.
  const bill = page.getByRole('region', { name: "This run's bill" });
  await bill.getByLabel('Power (W)').fill('-5');
  await expect(bill.getByRole('alert')).toHaveText('Power (W) must be between 1 and 100000 (you gave -5).');
  await bill.getByLabel('Power (W)').fill('60');
  await expect(bill).toContainText(/≈ [\d.,]+ m?Wh at 60 W/);

  // Training dynamics: one point per sample, hover shows the sample.
  const line = page.getByTestId('dynamics-chart').locator('path.plot-line').first();
  await expect.poll(async () => ((await line.getAttribute('d')) ?? '').split(/[LC]/).length, { timeout: 120_000 }).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  await page.screenshot({ path: 'test-results/compute.png', fullPage: true });
});
