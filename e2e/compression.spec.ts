// Pre-training is compression, as a person meets it in the real page (WASM, the tiny preset, so
// the run takes seconds): after a short run on Moby Dick the line above the charts gives the
// model's bits per character and gzip's and the step it passed gzip (or says it has not yet), and
// the loss chart switches to bits per character with gzip drawn on it; a paragraph compresses to a
// file smaller than gzip's, which downloads and, uploaded again through the file picker,
// decompresses to the identical text. Refused with a message that says what to do: a file that is
// not ours, a file cut short, a file from another run (after Reset; loading that run decompresses
// it), a text over the limit.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, open, runState, stat, test } from './playground';

/** From "The Symphony" (chapter 132): in the validation part of the book, never trained on. */
const PARAGRAPH =
  'Slowly crossing the deck from the scuttle, Ahab leaned over the side and watched how his shadow in the water sank and sank to his gaze, the more and the more that he strove to pierce the profundity. But the lovely aromas in that enchanted air did at last seem to dispel, for a moment, the cankerous thing in his soul. That glad, happy air, that winsome sky, did at last stroke and caress him; the step-mother world, so long cruel—forbidding—now threw affectionate arms round his stubborn neck, and did seem to joyously sob over him, as if over one, that however wilful and erring, she could yet find it in her heart to save and to bless. From beneath his slouched hat Ahab dropped a tear into the sea; nor did all the Pacific contain such wealth as that one wee drop.';
const STEPS = 800;

const panel = (page: Page) => page.getByRole('region', { name: 'Compress with the model' });
const bytesIn = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).match(/^([\d,]+) bytes/)![1].replace(/,/g, ''));

/** Chooses a file through Decompress…'s file picker, as a person would. */
async function decompress(page: Page, file: { name: string; buffer: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), panel(page).getByRole('button', { name: 'Decompress…' }).click()]);
  await chooser.setFiles({ ...file, mimeType: 'application/octet-stream' });
}

test('the model against gzip on the chart; a paragraph compressed below gzip and restored identical', async ({ page, watch }) => {
  void watch;
  await open(page, { preset: 'tiny', backend: 'wasm', maxSteps: String(STEPS), evalEvery: '100', sampleEvery: '400' });
  const line = page.getByRole('status', { name: 'Model against gzip' });
  await expect(line).toContainText(/^gzip stores the validation text of Moby Dick in \d\.\d\d bits per character/);

  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText(`Done: ${STEPS} steps`, { timeout: 150_000 });
  const said =
    /Your model now stores Moby Dick in (\d\.\d\d) bits per character \(step 800\); gzip needs (\d\.\d\d).*The model (passed gzip at step (\d+)|has not passed gzip yet)/;
  await expect(line).toHaveText(said);
  const [, model, gzip, , since] = (await line.innerText()).match(said)!;
  if (Number(model) < Number(gzip)) expect(Number(since) % 100).toBe(0);
  else expect(since).toBeUndefined();

  // The loss chart in bits per character, gzip's line on it.
  await page.getByRole('group', { name: 'Loss chart units' }).getByRole('button', { name: 'bits per character' }).click();
  const loss = page.getByRole('figure', { name: 'Loss', exact: true });
  await expect(loss).toContainText('Bits per character of the validation text');
  await expect(loss.locator('.legend')).toContainText(`gzip ${gzip}`);
  await expect(loss.locator('svg').getByText(/^gzip(, deflate)?$/)).toBeVisible(); // the line's label (once for both when equal)

  // A paragraph, compressed with the model: smaller than gzip's file of it.
  await panel(page).getByLabel('Text to compress').fill(PARAGRAPH);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel(page).getByRole('button', { name: 'Compress', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`moby-dick-step${STEPS}.ppac`);
  const file = readFileSync((await download.path())!);
  expect(file.subarray(0, 4).toString('latin1')).toBe('PPAC');
  expect(file.length).toBe(await bytesIn(page, 'model-bytes'));
  expect(file.length).toBeLessThan(await bytesIn(page, 'gzip-bytes'));
  await expect(panel(page)).toContainText('% smaller than gzip');

  // Back through the file picker: the identical text.
  await decompress(page, { name: download.suggestedFilename(), buffer: file });
  await expect(panel(page).getByText('identical to the text you compressed.')).toBeVisible();
  await panel(page).getByText('The restored text').click();
  await expect(panel(page).locator('pre.restored')).toHaveText(PARAGRAPH);

  // Files that cannot be decompressed, each with a message saying what to do.
  const refusal = panel(page).getByRole('alert');
  await decompress(page, { name: 'notes.ppac', buffer: Buffer.from('just some notes') });
  await expect(refusal).toHaveText(/^This is not a file compressed by this page .*Choose a \.ppac file made with Compress\.$/);
  await decompress(page, { name: 'cut.ppac', buffer: file.subarray(0, file.length - 9) });
  await expect(refusal).toHaveText(/^This file is cut short: its header promises \d+ bytes of code and it holds \d+\./);

  // After Reset the weights are new: the file names the run that can read it, and that run does.
  await page.getByRole('toolbar', { name: 'Run controls' }).getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await expect(runState(page)).toHaveText('Ready');
  await decompress(page, { name: 'again.ppac', buffer: file });
  await expect(refusal).toHaveText(
    `This file was compressed by another run (Moby Dick, at step ${STEPS}). Load that run in Saved runs and decompress again.`,
  );
  await page.getByRole('button', { name: `Load Moby Dick at step ${STEPS}` }).click();
  await expect.poll(() => stat(page, 'step')).toBe(STEPS);
  await decompress(page, { name: 'again.ppac', buffer: file });
  await expect(panel(page).getByText('identical to the text you compressed.')).toBeVisible();
  await expect(refusal).toHaveCount(0);

  // A text over the limit is named, and Compress stays off.
  await panel(page).getByLabel('Text to compress').fill('a'.repeat(20_001));
  await expect(panel(page)).toContainText('This text has 20,001 characters; Compress takes at most 20,000. Compress a part of it.');
  await expect(panel(page).getByRole('button', { name: 'Compress', exact: true })).toBeDisabled();
});
