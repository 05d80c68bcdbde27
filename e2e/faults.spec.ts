// Faults on purpose (fault=… in the URL, README "Faults on purpose"), each met as a person would:
// the page says what happened and what it cost, and training goes on. Also: a second tab of the
// page trains unsaved, and an exported model comes back by import while a broken file changes
// nothing.
import { readFileSync } from 'node:fs';
import { expect, open, runState, stat, test, TINY } from './playground';
import type { Page } from '@playwright/test';

const notices = (page: Page) => page.locator('.alert.notice');

async function trainPast(page: Page, step: number): Promise<void> {
  await expect.poll(() => stat(page, 'step'), { timeout: 90_000 }).toBeGreaterThan(step);
}

test('non-finite steps are skipped, and three in a row send the run back to its last save', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu', fault: 'nan@80x3' }); // far enough that Pause lands before it
  await page.getByRole('button', { name: 'Train' }).click();
  await trainPast(page, 2);
  await page.getByRole('button', { name: 'Pause' }).click(); // saves
  await expect(runState(page)).toHaveText('Paused');
  const savedAt = await stat(page, 'step');
  expect(savedAt).toBeLessThan(80);
  await expect(page.getByTestId('stat-saved').locator('dd')).toHaveText(`step ${savedAt}`);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(notices(page).filter({ hasText: 'not finite' }).first()).toBeVisible({ timeout: 90_000 });
  await expect(notices(page).last()).toContainText(`The run went back to its save at step ${savedAt}`);
  await expect(notices(page).last()).toContainText('at half the learning rate for 100 steps');
  await expect(runState(page)).toHaveText('Training');
  await trainPast(page, 84);
});

test('a lost WebGPU device: a new device, the run back from its last save, training on', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'webgpu', fault: 'device-lost@3' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(notices(page).first()).toContainText('The GPU device was lost', { timeout: 120_000 });
  await expect(notices(page).first()).toContainText(
    /WebGPU started again on a new device, and the run went back to (the start|its save at step \d+)/,
  );
  await expect(runState(page)).toHaveText('Training');
  await trainPast(page, 4);
});

test('a crashed worker: a new one, the run back from its last save, training on', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu', fault: 'worker-crash@30' });
  await page.getByRole('button', { name: 'Train' }).click();
  await trainPast(page, 2);
  await page.getByRole('button', { name: 'Pause' }).click(); // saves
  await expect(runState(page)).toHaveText('Paused');
  const savedAt = await stat(page, 'step');
  await expect(page.getByTestId('stat-saved').locator('dd')).toHaveText(`step ${savedAt}`);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(notices(page).first()).toContainText('The training worker crashed', { timeout: 90_000 });
  await expect(notices(page).first()).toContainText(`A new one was started and the run went back to its save at step ${savedAt}`);
  await expect(runState(page)).toHaveText('Training', { timeout: 60_000 });
  await trainPast(page, 31);
});

test('a second tab trains unsaved and says why', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu' });
  const second = await page.context().newPage();
  await open(second, { ...TINY, backend: 'cpu' });
  await expect(second.getByRole('status').filter({ hasText: 'open in another tab' })).toBeVisible();
  await expect(page.getByText('open in another tab')).toHaveCount(0);
  await second.close();
});

test('an exported model comes back by import; a broken file is refused and changes nothing', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu' });
  await page.getByRole('button', { name: 'Train' }).click();
  await trainPast(page, 8);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const step = await stat(page, 'step');
  const panel = page.getByRole('region', { name: 'Saved runs and export' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
  ]);
  const bytes = readFileSync((await download.path())!);

  await page.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => stat(page, 'step')).toBe(0);
  const input = panel.getByLabel('Model file to import');
  await input.setInputFiles({ name: 'half.safetensors', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 200) });
  await expect(page.getByRole('alert').filter({ hasText: 'half.safetensors cannot be imported' })).toBeVisible();
  expect(await stat(page, 'step')).toBe(0);

  await input.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: bytes });
  await expect.poll(() => stat(page, 'step')).toBe(step);
  await expect(runState(page)).toHaveText('Paused');
  await expect(notices(page).last()).toContainText(`Imported ${download.suggestedFilename()}`);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await trainPast(page, step + 2);
});
