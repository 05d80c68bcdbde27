// Export to safetensors and back: a seeded model's weights, config, tokenizer, settings and step
// survive the trip and give the same logits; misfit weights and bad metadata are each refused.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, exportSafetensors, importSafetensors, type ImportedModel } from './exportModel';
import { createGPT, forward } from './gpt';
import type { GPTConfig } from './config';
import { decodeSafetensors, encodeSafetensors, type SafetensorsTensor } from './safetensors';
import { assignVariables } from './weights';
import { buildCharTokenizer } from '../data/charTokenizer';
import { trainBpe } from '../data/bpe';
import { normaliseText } from '../data/corpus';
import { createRng } from '../data/rng';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';

const text = normaliseText('Call me Ishmael. Some years ago—never mind how long precisely—I thought I would sail. '.repeat(4));
const chars = buildCharTokenizer(text);
const shape = { blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 };
const config: GPTConfig = { vocabSize: chars.vocabSize, ...shape };
const settings: RunSettings = { ...DEFAULT_SETTINGS, preset: 'tiny', ...shape, batchSize: 4, maxSteps: 200 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function messageOf(result: ImportedModel): string {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.message;
}

/** Decodes an export, lets `edit` change its tensors and metadata, and writes it again. */
function edited(
  bytes: Uint8Array,
  edit: (tensors: SafetensorsTensor[], metadata: Record<string, string>) => SafetensorsTensor[] | void,
): Uint8Array {
  const file = decodeSafetensors(bytes);
  if (!file.ok) throw new Error(file.message);
  const tensors = edit(file.tensors, file.metadata) ?? file.tensors;
  return encodeSafetensors(tensors, file.metadata);
}

/** Logits [1, T, V] of a fixed prompt, read back. */
function logitsOf(model: ReturnType<typeof createGPT>, ids: number[]): Float32Array {
  const idx = tf.tensor2d(ids, [1, ids.length], 'int32');
  const logits = forward(model, idx);
  const out = Float32Array.from(logits.dataSync()); // a test, not a loop: one read
  tf.dispose([idx, logits]);
  return out;
}

describe('exportSafetensors / importSafetensors', () => {
  it('round-trips a seeded model: same weights, same logits, metadata intact', async () => {
    const model = createGPT(config, createRng(11));
    const bytes = await exportSafetensors(model, { tokenizer: chars.spec(), settings, step: 123 });

    const file = decodeSafetensors(bytes);
    if (!file.ok) throw new Error(file.message);
    expect(file.metadata.format).toBe(EXPORT_FORMAT);
    expect(file.tensors.map((t) => t.name)).toContain('h.1.attn.c_attn.weight');
    expect(file.tensors.find((t) => t.name === 'h.1.attn.c_attn.weight')?.shape).toEqual([16, 48]); // [in, out], as Conv1D

    const imported = importSafetensors(bytes);
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.config).toEqual(config);
    expect(imported.tokenizer).toEqual(chars.spec());
    expect(imported.settings).toEqual(settings);
    expect(imported.step).toBe(123);

    const fresh = createGPT(imported.config, createRng(99));
    const ids = chars.encode('Call me Ishmael.').ids;
    expect(logitsOf(fresh, ids)).not.toEqual(logitsOf(model, ids));
    assignVariables(fresh.params, imported.weights);
    expect(logitsOf(fresh, ids)).toEqual(logitsOf(model, ids));
    [model, fresh].forEach((m) => m.dispose());
  });

  it('carries a BPE tokenizer too', async () => {
    const bpe = trainBpe(text, 270);
    const model = createGPT({ ...config, vocabSize: bpe.vocabSize }, createRng(2));
    const imported = importSafetensors(await exportSafetensors(model, { tokenizer: bpe.spec(), settings, step: 0 }));
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.tokenizer).toEqual(bpe.spec());
    expect(imported.config.vocabSize).toBe(bpe.vocabSize);
    model.dispose();
  });

  it('refuses to export with a tokenizer of another vocabulary', async () => {
    const model = createGPT({ ...config, vocabSize: config.vocabSize + 1 }, createRng(2));
    await expect(exportSafetensors(model, { tokenizer: chars.spec(), settings, step: 0 })).rejects.toThrow(/tokenizer has \d+ tokens/);
    model.dispose();
  });
});

