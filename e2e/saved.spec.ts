// A run survives a reload, as a person meets it: train, pause (which saves), reload, and the page
// offers the run back; resuming restores its step, charts and samples, and training goes on.
import { readFileSync } from 'node:fs';
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
  const lossLine = page.getByRole('figure', { name: 'Loss' }).locator('path.plot-line').first();
  await expect.poll(async () => ((await lossLine.getAttribute('d')) ?? '').split(/[LC]/).length).toBeGreaterThan(5);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(pausedAt + 2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const step = await stat(page, 'step');

  // Export: a .safetensors file whose header names GPT-2's parameters and carries the run.
  const panel = page.getByRole('region', { name: 'Saved runs and export' });
  const [model] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
  ]);
  expect(model.suggestedFilename()).toBe(`moby-dick-step${step}.safetensors`);
  const bytes = readFileSync((await model.path())!);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { shape?: number[] }> & {
    __metadata__: Record<string, string>;
  };
  expect(header['wte.weight'].shape).toEqual([89, 32]);
  expect(header['h.0.attn.c_attn.weight'].shape).toEqual([32, 96]);
  expect(header.__metadata__.step).toBe(String(step));
  const [metrics] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export metrics (.json)' }).click(),
  ]);
  const run = JSON.parse(readFileSync((await metrics.path())!, 'utf8')) as { step: number; points: { step: number }[] };
  expect(run.step).toBe(step);
  expect(run.points.at(-1)!.step).toBe(step - 1);
  // The saved-runs list has this run, resumable.
  await expect(panel.getByRole('row').filter({ has: page.getByRole('button', { name: /^Load / }) })).toHaveCount(1);
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
