// The Hugging Face export computes in PyTorch what tfjs computed: scripts/check_hf_export.py loads
// the folder (with transformers where it is installed, else with its stand-ins for GPT2Tokenizer
// and GPT2LMHeadModel's forward) and must give the page's prompt ids, and next-token logits within
// 1e-4 of tfjs's and of load_in_pytorch.py's; a folder saved by transformers itself (no run in its
// metadata) still loads in load_in_pytorch.py, its tokenizer rebuilt from vocab.json and merges.txt.
// Skipped, saying so, where python3 has no torch.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPrompt, huggingFaceFolder, zipFolder } from './huggingfaceExport';
import { createGPT, forward } from './gpt';
import { paramSpecs, sizeOf, type GPTConfig } from './config';
import { assignVariables, type NamedArrays } from './weights';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { trainBpe } from '../data/bpe';
import { buildCharTokenizer } from '../data/charTokenizer';
import { normaliseText } from '../data/corpus';
import { createRng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import { DEFAULT_SETTINGS } from '../protocol/settings';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../scripts/check_hf_export.py', import.meta.url));
const LOAD_SCRIPT = fileURLToPath(new URL('../../scripts/load_in_pytorch.py', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const TOLERANCE = 1e-4;
const text = normaliseText(readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8').slice(20_000, 60_000));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Weights far from init, so a swapped q/k, a missed transpose or the erf GELU shows (as pytorchParity.test.ts). */
function broadWeights(config: GPTConfig, seed: number): NamedArrays {
  const rng = createRng(seed);
  const out: NamedArrays = {};
  for (const { name, shape, init } of paramSpecs(config)) {
    const [mean, std] = init === 'ones' ? [1, 0.2] : init === 'zeros' ? [0, 0.1] : [0, 0.3];
    out[name] = Float32Array.from({ length: sizeOf(shape) }, () => mean + std * rng.normal());
  }
  return out;
}

interface Report {
  transformers: boolean;
  idsMatch: boolean;
  maxDiffPage: number;
  maxDiffReference: number;
  failures: string[];
}

/** A broad-weights model's Hugging Face folder with `tokenizer`, and tfjs's next-token logits after its prompt. */
function exportedFolder(tokenizer: Tokenizer) {
  const shape = { blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 32 };
  const config: GPTConfig = { vocabSize: tokenizer.vocabSize, ...shape };
  const weights = broadWeights(config, 99);
  const model = createGPT(config, createRng(1));
  assignVariables(model.params, weights);
  const { prompt, ids } = checkPrompt(text, tokenizer, 32);
  const idx = tf.tensor2d(ids, [1, ids.length], 'int32');
  const all = forward(model, idx);
  const logits = Float32Array.from(all.dataSync().slice((ids.length - 1) * config.vocabSize)); // a test: one read
  tf.dispose([idx, all]);
  model.dispose();
  const settings = { ...DEFAULT_SETTINGS, preset: 'tiny' as const, ...shape };
  const card = {
    folderName: 'x-hf',
    textName: 'x',
    textFiles: ['x'],
    characters: 1,
    trainTokens: 1,
    valTokens: 1,
    valLoss: null,
    link: null,
  };
  const files = huggingFaceFolder({
    config,
    weights,
    tokenizer: tokenizer.spec(),
    settings,
    step: 7,
    card,
    check: { prompt, ids, logits },
  });
  return { files, prompt, ids, logits };
}

/** Exports a broad-weights model with `tokenizer`, as a zip or a folder, runs the check on it, and returns its report. */
function check(tokenizer: Tokenizer, asZip: boolean): Report {
  const { files } = exportedFolder(tokenizer);
  const dir = mkdtempSync(join(tmpdir(), 'hf-parity-'));
  try {
    let target = join(dir, 'x-hf.zip');
    if (asZip) writeFileSync(target, zipFolder('x-hf', files));
    else {
      target = join(dir, 'x-hf');
      mkdirSync(target);
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(target, name), bytes);
    }
    const out = join(dir, 'report.json');
    const run = spawnSync(PYTHON, [SCRIPT, target, '--json', out], { encoding: 'utf8', timeout: 240_000 });
    console.log(run.stdout);
    if (!existsSync(out)) throw new Error(`check_hf_export.py wrote no report (${run.status}):\n${run.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasTorch)(`check_hf_export.py${hasTorch ? '' : ` — skipped: ${PYTHON} cannot import torch`}`, () => {
  it('gives the page’s ids and logits for a character model (zip)', async () => {
    const report = check(buildCharTokenizer(text), true);
    expect(report.failures).toEqual([]);
    expect(report.idsMatch).toBe(true);
    expect(report.maxDiffPage).toBeLessThan(TOLERANCE);
    expect(report.maxDiffReference).toBeLessThan(TOLERANCE);
  });

  it('gives the page’s ids and logits for a byte-level BPE model (folder)', async () => {
    const report = check(trainBpe(text, 600), false);
    expect(report.failures).toEqual([]);
    expect(report.idsMatch).toBe(true);
    expect(report.maxDiffPage).toBeLessThan(TOLERANCE);
  });

  it('load_in_pytorch.py reads a folder that holds no run (as transformers saves one), prompting a BPE model with text', () => {
    const bpe = trainBpe(text, 500);
    const { files, prompt, ids, logits } = exportedFolder(bpe);
    const weights = decodeSafetensors(files['model.safetensors']);
    if (!weights.ok) throw new Error(weights.message);
    const dir = mkdtempSync(join(tmpdir(), 'hf-plain-'));
    try {
      writeFileSync(join(dir, 'model.safetensors'), encodeSafetensors(weights.tensors, { format: 'pt' }));
      for (const name of ['config.json', 'vocab.json', 'merges.txt', 'tokenizer.json']) writeFileSync(join(dir, name), files[name]);
      const out = join(dir, 'logits.json');
      const run = spawnSync(PYTHON, [LOAD_SCRIPT, dir, '--prompt', prompt, '--json', out], { encoding: 'utf8', timeout: 240_000 });
      if (run.status !== 0) throw new Error(`load_in_pytorch.py failed:\n${run.stderr}`);
      expect(run.stdout).toContain('bpe vocabulary 500, step 0');
      const torch = JSON.parse(readFileSync(out, 'utf8')) as { ids: number[]; logits: number[][] };
      expect(torch.ids).toEqual(ids);
      const last = torch.logits.at(-1)!;
      expect(Math.max(...last.map((x, j) => Math.abs(x - logits[j])))).toBeLessThan(TOLERANCE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
