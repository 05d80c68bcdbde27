// Export for Hugging Face, as a person does it: train a little, pause, click the button, and the
// downloaded zip is a folder transformers loads as GPT-2 (checked in Node by
// src/model/huggingfaceReader.ts: config, GPT2LMHeadModel's names and shapes, tokenizer files),
// holding the very weights of the page's .safetensors export, with a tokenizer that encodes as the
// page does and a card that says what the run was.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, open, runState, stat, test, TINY } from './playground';
import { checkHuggingFaceFolder, unzipFolder } from '../src/model/huggingfaceReader';
import { gpt2TokenizerEncode, tokenizersEncode } from '../src/model/huggingfaceEncode';
import { decodeSafetensors } from '../src/model/safetensors';
import { bpeFromMerges } from '../src/data/bpe';

const mobyDick = readFileSync(new URL('../public/corpus/moby-dick.txt', import.meta.url), 'utf8');

/** Trains past `steps`, pauses, and downloads both model exports. */
async function trainAndExport(page: Page, steps: number) {
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 90_000 }).toBeGreaterThanOrEqual(steps);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const step = await stat(page, 'step');
  const panel = page.getByRole('region', { name: 'Saved runs and export' });
  const download = async (name: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name }).click()]);
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
  };
  const hub = await download('Export for Hugging Face');
  const own = await download('Export model (.safetensors)');
  return { step, hub, own };
}

/** The zip's folder, checked; its weights must be the .safetensors export's, bit for bit. */
function checkedFolder(hub: { name: string; bytes: Buffer }, own: { bytes: Buffer }, step: number) {
  const folder = unzipFolder(new Uint8Array(hub.bytes));
  expect(folder.name).toBe(`moby-dick-step${step}-hf`);
  const report = checkHuggingFaceFolder(folder.files);
  expect(report.problems).toEqual([]);
  const ours = decodeSafetensors(new Uint8Array(own.bytes));
  if (!ours.ok) throw new Error(ours.message);
  expect(report.tensors.map((t) => t.name).sort()).toEqual(ours.tensors.map((t) => `transformer.${t.name}`).sort());
  for (const t of ours.tensors) expect(report.tensors.find((h) => h.name === `transformer.${t.name}`)!.data).toEqual(t.data);
  expect(report.metadata.step).toBe(String(step));
  const card = report.text['README.md'];
  expect(card).toContain('**Moby Dick**');
  expect(card).toMatch(new RegExp(`\\| Steps \\| ${step} of 5,000, batch 4 × 32 tokens \\|`));
  expect(card).toMatch(/\| Validation loss \| \d\.\d{4} nats\/token/);
  expect(card).toMatch(/\(http:\/\/127\.0\.0\.1:\d+\/\?[^)]*nLayer=1[^)]*\)/);
  const check = JSON.parse(report.text['playground_logits.json']) as { prompt: string; ids: number[]; logits: number[] };
  expect(check.logits).toHaveLength(Number(report.config.vocab_size));
  return { report, check };
}

test('Export for Hugging Face: a character model as a GPT-2 folder with its tokenizer.json', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu' });
  const { step, hub, own } = await trainAndExport(page, 4);
  expect(hub.name).toBe(`moby-dick-step${step}-hf.zip`);
  expect(own.name).toBe(`moby-dick-step${step}.safetensors`);
  const { report, check } = checkedFolder(hub, own, step);
  expect(report.config).toMatchObject({ model_type: 'gpt2', vocab_size: 89, n_positions: 32, n_embd: 32, n_layer: 1, n_head: 2 });
  expect(report.tensors.find((t) => t.name === 'transformer.h.0.attn.c_attn.weight')?.shape).toEqual([32, 96]);
  expect(Object.keys(report.text).sort()).toEqual(
    ['README.md', 'config.json', 'generation_config.json', 'playground_logits.json', 'tokenizer.json', 'tokenizer_config.json'].sort(),
  );
  expect(tokenizersEncode(report.text['tokenizer.json'], check.prompt)).toEqual(check.ids); // the page's own ids
});

test('Export for Hugging Face: a BPE model carries GPT-2 vocab.json and merges.txt that encode as the page', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'cpu' });
  await page.getByLabel('BPE vocabulary').fill('400');
  await page.getByLabel('Tokenizer', { exact: true }).selectOption('bpe');
  await expect(page.getByText('400 tokens (byte-level BPE)')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled({ timeout: 90_000 });
  const { step, hub, own } = await trainAndExport(page, 3);
  const { report, check } = checkedFolder(hub, own, step);
  expect(report.config.vocab_size).toBe(400);
  const { 'vocab.json': vocab, 'merges.txt': merges, 'tokenizer.json': tokenizer } = report.text;
  expect(gpt2TokenizerEncode(vocab, merges, check.prompt)).toEqual(check.ids);
  // On a whole chapter: GPT2Tokenizer and tokenizers give what the page's tokenizer (its merges, from the file) gives.
  const pageTokenizer = bpeFromMerges((JSON.parse(report.metadata.tokenizer) as { merges: [number, number][] }).merges);
  const chapter = mobyDick.slice(30_000, 60_000);
  expect(gpt2TokenizerEncode(vocab, merges, chapter)).toEqual(pageTokenizer.encode(chapter).ids);
  expect(tokenizersEncode(tokenizer, chapter)).toEqual(pageTokenizer.encode(chapter).ids);
  expect(JSON.parse(report.text['tokenizer_config.json'])).toMatchObject({ tokenizer_class: 'GPT2Tokenizer', unk_token: null });
});
