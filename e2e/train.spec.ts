// Training as a person does it: Train on WebGPU, watch the numbers and charts move, pause,
// prompt the paused model, resume, and reset. And on a fallback backend, the model learns.
import { expect, open, runState, stat, test, TINY } from './playground';

test('trains on WebGPU: steps advance, charts draw, pause freezes, generate streams, reset asks', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'webgpu', evalEvery: '5', sampleEvery: '10', sampleLength: '20' });
  await expect(page.getByRole('region', { name: 'Backend' })).toContainText('WebGPU');
  await expect(page.getByRole('region', { name: 'Backend' })).toContainText('software WebGPU adapter'); // SwiftShader here
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText('Training');
  await expect.poll(() => stat(page, 'step'), { timeout: 120_000 }).toBeGreaterThanOrEqual(6);
  // Charts: the loss chart has drawn a line through several points.
  const lossLine = page.getByRole('figure', { name: 'Loss' }).locator('path.plot-line').first();
  await expect.poll(async () => ((await lossLine.getAttribute('d')) ?? '').split(/[LC]/).length).toBeGreaterThan(3);
  expect(await stat(page, 'val loss')).toBeGreaterThan(0);
  await expect(page.getByRole('region', { name: 'Samples during training' })).toContainText('step 0');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const pausedAt = await stat(page, 'step');
  await page.waitForTimeout(3000);
  expect(await stat(page, 'step')).toBe(pausedAt);

  // Generate while paused: the completion grows token by token.
  await page.getByLabel('Completions', { exact: true }).fill('1');
  await page.getByLabel('Max new tokens').fill('60');
  await page.getByRole('button', { name: 'Generate' }).click();
  const completion = page.getByTestId('completion-text');
  await expect.poll(async () => (await completion.innerText()).length).toBeGreaterThan(0);
  const partial = (await completion.innerText()).length;
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  expect(partial).toBeLessThan(60);
  expect((await completion.innerText()).length).toBe(60);
  expect(await stat(page, 'step')).toBe(pausedAt);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(pausedAt);

  await page.getByRole('button', { name: 'Reset' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    /^Reset starts a fresh model: the run trained so far (stays in Saved runs at step [\d,]+; the steps since \([\d,]+ so far\) are lost|\([\d,]+ steps and counting\) is not saved, so it is discarded)\. Continue\?/,
  );
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await expect(runState(page)).toHaveText('Ready');
  expect(await stat(page, 'step')).toBe(0);
});

test('on a fallback backend the validation loss falls below its first value', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'webgl', lr: '0.01', warmupSteps: '5', maxSteps: '60', evalEvery: '20', sampleEvery: '1000' });
  await expect(page.getByRole('region', { name: 'Backend' })).toContainText('WebGL · as the settings or link asked');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'val loss')).toBeGreaterThan(0);
  const first = await stat(page, 'val loss');
  expect(Math.abs(first - Math.log(89))).toBeLessThan(0.15); // random guessing at step 0
  await expect(runState(page)).toHaveText(/Done/, { timeout: 150_000 });
  expect(await stat(page, 'val loss')).toBeLessThan(first - 0.3);
});

test('the same seed and settings give the same first loss and the same first sample', async ({ page, watch }) => {
  void watch;
  const params = { ...TINY, backend: 'cpu', maxSteps: '1', evalEvery: '1', sampleLength: '40' };
  const firstRun = async () => {
    await open(page, params);
    await page.getByRole('button', { name: 'Train' }).click();
    await expect(runState(page)).toHaveText(/Done/);
    const sample = await page.getByRole('region', { name: 'Samples during training' }).locator('pre').last().innerText();
    return { sample, trainLoss: await stat(page, 'train loss') };
  };
  const a = await firstRun();
  const b = await firstRun();
  expect(a.sample.length).toBeGreaterThan(30);
  expect(b).toEqual(a);
});
