// One measured run of npm run bench:gpu, in its own process (so every pipeline compiles afresh):
// the project's own training step (src/: createGPT, opsFor, AdamW, trainOnBatch, warmUpShaders) on
// WebGPU through Dawn, on Moby Dick at a preset's shape. Bundled by build.mjs; started by bench.mjs,
// which passes the Vulkan environment. Prints one JSON line. Timings, in order:
//   shader warm-up (--warmup on), the first step (to its loss read: pipeline compilation included),
//   --warmup-steps more, --median-steps each awaited alone (median step, JavaScript share: the time
//   inside trainOnBatch, which records and submits the step, over the step's wall time to its
//   loss), then --steps back to back with one read at the end, as the page reads (tokens/s,
//   dispatches and submits per step), then memory after step 1 and after --memory-steps more, and
//   the card's plain tfjs matMul ceiling. --curve N instead trains N steps reading every loss.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { startWebGPU } from './webgpuNode.mjs';
import { createGPT } from '../../src/model/gpt.ts';
import { opsFor } from '../../src/kernels/ops.ts';
import { AdamW } from '../../src/train/adamw.ts';
import { trainOnBatch } from '../../src/train/trainStep.ts';
import { warmUpShaders } from '../../src/train/shaderWarmup.ts';
import { learningRate } from '../../src/train/lrSchedule.ts';
import { createRng } from '../../src/data/rng.ts';
import { buildCharTokenizer } from '../../src/data/charTokenizer.ts';
import { randomBatch, splitTokens } from '../../src/data/dataset.ts';
import { OPTIMIZER, PRESETS } from '../../src/protocol/settings.ts';
import { flopsPerStep } from '../../src/protocol/flops.ts';

const { values: o } = parseArgs({
  options: {
    preset: { type: 'string', default: 'tiny' },
    kernels: { type: 'string', default: 'fused' },
    warmup: { type: 'string', default: 'off' },
    corpus: { type: 'string', default: 'public/corpus/moby-dick.txt' },
    seed: { type: 'string', default: '1337' },
    'warmup-steps': { type: 'string', default: '3' },
    'median-steps': { type: 'string', default: '5' },
    steps: { type: 'string', default: '10' },
    'memory-steps': { type: 'string', default: '20' },
    curve: { type: 'string', default: '0' },
  },
});
const int = (k) => Number.parseInt(o[k], 10);
const now = () => performance.now();

const adapter = await startWebGPU();
// Every dispatch and submit Dawn sees, tfjs's and our in-place programs' alike.
const counts = { dispatches: 0, submits: 0 };
for (const [cls, method, key] of [
  [globalThis.GPUComputePassEncoder, 'dispatchWorkgroups', 'dispatches'],
  [globalThis.GPUQueue, 'submit', 'submits'],
]) {
  const original = cls.prototype[method];
  cls.prototype[method] = function (...args) {
    counts[key]++;
    return original.apply(this, args);
  };
}

const preset = PRESETS[o.preset];
if (!preset) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')} (you gave ${o.preset})`);
const text = readFileSync(o.corpus, 'utf8')
  .replace(/^\uFEFF/, '')
  .replace(/\r\n?/g, '\n')
  .normalize('NFC');
const tokenizer = buildCharTokenizer(text);
const { train } = splitTokens(tokenizer.encodeCorpus(text)); // 90 % train, as the page
const config = {
  vocabSize: tokenizer.vocabSize,
  blockSize: preset.blockSize,
  nLayer: preset.nLayer,
  nHead: preset.nHead,
  nEmbd: preset.nEmbd,
};
const seed = int('seed');
const ops = opsFor('webgpu', o.kernels === 'reference' ? 'reference' : 'fused');
const model = createGPT(config, createRng(seed), { ops });
const opt = new AdamW(model.params, OPTIMIZER, ops);
const batchRng = createRng(seed + 1);
const schedule = { lr: preset.lr, minLr: preset.lr / 10, warmupSteps: 100, decaySteps: 5000 };
let step = 0;
const nextBatch = () => randomBatch(train, preset.batchSize, preset.blockSize, batchRng);
/** One step, not read: its loss tensor and the time spent in JavaScript recording it. */
function stepOnce() {
  const t = now();
  const loss = trainOnBatch(model, opt, nextBatch(), learningRate(step, schedule), OPTIMIZER.gradClip);
  step++;
  return { loss, jsMs: now() - t };
}
const readLoss = async (loss) => {
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
};

