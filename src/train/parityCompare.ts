// The parity suite's whole-model check: the implementation a run on the current backend uses
// (kernels/ops.ts opsFor) against the reference on the same backend, from the same weights and
// batch: the logits and loss, the gradient of every parameter, and one AdamW step (from the same
// weights, moments and gradients: the reference's) in the weights and both moments. With `repeat`,
// the implementation's forward, gradients and step run twice and must give the same bits (the test
// a shader race fails). Tolerances: parityTolerances.ts. Reads back with await: call between steps.
import * as tf from '@tensorflow/tfjs';
import { createGPT, forward, lossFn, type GPT } from '../model/gpt';
import { createRng } from '../data/rng';
import { opsFor } from '../kernels/ops';
import type { BackendName } from '../protocol/settings';
import { AdamW } from './adamw';
import type { ParityCase } from './parityCases';
import { ATOMIC_REPEAT, TOLERANCES, within, type Tolerance } from './parityTolerances';

/** One comparison: its largest difference, the reference's largest magnitude, and the verdict. */
export interface Check {
  what: string;
  diff: number;
  scale: number;
  ok: boolean;
}

/** Largest |a − b| (Infinity where the lengths differ or one is NaN and the other not). */
export function maxDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > m || (Number.isNaN(d) && !(Number.isNaN(a[i]) && Number.isNaN(b[i])))) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Largest |x|. */
export const maxAbs = (a: Float32Array): number => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Whether two arrays hold the same bits (NaN payloads included). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  return x.every((v, i) => v === y[i]);
}

/** A check of `impl` against `ref` under a tolerance. */
export function check(what: string, impl: Float32Array, ref: Float32Array, t: Tolerance): Check {
  const diff = maxDiff(impl, ref);
  const scale = maxAbs(ref);
  return { what, diff, scale, ok: within(diff, scale, t) };
}

/** A double-run check: bit-identical, or within ATOMIC_REPEAT where the op adds with float atomics. */
export function repeatCheck(what: string, first: Float32Array, second: Float32Array, atomic = false): Check {
  const diff = maxDiff(first, second);
  const scale = maxAbs(first);
  return {
    what: `${what}, run twice${atomic ? ' (float atomics)' : ''}`,
    diff,
    scale,
    ok: atomic ? within(diff, scale, ATOMIC_REPEAT) : sameBits(first, second),
  };
}

/**
 * Whether tfjs-backend-webgpu (4.22, batchMatMulImpl) runs an [M, K] @ [K, N] product as
 * MatMulSplitKProgram, which adds partial sums with float atomics: few 32×32 output tiles (≤ the
 * backend's thresholdToIncreaseWorkgroups, 8 on most adapters) and K ≥ 2000.
 */
export function tfjsSplitsK(M: number, K: number, N: number): boolean {
  const threshold = (tf.backend() as unknown as { thresholdToIncreaseWorkgroups?: number }).thresholdToIncreaseWorkgroups ?? 8;
  const tiles = Math.ceil(M / 32) * Math.ceil(N / 32);
  const few = tiles <= threshold || (M <= 8 && tiles <= 2 * threshold);
  return few && M * N > 128 && K >= 2000;
}

const read = async (t: tf.Tensor): Promise<Float32Array> => Float32Array.from(await t.data());

/** The batch of a case: token ids x and next tokens y, [batch, blockSize] each, seeded. */
function batchOf(c: ParityCase, seed: number): [tf.Tensor2D, tf.Tensor2D] {
  const rng = createRng(seed);
  const { vocabSize: V, blockSize: T } = c.config;
  const rows = Array.from({ length: c.batch }, () => Array.from({ length: T + 1 }, () => rng.int(V)));
  const x = tf.tensor2d(
    rows.map((r) => r.slice(0, T)),
    [c.batch, T],
    'int32',
  ); // [B, T]
  const y = tf.tensor2d(
    rows.map((r) => r.slice(1)),
    [c.batch, T],
    'int32',
  ); // [B, T]
  return [x, y];
}

/** Logits, loss and every gradient (GPT-2 names, paramSpecs order) of one model on a batch. */
async function forwardAndGrads(model: GPT, x: tf.Tensor2D, y: tf.Tensor2D) {
  const names = Object.keys(model.params);
  const vars = names.map((n) => model.params[n]);
  const logits = forward(model, x);
  const { value, grads } = tf.variableGrads(() => lossFn(model, x, y), vars);
  const out = { logits: await read(logits), loss: await read(value), grads: [] as Float32Array[] };
  for (const v of vars) out.grads.push(await read(grads[v.name]));
  tf.dispose([logits, value, ...Object.values(grads)]);
  return out;
}

const ADAM = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 };

/**
 * One AdamW step of `model` with `grads` from moments `m0`, `v0` at step 4 (so bias corrections
 * and both moments matter): the weights and moments after it.
 */
