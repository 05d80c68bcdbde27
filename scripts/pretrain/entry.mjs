// npm run pretrain's training process: the page's own training run (src/train/session.ts: the same
// model, Ops, optimizer, schedule, batches and evaluation as a run in the page) in Node, on tfjs's
// WASM backend with our WebAssembly kernels, one thread by default. Bundled by build.mjs with the
// app's vite.config.ts (its AssemblyScript plugin compiles the kernels); started by
// scripts/pretrain.mjs. Resumable: the whole run (weights, moments, RNG, step, curve) goes to
// --work/checkpoint.bin at the page's autosave cadence (every 200 steps or minute of training,
// train/autosave.ts), on SIGINT/SIGTERM and at the end, and a restart continues it exactly. Raw
// snapshots (float32) of the weights at --snapshots steps and at the last step go to
// --work/snapshot-<step>.f32; --pack turns them into the page's compact files (pack.mjs).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { TrainingSession } from '../../src/train/session.ts';
import { prepareCorpus } from '../../src/data/prepare.ts';
import { normaliseText } from '../../src/data/corpus.ts';
import { fixedBatches } from '../../src/data/dataset.ts';
import { positionLosses } from '../../src/model/gpt.ts';
import { toTensors } from '../../src/train/evaluation.ts';
import { DEFAULT_SETTINGS } from '../../src/protocol/settings.ts';
import { encodeCheckpoint, decodeCheckpoint } from './checkpointFile.mjs';
import { recipeSettings } from './recipe.mjs';
import { pack } from './pack.mjs';
import { PROMPTS } from './prompts.mjs';

const { values: o } = parseArgs({
  options: {
    steps: { type: 'string', default: '30000' },
    seed: { type: 'string', default: String(DEFAULT_SETTINGS.seed) },
    corpus: { type: 'string', default: 'public/corpus/moby-dick.txt' },
    work: { type: 'string', default: '.pretrain/moby-dick' },
    snapshots: { type: 'string', default: '0,100,500,2000,10000' },
    threads: { type: 'string', default: '1' },
    'eval-every': { type: 'string', default: '250' },
    'sample-every': { type: 'string', default: '1000' },
    pack: { type: 'string' },
    command: { type: 'string', default: '' },
    params: { type: 'string', default: '' },
    'stop-after-minutes': { type: 'string', default: '0' },
  },
});
const int = (k) => Number.parseInt(o[k], 10);

