// Pause answers within one training step, also while a progress sample is being written: the
// sample is kept as far as it got, marked as cut, and Resume continues from the same step.
import { expect, open, runState, stat, test, TINY } from './playground';

/** A sample of 2000 tokens takes many seconds on WebGL here: Pause must not wait for it. */
const PARAMS = { ...TINY, backend: 'webgl', sampleEvery: '10', sampleLength: '2000', evalEvery: '1000', maxSteps: '1000' };
const fast = { intervals: [50] };

test('Pause while a progress sample is written stops the step counter at once; Resume continues', async ({ page, watch }) => {
  void watch;
  await open(page, PARAMS);
  const samples = page.getByRole('region', { name: 'Samples during training' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText(/^Starting|^Training/); // 'Starting' until the first steps are measured
  // The evaluation at step 0 is in: the sample at step 0 is being written now.
  await expect.poll(() => stat(page, 'val loss')).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused', { timeout: 5_000 });
  expect(await stat(page, 'step')).toBe(0);
  await expect(samples.getByText('(cut short)')).toBeVisible();

  await page.getByRole('button', { name: 'Resume' }).click();
  // Step 10's sample stops the counter at 10 while it is written: pause there.
  await expect.poll(() => stat(page, 'step'), { ...fast, timeout: 120_000 }).toBeGreaterThanOrEqual(10);
  const clickedAt = await stat(page, 'step');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused', { timeout: 5_000 });
  const pausedAt = await stat(page, 'step');
  expect(pausedAt - clickedAt).toBeLessThanOrEqual(1);
  await page.waitForTimeout(1500);
  expect(await stat(page, 'step')).toBe(pausedAt);
  await expect(samples.getByText('step 10')).toBeVisible();

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(pausedAt);
});