const result = { adapter, preset: o.preset, kernels: o.kernels, ops: ops.label, warmup: o.warmup, config, batchSize: preset.batchSize };
if (int('curve') > 0) {
  const losses = [];
  for (let i = 0; i < int('curve'); i++) losses.push(await readLoss(stepOnce().loss));
  result.curve = losses;
} else {
  if (o.warmup === 'on') {
    const w = await warmUpShaders(model, opt, [nextBatch()], { lr: preset.lr, gradClip: OPTIMIZER.gradClip, onProgress: () => {} });
    result.shaderWarmup = w && { ms: w.ms, pipelines: w.total, failed: w.failed };
  }
  let t = now();
  result.firstLoss = await readLoss(stepOnce().loss);
  result.firstStepMs = now() - t;
  result.memoryAtStep1 = tf.memory();
  for (let i = 0; i < int('warmup-steps'); i++) await readLoss(stepOnce().loss);
  const walls = [];
  const js = [];
  for (let i = 0; i < int('median-steps'); i++) {
    t = now();
    const s = stepOnce();
    await readLoss(s.loss);
    walls.push(now() - t);
    js.push(s.jsMs);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  result.medianStepMs = median(walls);
  result.jsShare = median(js.map((x, i) => x / walls[i]));
  const before = { ...counts };
  const pending = [];
  t = now();
  for (let i = 0; i < int('steps'); i++) pending.push(stepOnce().loss);
  const last = await readLoss(pending.at(-1));
  const windowMs = now() - t;
  tf.dispose(pending.slice(0, -1));
  result.lastLoss = last;
  result.meanStepMs = windowMs / int('steps');
  result.tokensPerSecond = (preset.batchSize * preset.blockSize * 1000) / result.meanStepMs;
  result.dispatchesPerStep = (counts.dispatches - before.dispatches) / int('steps');
  result.submitsPerStep = (counts.submits - before.submits) / int('steps');
  result.flopsPerStep = flopsPerStep(config, preset.batchSize);
  result.modelGflops = result.flopsPerStep / (result.meanStepMs / 1000) / 1e9;
  for (let i = 0; i < int('memory-steps'); i++) {
    const s = stepOnce();
    if (i % 50 === 49 || i === int('memory-steps') - 1) await readLoss(s.loss);
    else s.loss.dispose();
  }
  result.memoryAfter = { step, ...tf.memory() };
  result.ceiling = await matMulCeiling(preset.batchSize * preset.blockSize, preset.nEmbd, 4 * preset.nEmbd);
}
model.dispose();
opt.dispose();
console.log(JSON.stringify(result));
process.exit(0);

/**
 * The card's plain matMul in tfjs at the model's largest product ([B·T, C] @ [C, 4C], the MLP's):
 * GFLOP/s over enough repeats to take ~1 s, after an untimed run that compiles it (one read at the end).
 */
async function matMulCeiling(M, K, N) {
  const a = tf.randomNormal([M, K]);
  const b = tf.randomNormal([K, N]);
  const time = async (reps) => {
    const t0 = now();
    const outs = [];
    for (let i = 0; i < reps; i++) outs.push(tf.matMul(a, b));
    await outs.at(-1).data();
    tf.dispose(outs);
    return now() - t0;
  };
  await time(1); // compiles the pipeline
  const once = await time(1);
  const reps = Math.max(2, Math.min(200, Math.round(1000 / Math.max(once, 1))));
  const ms = await time(reps);
  tf.dispose([a, b]);
  return { shape: [M, K, N], reps, ms, gflops: (2 * M * K * N * reps) / (ms / 1000) / 1e9 };
}
