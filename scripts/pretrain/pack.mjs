// npm run pretrain's packing: the long run's raw snapshots (--work/snapshot-<step>.f32, float32)
// become the page's compact files (public/pretrained/<text>/step-<step>.bin, 8 bits a weight:
// src/model/quantizedWeights.ts) and one manifest.json: the run's settings, alphabet, seed and
// command, each snapshot's step, wall time and validation loss (of the 8-bit weights, as the page
// will load them, beside the float32 figure), the loss curve and the progress samples. Reads the
// run's checkpoint for the curve, so it can pack while the run goes on.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createGPT, positionLosses } from '../../src/model/gpt.ts';
import { assignVariables } from '../../src/model/weights.ts';
import { createRng } from '../../src/data/rng.ts';
import { fixedBatches } from '../../src/data/dataset.ts';
import { toTensors } from '../../src/train/evaluation.ts';
import { opsFor } from '../../src/kernels/ops.ts';
import { encodeQuantized, decodeQuantized } from '../../src/model/quantizedWeights.ts';
import { startCompletion } from '../../src/model/completion.ts';
import { decodeCheckpoint } from './checkpointFile.mjs';

/** Train-loss points kept in the manifest: the curve thinned to about this many. */
const TRAIN_POINTS = 600;

/** Mean validation loss of weights (the session's fixed windows). */
function valLossOf(config, weights, corpus, settings) {
  const model = createGPT(config, createRng(0), { ops: opsFor('wasm', settings.kernels) });
  assignVariables(model.params, weights);
  let sum = 0;
  const batches = fixedBatches(corpus.split.val, settings.evalBatches, settings.batchSize, settings.blockSize);
  for (const b of batches) {
    const [x, y] = toTensors(b);
    const l = tf.tidy(() => tf.mean(positionLosses(model, x, y)));
    sum += l.dataSync()[0];
    tf.dispose([x, y, l]);
  }
  return { model, valLoss: sum / batches.length };
}

/** The example prompts the page offers for Moby Dick (src/ui/promptPresets.ts), completed by a model. */
async function complete(model, tokenizer, prompts, seed) {
  const out = [];
  for (const prompt of prompts) {
    const request = { prompt, n: 1, temperature: 0.8, topK: 40, topP: 1, greedy: false, maxNewTokens: 160, seed };
    const { text } = startCompletion(model, tokenizer, request, new AbortController().signal);
    let written = '';
    for await (const step of text) written += step.texts[0];
    out.push({ prompt, completion: written });
  }
  return out;
}

/**
 * @param o { work, out, corpus (prepared), settings, command, prompts }
 * @returns the manifest written.
 */
export async function pack(o) {
  const { checkpoint, extra } = decodeCheckpoint(readFileSync(join(o.work, 'checkpoint.bin')));
  const { curve } = extra;
  const settings = extra.settings;
  const tokenizer = o.corpus.tokenizer;
  const config = {
    vocabSize: tokenizer.vocabSize,
    blockSize: settings.blockSize,
    nLayer: settings.nLayer,
    nHead: settings.nHead,
    nEmbd: settings.nEmbd,
  };
  mkdirSync(o.out, { recursive: true });
  const snapshots = [];
  let last = null;
  for (const s of [...curve.snapshots].sort((a, b) => a.step - b.step)) {
    const raw = join(o.work, `snapshot-${s.step}.f32`);
    if (!existsSync(raw)) continue;
    const flat = new Float32Array(readFileSync(raw).buffer.slice(0));
    const weights = {};
    const shapes = {};
    let at = 0;
    s.names.forEach((name, i) => {
      const n = s.shapes[i].reduce((a, b) => a * b, 1);
      weights[name] = flat.slice(at, at + n);
      shapes[name] = s.shapes[i];
      at += n;
    });
    const bytes = encodeQuantized(weights, shapes);
    const file = `step-${s.step}.bin`;
    writeFileSync(join(o.out, file), bytes);
    const { model, valLoss } = valLossOf(config, decodeQuantized(bytes).weights, o.corpus, settings);
    if (last) last.model.dispose();
    last = { model, step: s.step };
    snapshots.push({
      step: s.step,
      file,
      bytes: bytes.length,
      valLoss,
      valLossFloat32: s.valLoss,
      wallSeconds: Math.round(s.wallMs / 1000),
    });
    console.log(
      `step ${s.step}: ${file}, ${(bytes.length / 1e6).toFixed(2)} MB, val loss ${valLoss.toFixed(4)} (float32 ${s.valLoss.toFixed(4)})`,
    );
  }
  const every = Math.max(1, Math.ceil(curve.train.length / TRAIN_POINTS));
  const completions = last && o.prompts ? await complete(last.model, tokenizer, o.prompts, settings.seed) : [];
  last?.model.dispose();
  const manifest = {
    format: 1,
    text: 'moby-dick',
    what: 'One long run of the default model on Moby Dick, trained by npm run pretrain (the page’s own training code in Node, WASM backend).',
    command: o.command,
    settings,
    tokenizer: tokenizer.spec(),
    config,
    steps: checkpoint.step,
    finished: checkpoint.step >= settings.maxSteps,
    wallSeconds: Math.round(curve.wallMs / 1000),
    snapshots,
    curve: {
      evals: curve.evals.map((e) => [e.step, +e.valLoss.toFixed(4)]),
      train: curve.train.filter((_, i) => i % every === 0).map((p) => [p.step, +p.loss.toFixed(4)]),
    },
    samples: curve.samples.filter((s) => snapshots.some((x) => x.step === s.step) || s.step % 5000 === 0),
    completions,
  };
  writeFileSync(join(o.out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}