async function oneStep(model: GPT, grads: Float32Array[], m0: Float32Array[], v0: Float32Array[]) {
  const names = Object.keys(model.params);
  const opt = new AdamW(model.params, ADAM, model.ops);
  opt.restore({ step: 4, m: Object.fromEntries(names.map((n, i) => [n, m0[i]])), v: Object.fromEntries(names.map((n, i) => [n, v0[i]])) });
  const g = Object.fromEntries(names.map((n, i) => [n, tf.tensor(grads[i], model.params[n].shape, 'float32')]));
  const loss = tf.scalar(2.5);
  tf.dispose(opt.update(g, loss, 1e-2, 1.0)); // clip binds: gradients of a fresh model on random tokens have norm > 1
  const state = await opt.save();
  const weights = [];
  for (const n of names) weights.push(await read(model.params[n]));
  tf.dispose([loss, ...Object.values(g)]);
  opt.dispose();
  return { weights, m: names.map((n) => state.m[n]), v: names.map((n) => state.v[n]) };
}

/**
 * Seeded moments for a step, as a few steps of training leave them: m ~ N(0, 0.01²) and
 * √v = 0.01 + |N(0, 0.01²)|, so m/√v stays near 1 (independent m and v would make it unbounded,
 * and the comparison a test of float division near 0/0).
 */
function momentsFor(model: GPT, seed: number): { m: Float32Array[]; v: Float32Array[] } {
  const rng = createRng(seed);
  const draw = (n: number, f: (x: number) => number) => Float32Array.from({ length: n }, () => f(0.01 * rng.normal()));
  const sizes = Object.values(model.params).map((p) => p.size);
  return { m: sizes.map((n) => draw(n, (x) => x)), v: sizes.map((n) => draw(n, (x) => (0.01 + Math.abs(x)) ** 2)) };
}

/**
 * Every check of one case on the current tfjs backend (`backend` names it, for opsFor): the
 * implementation opsFor(backend, 'fused') picks against opsFor(backend, 'reference').
 * @param repeat also run the implementation's forward, gradients and step twice (double run).
 */
export async function compareModel(backend: BackendName, c: ParityCase, repeat: boolean): Promise<Check[]> {
  const seed = 1234;
  const ref = createGPT(c.config, createRng(seed), { ops: opsFor(backend, 'reference') });
  const impl = createGPT(c.config, createRng(seed), { ops: opsFor(backend, 'fused') });
  const [x, y] = batchOf(c, seed + 1);
  const names = Object.keys(ref.params);
  const checks: Check[] = [];
  try {
    const start = await Promise.all(names.map((n) => read(impl.params[n]))); // both models' weights: the same seed
    const reset = () => tf.tidy(() => names.forEach((n, i) => impl.params[n].assign(tf.tensor(start[i], impl.params[n].shape, 'float32'))));
    const [r, f] = [await forwardAndGrads(ref, x, y), await forwardAndGrads(impl, x, y)];
    checks.push(check('logits', f.logits, r.logits, TOLERANCES.forward), check('loss', f.loss, r.loss, TOLERANCES.forward));
    names.forEach((n, i) => checks.push(check(`grad ${n}`, f.grads[i], r.grads[i], TOLERANCES.grads)));
    const { m, v } = momentsFor(ref, seed + 2);
    const [rs, fs] = [await oneStep(ref, r.grads, m, v), await oneStep(impl, r.grads, m, v)];
    names.forEach((n, i) => {
      checks.push(check(`step ${n}`, fs.weights[i], rs.weights[i], TOLERANCES.step));
      checks.push(check(`step m ${n}`, fs.m[i], rs.m[i], TOLERANCES.step), check(`step v ${n}`, fs.v[i], rs.v[i], TOLERANCES.step));
    });
    if (repeat) {
      // float atomics on WebGPU: the gather embedding's gradient (tfjs's UnsortedSegmentSum) and,
      // where tfjs splits the head's dx = dlogits·wte over the vocabulary, every gradient below it
      const { vocabSize: V, nEmbd: C, blockSize: T } = c.config;
      const headSplit = backend === 'webgpu' && tfjsSplitsK(c.batch * T, V, C);
      const atomic = (n: string) => backend === 'webgpu' && (n === 'wte.weight' || headSplit);
      reset();
      const again = await forwardAndGrads(impl, x, y);
      checks.push(repeatCheck('logits', again.logits, f.logits), repeatCheck('loss', again.loss, f.loss));
      names.forEach((n, i) => checks.push(repeatCheck(`grad ${n}`, again.grads[i], f.grads[i], atomic(n))));
      reset();
      const stepAgain = await oneStep(impl, r.grads, m, v);
      names.forEach((n, i) => checks.push(repeatCheck(`step ${n}`, stepAgain.weights[i], fs.weights[i])));
    }
  } finally {
    tf.dispose([x, y]);
    ref.dispose();
    impl.dispose();
  }
  return checks;
}
