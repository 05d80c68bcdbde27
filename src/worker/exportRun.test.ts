// A run's exports as the worker writes them: one naming scheme, and a Hugging Face zip whose card
// holds the validation loss measured at export and a link with the run's settings, and whose
// logits file holds the model's own logits.
import * as tf from '@tensorflow/tfjs';
import { strFromU8 } from 'fflate';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportHuggingFace, exportModel } from './exportRun';
import { checkHuggingFaceFolder, unzipFolder } from '../model/huggingfaceReader';
import { forward } from '../model/gpt';
import { prepareCorpus } from '../data/prepare';
import { normaliseText } from '../data/corpus';
import { TrainingSession } from '../train/session';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';

const text = normaliseText('Call me Ishmael. Some years ago—never mind how long precisely—having little or no money. '.repeat(20));
const settings: RunSettings = {
  ...DEFAULT_SETTINGS,
  preset: 'tiny',
  nLayer: 1,
  nHead: 2,
  nEmbd: 16,
  blockSize: 16,
  batchSize: 4,
  evalBatches: 2,
};
let session: TrainingSession | null = null;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(async () => {
  await session?.dispose();
  session = null;
});

function newSession(): TrainingSession {
  const prepared = prepareCorpus(
    { name: 'Whale Notes.txt', names: ['Whale Notes.txt'], bytes: text.length, text, origin: { kind: 'own' as const }, notices: [] },
    { kind: 'char' },
    16,
  );
  if (!prepared.ok) throw new Error(prepared.message);
  session = new TrainingSession(settings, prepared.corpus, 'cpu', { post: () => undefined });
  return session;
}

describe('exportRun', () => {
  it('names both exports by the text and the step', async () => {
    const s = newSession();
    expect((await exportModel(s)).fileName).toBe('whale-notes-step0.safetensors');
    expect((await exportHuggingFace(s)).fileName).toBe('whale-notes-step0-hf.zip');
  });

  it('zips a Hugging Face folder with the measured loss, the link and the model’s logits', async () => {
    const s = newSession();
    const { bytes } = await exportHuggingFace(s, 'http://127.0.0.1:4173/');
    const folder = unzipFolder(new Uint8Array(bytes));
    expect(folder.name).toBe('whale-notes-step0-hf');
    expect(checkHuggingFaceFolder(folder.files).problems).toEqual([]);

    const card = strFromU8(folder.files['README.md']);
    const loss = Number(/\| Validation loss \| ([\d.]+) nats\/token/.exec(card)?.[1]);
    const V = s.model.config.vocabSize;
    expect(Math.abs(loss - Math.log(V))).toBeLessThan(0.1); // an untrained model guesses uniformly
    expect(card).toContain('(http://127.0.0.1:4173/?preset=tiny&nLayer=1&nEmbd=16&blockSize=16&batchSize=4&lr=0.003&evalBatches=2)');
    expect(card).toContain('GPT-2: 1 layer, 2 heads, width 16');
    expect(card).toContain('cosine to 0.0003 at step 5,000'); // lr / 10, without float noise (0.00030000000000000003)

    const check = JSON.parse(strFromU8(folder.files['playground_logits.json'])) as { prompt: string; ids: number[]; logits: number[] };
    expect(check.prompt).toBe(text.slice(0, 16));
    const idx = tf.tensor2d(check.ids, [1, check.ids.length], 'int32');
    const logits = forward(s.model, idx);
    const last = Array.from(logits.dataSync().slice((check.ids.length - 1) * V)); // a test: one read
    tf.dispose([idx, logits]);
    expect(check.logits).toEqual(last);
  });

  it('refuses while training', async () => {
    const s = newSession();
    s.start();
    await expect(exportHuggingFace(s)).rejects.toThrow(/Pause training to export/);
  });
});
