// Talking to the base model as a person would: several completions side by side, the next-token
// bars (clicking one appends it), surprise colouring, and the few-shot lab's curve after a short
// run on a lab task.
import { expect, open, runState, stat, test, TINY } from './playground';

const FAST = { ...TINY, backend: 'wasm' };

test('three completions stream side by side, Escape stops, the same seed writes the same text', async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  await page.getByLabel('Max new tokens').fill('40');
  const prompt = page.getByLabel('Prompt', { exact: true });
  await prompt.fill('The whale ');
  await prompt.press('Control+Enter');
  const columns = page.getByTestId('completion-text');
  await expect(columns).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();
  const first = await columns.allInnerTexts();
  expect(first.every((t) => [...t].length === 40)).toBe(true);
  expect(new Set(first).size).toBe(3); // three seeds, three texts
  await expect(page.getByText(/tokens\/s/).first()).toBeVisible();

  await prompt.press('Control+Enter');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();
  expect(await columns.allInnerTexts()).toEqual(first);

  await page.getByLabel('Max new tokens').fill('2000');
  await prompt.press('Control+Enter');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await prompt.press('Escape');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();
  expect((await columns.first().innerText()).length).toBeLessThan(2000);
});

test("the next-token bars show the model's expectations; clicking one appends it to the prompt", async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  const prompt = page.getByLabel('Prompt', { exact: true });
  await prompt.fill('Call me Ishmael');
  const panel = page.getByRole('region', { name: 'Next token' });
  const bars = panel.getByRole('button');
  await expect(bars).toHaveCount(10);
  await expect(panel.getByText('other')).toBeVisible();
  const label = await bars.first().locator('code').innerText();
  await bars.first().click();
  const appended = label.replace('␣', ' ').replace('↵', '\n');
  await expect(prompt).toHaveValue(`Call me Ishmael${appended}`);
  const surprise = page.getByRole('region', { name: 'Surprise' });
  await expect(surprise.locator('.scored')).toHaveCount(16);
  await expect(surprise).toContainText('nats/character');
});

test('the few-shot lab trains a lab task and draws its few-shot curve with chance', async ({ page, watch }) => {
  void watch;
  await open(page, FAST);
  await page.getByLabel('Text to learn').selectOption('copy');
  const lab = page.getByRole('region', { name: 'Few-shot lab' });
  await expect(lab).toContainText('Few-shot lab: Copy with a hidden separator');
  await expect(page.getByRole('region', { name: 'Model', exact: true })).toContainText('2 layers');
  // Choosing a task trains it at once.
  await expect.poll(() => stat(page, 'step'), { timeout: 120_000 }).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  await lab.getByRole('button', { name: 'Measure few-shot accuracy' }).click();
  const curve = lab.getByRole('figure', { name: 'Few-shot curve' });
  await expect(curve).toContainText('95% interval', { timeout: 120_000 });
  await expect(curve.locator('path.recharts-line-curve')).toHaveCount(1);
  await expect(curve.getByText('chance')).toBeVisible();
  // The in-context score is charted at each evaluation. A chart off screen skips its redraws
  // (useOnScreen), and the lab's button scrolled the page: bring the chart into view, as a person would.
  const inContext = page.getByRole('figure', { name: 'In-context learning' });
  await inContext.scrollIntoViewIfNeeded();
  await expect(inContext.locator('.plot-dots circle').first()).toBeVisible();
});
