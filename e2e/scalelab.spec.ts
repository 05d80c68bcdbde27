// The scale lab as a person uses it: a tiny budget on tiny + baby times both, trains both in turn
// (lab runs, WASM for speed), draws two loss-against-compute curves on one log-x chart with a table
// of final losses, gives the person's run back, keeps the curves across a reload, and Clear forgets them.
import { expect, open, test, TINY } from './playground';

const FAST = { ...TINY, backend: 'wasm', sampleLength: '8' };

test('a tiny-budget scale lab on tiny + baby draws two curves on one chart and keeps them', async ({ page, watch }) => {
  void watch;
  // 9e9 FLOPs: tiny 51 steps, baby 2 (its fewest for a line); ~1–2 minutes on WASM, more on a busy machine.
  test.setTimeout(420_000);
  await open(page, FAST);
  const lab = page.getByRole('region', { name: 'Scale lab' });
  await lab.getByRole('checkbox', { name: /small/ }).uncheck();
  await lab.getByLabel('Compute budget (FLOPs)').fill('9e9');
  await lab.getByRole('button', { name: 'Run scale lab' }).click();
  const progress = lab.getByRole('status', { name: 'Scale lab progress' });
  await expect(progress).toContainText('Training tiny (1 of 2)', { timeout: 90_000 }); // after timing each preset
  await expect(progress).toContainText('Training baby (2 of 2)', { timeout: 240_000 });
  await expect(progress).toBeHidden({ timeout: 150_000 });

  const chart = lab.getByRole('figure', { name: 'Loss against compute' });
  await expect(chart.locator('path.recharts-line-curve')).toHaveCount(2);
  await expect(chart.getByText('training compute (FLOPs, log scale)')).toBeVisible();
  const rows = lab.getByRole('table', { name: 'Scale lab runs' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('baby');
  await expect(rows.nth(1)).toContainText('tiny');
  for (const row of await rows.all()) await expect(row.locator('td').nth(4)).toHaveText(/^\d\.\d{3}$/); // a final val loss, done
  // The person's run is back on the page, untrained and ready, as it was before the lab.
  await expect(page.getByRole('status', { name: 'Run state' })).toHaveText('Ready');
  await expect(lab.getByRole('alert')).toHaveText('Done. Your own run is back as it was: Moby Dick, not trained yet.');

  // Kept: after a reload the curves are still there, and Clear forgets them.
  await page.reload();
  await expect(lab.getByRole('figure', { name: 'Loss against compute' }).locator('path.recharts-line-curve')).toHaveCount(2);
  await lab.getByRole('button', { name: 'Clear runs' }).click();
  await expect(lab.getByRole('figure', { name: 'Loss against compute' })).toHaveCount(0);
});

test('the scale lab refuses a budget that is not a number of FLOPs, with a message', async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  const lab = page.getByRole('region', { name: 'Scale lab' });
  await lab.getByLabel('Compute budget (FLOPs)').fill('lots');
  await expect(lab.getByRole('alert')).toContainText('between 1e8 and 1e18');
  await expect(lab.getByRole('button', { name: 'Run scale lab' })).toBeDisabled();
  await lab.getByLabel('Compute budget (FLOPs)').fill('1e9');
  await lab.getByRole('button', { name: 'Run scale lab' }).click();
  await expect(lab.getByRole('alert')).toContainText('does not pay for one training step of baby');
});