describe('importSafetensors refuses what does not fit, naming it', () => {
  let good: Uint8Array;
  beforeAll(async () => {
    const model = createGPT(config, createRng(5));
    good = await exportSafetensors(model, { tokenizer: chars.spec(), settings, step: 10 });
    model.dispose();
  });
  const json = (x: unknown) => JSON.stringify(x);
  const cases: [string, (t: SafetensorsTensor[], m: Record<string, string>) => SafetensorsTensor[] | void, RegExp][] = [
    ['a missing parameter', (t) => t.filter((x) => x.name !== 'h.1.ln_2.bias'), /do not fit.*h\.1\.ln_2\.bias is missing/],
    [
      'an extra parameter',
      (t) => [...t, { name: 'lm_head.weight', shape: [1], data: Float32Array.of(0) }],
      /lm_head\.weight is not a parameter of this model/,
    ],
    [
      'a transposed linear',
      (t) => t.map((x) => (x.name === 'h.0.attn.c_attn.weight' ? { ...x, shape: [48, 16] } : x)),
      /h\.0\.attn\.c_attn\.weight has shape \[48, 16\], the config needs \[16, 48\]/,
    ],
    [
      'a flattened embedding',
      (t) => t.map((x) => (x.name === 'wte.weight' ? { ...x, shape: [x.data.length] } : x)),
      /wte\.weight has shape \[\d+\], the config needs \[\d+, 16\]/,
    ],
    [
      'a value that is not finite',
      (t) => {
        t.find((x) => x.name === 'h.0.ln_1.bias')!.data[0] = NaN;
      },
      /h\.0\.ln_1\.bias holds a value that is not a finite number/,
    ],
    [
      'no format',
      (_, m) => {
        delete m.format;
      },
      /not exported from Pretrain Playground: its metadata has no "format"/,
    ],
    [
      'another format',
      (_, m) => {
        m.format = 'pretrain-playground/9';
      },
      /format is "pretrain-playground\/9"; this version reads "pretrain-playground\/1"/,
    ],
    [
      'no config',
      (_, m) => {
        delete m.config;
      },
      /metadata has no "config"/,
    ],
    [
      'a config that is not JSON',
      (_, m) => {
        m.config = '{nLayer: 2';
      },
      /metadata "config" is not valid JSON/,
    ],
    [
      'a config without nHead',
      (_, m) => {
        m.config = json({ ...config, nHead: undefined });
      },
      /metadata "config" is malformed: nHead/,
    ],
    [
      'a config whose heads do not divide the width',
      (_, m) => {
        m.config = json({ ...config, nHead: 3 });
      },
      /config is invalid: Width \(16\) must be divisible by the number of heads \(3\)/,
    ],
    [
      'a tokenizer of another vocabulary',
      (_, m) => {
        m.tokenizer = json({ kind: 'char', chars: ['a', 'b'] });
      },
      /tokenizer has 2 tokens but its config says the vocabulary has \d+/,
    ],
    [
      'a tokenizer of an unknown kind',
      (_, m) => {
        m.tokenizer = json({ kind: 'wordpiece' });
      },
      /metadata "tokenizer" is malformed: kind/,
    ],
    [
      'a corrupt tokenizer',
      (_, m) => {
        m.tokenizer = json({ kind: 'char', chars: [...chars.chars.slice(1), 'a'] });
      },
      /tokenizer is corrupt: the alphabet entry "a" is not one new character/,
    ],
    [
      'settings out of range',
      (_, m) => {
        m.settings = json({ ...settings, lr: 5 });
      },
      /metadata "settings" is malformed: lr: Learning rate must be/,
    ],
    [
      'a negative step',
      (_, m) => {
        m.step = '-1';
      },
      /metadata "step" is malformed/,
    ],
  ];

  it.each(cases)('%s', (_, edit, message) => {
    expect(messageOf(importSafetensors(edited(good, edit)))).toMatch(message);
  });

  it('lists several misfits at once, and passes on a file that is not safetensors', () => {
    const twoMissing = edited(good, (t) => t.filter((x) => !x.name.startsWith('ln_f')));
    expect(messageOf(importSafetensors(twoMissing))).toMatch(/ln_f\.weight is missing; ln_f\.bias is missing/);
    expect(messageOf(importSafetensors(new TextEncoder().encode('{"wte.weight": []}')))).toMatch(/looks like JSON text/);
  });
});