// tfjs-backend-wasm in Node reads its .wasm files from disk: point it at node_modules' copies.
const resolveHere = createRequire(join(process.cwd(), 'package.json'));
const wasmDir = dirname(resolveHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
wasm.setWasmPaths(`${wasmDir}/`);
const threads = int('threads');
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
if (threads > 1) wasm.setThreadsCount(threads);
if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start WASM');
await tf.ready();

const source = {
  name: 'Moby Dick',
  names: ['Moby Dick'],
  bytes: 0,
  text: normaliseText(readFileSync(o.corpus, 'utf8')),
  notices: [],
  origin: { kind: 'book', id: 'moby-dick' },
};
const settings = recipeSettings(o.params, {
  maxSteps: int('steps'),
  seed: int('seed'),
  evalEvery: int('eval-every'),
  sampleEvery: int('sample-every'),
});
const prepared = prepareCorpus(source, { kind: 'char' }, settings.blockSize);
if (!prepared.ok) throw new Error(prepared.message);
const corpus = prepared.corpus;

if (o.pack) {
  await pack({ work: o.work, out: o.pack, corpus, command: o.command, prompts: PROMPTS });
  process.exit(0);
}

mkdirSync(o.work, { recursive: true });
const checkpointPath = join(o.work, 'checkpoint.bin');
const logPath = join(o.work, 'log.jsonl');
const milestones = new Set(o.snapshots.split(',').map((s) => Number.parseInt(s, 10)));

// The curve beyond what the session's capped history keeps: every evaluation, and the train loss
// as a mean per CURVE_BUCKET steps. It travels inside the checkpoint, so a resumed run's curve is whole.
const CURVE_BUCKET = 25;
let curve = { evals: [], train: [], samples: [], snapshots: [], wallMs: 0 };
let bucket = { from: -1, sum: 0, n: 0 };
let from;
if (existsSync(checkpointPath)) {
  const decoded = decodeCheckpoint(readFileSync(checkpointPath));
  from = decoded.checkpoint;
  curve = decoded.extra.curve;
  bucket = decoded.extra.bucket;
  // A resume goes on with the run's own settings: other ones would train a run neither command made.
  const before = decoded.extra.settings ?? {};
  const differ = Object.keys(settings).filter((k) => k in before && before[k] !== settings[k]);
  if (differ.length > 0) {
    const said = differ.map((k) => `${k} ${before[k]} there, ${settings[k]} now`).join('; ');
    console.error(`${o.work} holds a run with other settings (${said}): give the same options as it was started with, or another --work.`);
    process.exit(2);
  }
  console.log(`resuming at step ${from.step} (${(from.elapsedMs / 3.6e6).toFixed(2)} h trained)`);
  // A first version kept no train loss (it read the wrong field): rebuilt from the session's own
  // history while that still holds every step (it thins past HISTORY_CAP points).
  if (curve.train.some((p) => typeof p.loss !== 'number') && from.history.points.length === from.step) {
    curve.train = [];
    bucket = { from: -1, sum: 0, n: 0 };
    for (const p of from.history.points) {
      const b = Math.floor(p.step / CURVE_BUCKET) * CURVE_BUCKET;
      if (b !== bucket.from && bucket.n > 0) curve.train.push({ step: bucket.from, loss: bucket.sum / bucket.n });
      if (b !== bucket.from) bucket = { from: b, sum: 0, n: 0 };
      bucket.sum += p.trainLoss;
      bucket.n++;
    }
    console.log(`train-loss curve rebuilt from the history: ${curve.train.length} points`);
  }
}

const valBatches = fixedBatches(corpus.split.val, settings.evalBatches, settings.batchSize, settings.blockSize);
/** Mean validation loss now, read at once (WASM: a read costs nothing; called between steps). */
function valLossNow(model) {
  let sum = 0;
  for (const b of valBatches) {
    const [x, y] = toTensors(b);
    const l = tf.tidy(() => tf.mean(positionLosses(model, x, y)));
    sum += l.dataSync()[0];
    tf.dispose([x, y, l]);
  }
  return sum / valBatches.length;
}

let session;
let lastCheckpoint;
const started = performance.now();
const wallBefore = curve.wallMs;
/** Wall time of the whole run so far, over every resume (ms). */
const wallNow = () => wallBefore + performance.now() - started;
let stopping = false;

function writeSnapshot(step) {
  if (curve.snapshots.some((s) => s.step === step)) return;
  const names = Object.keys(session.model.params);
  const arrays = names.map((n) => session.model.params[n].dataSync());
  const total = arrays.reduce((a, b) => a + b.length, 0);
  const flat = new Float32Array(total);
  let at = 0;
  for (const a of arrays) {
    flat.set(a, at);
    at += a.length;
  }
  const file = join(o.work, `snapshot-${step}.f32`);
  writeFileSync(`${file}.tmp`, Buffer.from(flat.buffer));
  renameSync(`${file}.tmp`, file);
  const known = curve.evals.find((e) => e.step === step);
  const valLoss = known ? known.valLoss : valLossNow(session.model);
  curve.snapshots.push({ step, valLoss, wallMs: wallNow(), names, shapes: names.map((n) => session.model.params[n].shape) });
  console.log(`snapshot at step ${step}: val loss ${valLoss.toFixed(4)}`);
}

const sink = {
  post(e) {
    if (e.type === 'run.metrics') {
      for (const p of e.points) {
        const b = Math.floor(p.step / CURVE_BUCKET) * CURVE_BUCKET;
        if (b !== bucket.from && bucket.n > 0) curve.train.push({ step: bucket.from, loss: bucket.sum / bucket.n });
        if (b !== bucket.from) bucket = { from: b, sum: 0, n: 0 };
        bucket.sum += p.trainLoss;
        bucket.n++;
      }
      for (const ev of e.evals) {
        curve.evals.push({ step: ev.step, valLoss: ev.valLoss, wallMs: wallNow() });
        console.log(`step ${ev.step}: val loss ${ev.valLoss.toFixed(4)}`);
        appendFileSync(logPath, `${JSON.stringify({ step: ev.step, valLoss: ev.valLoss, at: new Date().toISOString() })}\n`);
      }
    } else if (e.type === 'run.sample') {
      curve.samples.push({ step: e.sample.step, text: e.sample.text });
    } else if (e.type === 'error') {
      console.error(`error: ${e.message}`);
    }
  },
  checkpoint(c) {
    lastCheckpoint = c;
    writeCheckpoint(c);
  },
};

function writeCheckpoint(c) {
  curve.wallMs = wallNow();
  const bytes = encodeCheckpoint(c, { curve, bucket, settings });
  writeFileSync(`${checkpointPath}.tmp`, bytes);
  renameSync(`${checkpointPath}.tmp`, checkpointPath);
  console.log(`checkpoint at step ${c.step} (${(curve.wallMs / 3.6e6).toFixed(2)} h wall)`);
}

const stopAfter = Number(o['stop-after-minutes']) * 60_000;
session = new TrainingSession(settings, corpus, 'wasm', sink, {
  from,
  beforeStep(step) {
    if (milestones.has(step)) writeSnapshot(step);
    if (!stopping && stopAfter > 0 && performance.now() - started > stopAfter) {
      stopping = true;
      session.pause();
    }
    return false;
  },
});

const onSignal = () => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log('stopping: checkpoint at the next step');
  session.pause(); // Pause saves the run (trainingLoop.ts)
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

if (from) session.resume();
else session.start();
for (;;) {
  await new Promise((r) => setTimeout(r, 1000));
  const state = session.runState;
  if (state === 'done' || state === 'failed' || (state === 'paused' && stopping)) {
    await session.saved();
    break;
  }
}
if (session.runState === 'done') {
  writeSnapshot(session.stepsTrained);
  if (bucket.n > 0) curve.train.push({ step: bucket.from, loss: bucket.sum / bucket.n });
  bucket = { from: -1, sum: 0, n: 0 };
  if (lastCheckpoint) writeCheckpoint(lastCheckpoint); // with the last snapshot in its curve
  console.log(`done: ${session.stepsTrained} steps, ${(wallNow() / 3.6e6).toFixed(2)} h`);
}
await session.dispose();
process.exit(0);
