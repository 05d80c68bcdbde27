// A run survives a reload, as a person meets it: train, pause (which saves), reload, and the page
// offers the run back; resuming restores its step, charts and samples, and training goes on.
import { expect, open, runState, stat, test, TINY } from './playground';

test('after a reload the last run is offered, restored at its step with its charts, and trains on', async ({ page, watch }) => {
  void watch;
  const params = { ...TINY, backend: 'cpu', evalEvery: '5', sampleEvery: '10', sampleLength: '20' };
  await open(page, params);
  await expect(page.getByRole('region', { name: 'Resume your run' })).toHaveCount(0); // nothing saved yet
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThanOrEqual(12);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const pausedAt = await stat(page, 'step');
  await expect(page.getByTestId('stat-saved').locator('dd')).toHaveText(`step ${pausedAt}`);
  const valLoss = await stat(page, 'val loss');

  await page.reload();
  const offer = page.getByRole('region', { name: 'Resume your run' });
  await expect(offer).toContainText(`step ${pausedAt} of`);
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 60_000 });
  expect(await stat(page, 'step')).toBe(0); // a fresh run until the person answers
  await offer.getByRole('button', { name: 'Resume that run' }).click();

  await expect(runState(page)).toHaveText('Paused');
  await expect.poll(() => stat(page, 'step')).toBe(pausedAt);
  expect(await stat(page, 'val loss')).toBe(valLoss);
  await expect(offer).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Samples during training' })).toContainText('step 10');
  const lossLine = page.getByRole('figure', { name: 'Loss' }).locator('path.recharts-line-curve').first();
  await expect.poll(async () => ((await lossLine.getAttribute('d')) ?? '').split(/[LC]/).length).toBeGreaterThan(5);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(pausedAt + 2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
});

test('Start fresh keeps the saved run and trains a new one', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('stat-saved').locator('dd')).toHaveText(/^step \d+$/);
  await page.reload();
  await page.getByRole('region', { name: 'Resume your run' }).getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByRole('region', { name: 'Resume your run' })).toHaveCount(0);
  expect(await stat(page, 'step')).toBe(0);
});
