// The long run the page ships (public/pretrained/moby-dick/, npm run pretrain): nothing of it is
// fetched until a person asks; then its snapshots load in their own worker, its curve is drawn
// with theirs, and it answers the person's prompt beside their run's columns, same prompt and
// seeds; an example prompt their young run cannot show yet offers the long run's answer.
import { expect, open, stat, test, TINY } from './playground';

const FAST = { ...TINY, backend: 'wasm', evalEvery: '5' };

test('the long run loads only when asked and answers beside the person’s run', async ({ page, watch }) => {
  void watch;
  const longRunRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/pretrained/')) longRunRequests.push(new URL(r.url()).pathname);
  });
  await open(page, FAST);
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThan(10);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeEnabled();
  expect(longRunRequests, 'nothing of the long run before it is asked for').toEqual([]);

  const panel = page.getByRole('region', { name: 'The long run' });
  await panel.getByRole('button', { name: 'Show the long run' }).click();
  const state = panel.getByRole('status', { name: 'Long run state' });
  await expect(state).toHaveText(/step [\d,]+ loaded/, { timeout: 60_000 });
  const snapshot = panel.getByLabel('Snapshot');
  const options = await snapshot.locator('option').allInnerTexts();
  expect(options.length).toBeGreaterThanOrEqual(4);
  expect(options[0]).toMatch(/^step 0 · val loss 4\.\d\d · untrained$/);
  expect(longRunRequests.filter((p) => p.endsWith('.bin'))).toHaveLength(1); // one snapshot, not all of them
  await expect(page.getByRole('figure', { name: 'The long run and yours' })).toBeVisible();

  // An example the young run cannot show yet offers the long run's answer beside its own.
  await page.getByLabel('Max new tokens').fill('60');
  await page.getByRole('group', { name: 'Example prompts' }).getByRole('button', { name: 'A numbered list' }).click();
  const offer = page.getByText(/does not write phrases yet, so it cannot show a list continued as a list/);
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'ask the long run too' }).click();
  const mine = page.getByTestId('completion-text');
  const theirs = page.getByTestId('long-run-text');
  await expect(mine).toHaveCount(3);
  await expect(theirs).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 60_000 });
  await expect.poll(async () => (await theirs.allInnerTexts()).map((t) => [...t].length)).toEqual([60, 60, 60]);
  await expect(page.getByText(/^The same model after /)).toBeVisible();
  await expect(page.getByText(/^Your run after \d+:\d\d of training$/)).toBeVisible(); // "Your run after 0:41 of training" over its own columns
  const first = await theirs.allInnerTexts();

  // Another snapshot answers the same prompt and seeds differently; the same one answers the same again.
  await snapshot.selectOption('0');
  await expect(state).toHaveText('step 0 loaded', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByText(/^The same model untrained/)).toBeVisible();
  await expect.poll(async () => (await theirs.allInnerTexts()).map((t) => [...t].length), { timeout: 60_000 }).toEqual([60, 60, 60]);
  expect(await theirs.allInnerTexts()).not.toEqual(first);
  await snapshot.selectOption(String(await snapshot.locator('option').last().getAttribute('value')));
  await expect(state).toHaveText(/step [\d,]+ loaded/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 60_000 });
  await expect.poll(async () => theirs.allInnerTexts(), { timeout: 60_000 }).toEqual(first);
});
