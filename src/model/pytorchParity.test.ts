// The export runs in PyTorch with the same logits: a seeded model is exported, then
// scripts/load_in_pytorch.py (a nanoGPT-style GPT in torch) reads it and writes its logits for the
// same prompt, which must match tfjs's to 1e-4. Skipped, saying so, where python3 has no torch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportSafetensors } from './exportModel';
import { createGPT, forward } from './gpt';
import { paramSpecs, sizeOf } from './config';
import { assignVariables, type NamedArrays } from './weights';
import { buildCharTokenizer } from '../data/charTokenizer';
import { normaliseText } from '../data/corpus';
import { createRng } from '../data/rng';
import { DEFAULT_SETTINGS } from '../protocol/settings';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../scripts/load_in_pytorch.py', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const SKIP_REASON = `skipped: ${PYTHON} cannot import torch (install python3 and torch to run it)`;

const PROMPT = 'Call me Ishmael';
const TOLERANCE = 1e-4;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Weights far from GPT-2's init (std 0.02 makes attention uniform and logits tiny, so a swapped
 * q/k, a missed transpose or the erf GELU would hide under 1e-4): matrices N(0, 0.3), LayerNorm
 * gains 1 ± 0.2, biases N(0, 0.1).
 */
function broadWeights(config: Parameters<typeof paramSpecs>[0], seed: number): NamedArrays {
  const rng = createRng(seed);
  const out: NamedArrays = {};
  for (const { name, shape, init } of paramSpecs(config)) {
    const [mean, std] = init === 'ones' ? [1, 0.2] : init === 'zeros' ? [0, 0.1] : [0, 0.3];
    out[name] = Float32Array.from({ length: sizeOf(shape) }, () => mean + std * rng.normal());
  }
  return out;
}

/** Reads the script's --json output without trusting its shape. */
function readTorchOutput(path: string): { ids: number[]; logits: number[][] } {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('ids' in parsed) || !('logits' in parsed))
    throw new Error('no ids or logits in the output');
  const { ids, logits } = parsed;
  const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');
  if (!isNumbers(ids) || !Array.isArray(logits) || !logits.every(isNumbers)) throw new Error('ids or logits are not numbers');
  return { ids, logits };
}

describe('PyTorch parity of the safetensors export', () => {
  it.skipIf(!hasTorch)(
    `gives the same logits in PyTorch as in tfjs (max |Δ| < ${TOLERANCE})${hasTorch ? '' : ` — ${SKIP_REASON}`}`,
    async () => {
      const text = normaliseText('Call me Ishmael. Some years ago—never mind how long precisely—having little money. ');
      const chars = buildCharTokenizer(text);
      const shape = { blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 32 };
      const config = { vocabSize: chars.vocabSize, ...shape };
      const model = createGPT(config, createRng(1234));
      assignVariables(model.params, broadWeights(config, 4321));

      const ids = chars.encode(PROMPT).ids;
      const idx = tf.tensor2d(ids, [1, ids.length], 'int32');
      const logitsTensor = forward(model, idx);
      const tfjsLogits = Float32Array.from(await logitsTensor.data()); // [1, T, V] row-major
      tf.dispose([idx, logitsTensor]);

      const dir = mkdtempSync(join(tmpdir(), 'pytorch-parity-'));
      try {
        const file = join(dir, 'model.safetensors');
        const out = join(dir, 'logits.json');
        const settings = { ...DEFAULT_SETTINGS, preset: 'tiny' as const, ...shape };
        writeFileSync(file, await exportSafetensors(model, { tokenizer: chars.spec(), settings, step: 0 }));
        const run = spawnSync(PYTHON, [SCRIPT, file, '--prompt', PROMPT, '--json', out], { encoding: 'utf8', timeout: 120_000 });
        if (run.status !== 0) throw new Error(`load_in_pytorch.py failed (${run.status ?? run.signal}):\n${run.stderr}`);
        expect(run.stdout).toMatch(/Greedy continuation \(50 tokens/);

        const torch = readTorchOutput(out);
        expect(torch.ids).toEqual(ids); // the script tokenises the prompt as the app does
        const V = config.vocabSize;
        expect(torch.logits).toHaveLength(ids.length);
        let maxDiff = 0;
        let maxLogit = 0;
        torch.logits.forEach((row, t) => {
          expect(row).toHaveLength(V);
          row.forEach((x, j) => {
            maxDiff = Math.max(maxDiff, Math.abs(x - tfjsLogits[t * V + j]));
            maxLogit = Math.max(maxLogit, Math.abs(x));
          });
        });
        console.log(
          `PyTorch vs tfjs: max |Δlogit| = ${maxDiff.toExponential(2)} over ${ids.length}×${V} logits (largest |logit| ${maxLogit.toFixed(2)})`,
        );
        expect(maxLogit).toBeGreaterThan(1); // the weights are broad enough to mean something
        expect(maxDiff).toBeLessThan(TOLERANCE);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        model.dispose();
      }
    },
  );
});
