// The parity suite's op-by-op check: each operation of the implementation a run on the current
// backend uses (kernels/ops.ts opsFor) against the reference's, at a case's shapes: the value and
// the gradient in every float input of sum(op(...) ⊙ w) for a random w. With `repeat`, each op
// (forward and backward: on WebGPU each of our programs) runs twice on the same input and must give
// the same bits; attention must also be causal to the bit (a later token changes no earlier output).
import * as tf from '@tensorflow/tfjs';
import { causalMask, opsFor, type Ops } from '../kernels/ops';
import type { BackendName } from '../protocol/settings';
import type { ParityCase } from './parityCases';
import { check, repeatCheck, sameBits, tfjsSplitsK, type Check } from './parityCompare';
import { TOLERANCES } from './parityTolerances';

/** An op under test: a function of float inputs (ints are closed over) and those inputs. */
interface OpCase {
  what: string;
  run: (ops: Ops, ...xs: tf.Tensor[]) => tf.Tensor;
  inputs: tf.Tensor[];
  /** Its backward adds with float atomics on this backend (the double run is bounded, not exact). */
  atomic?: boolean;
}

/** Value and the gradients of sum(op ⊙ w) in every input, read back. */
async function valueAndGrads(ops: Ops, op: OpCase): Promise<Float32Array[]> {
  const [value, grads] = tf.tidy(() => {
    const v = op.run(ops, ...op.inputs);
    const w = tf.randomNormal(v.shape, 0, 1, 'float32', 7);
    const g = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(op.run(ops, ...xs), w)))(op.inputs);
    return [v, g] as const;
  });
  const out = [Float32Array.from(await value.data())];
  for (const g of grads) out.push(Float32Array.from(await g.data()));
  tf.dispose([value, ...grads]);
  return out;
}

/** The ops of a GPT step at a case's shapes (rows N = batch × context). */
function opCases(backend: BackendName, c: ParityCase): { ops: OpCase[]; shared: tf.Tensor[] } {
  const { vocabSize: V, blockSize: T, nHead, nEmbd: C } = c.config;
  const B = c.batch;
  const N = B * T;
  const randn = (shape: number[], seed: number, std = 1) => tf.randomNormal(shape, 0, std, 'float32', seed);
  const ids = tf.tensor1d(
    Array.from({ length: N }, (_, i) => (i * 7919) % V),
    'int32',
  );
  const mask = causalMask(T);
  const attention = (ops: Ops, qkv: tf.Tensor) => ops.causalAttention(qkv, { B, T, nHead, mask });
  const ops: OpCase[] = [
    { what: 'embed', run: (ops, wte) => ops.embed(ids, wte), inputs: [randn([V, C], 1, 0.02)], atomic: backend === 'webgpu' },
    {
      what: 'linear',
      run: (ops, x, w, b) => ops.linear(x, w, b),
      inputs: [randn([N, C], 2), randn([C, 3 * C], 3, 0.02), randn([3 * C], 4)],
    },
    { what: 'layerNorm', run: (ops, x, w, b) => ops.layerNorm(x, w, b), inputs: [randn([N, C], 5, 3), randn([C], 6), randn([C], 7)] },
    { what: 'gelu', run: (ops, x) => ops.gelu(x), inputs: [randn([N, 4 * C], 8, 2)] },
    { what: 'causalAttention', run: attention, inputs: [randn([N, 3 * C], 9, 1.5)] },
    {
      what: 'head',
      run: (ops, x, wte) => ops.head(x, wte),
      inputs: [randn([N, C], 10), randn([V, C], 11, 0.02)],
      atomic: backend === 'webgpu' && tfjsSplitsK(N, V, C), // dx = dy·wte over the vocabulary
    },
    { what: 'crossEntropy', run: (ops, logits) => ops.crossEntropy(logits as tf.Tensor2D, ids), inputs: [randn([N, V], 12, 2)] },
  ];
  return { ops, shared: [ids, mask] };
}

/** Whether a later token changes no earlier output of attention, to the bit, and does change its own. */
async function causalityCheck(ops: Ops, c: ParityCase): Promise<Check[]> {
  const { blockSize: T, nHead, nEmbd: C } = c.config;
  if (T < 2) return [];
  const [before, after] = tf.tidy(() => {
    const mask = causalMask(T);
    const qkv = tf.randomNormal([T, 3 * C], 0, 1.5, 'float32', 13); // one sequence
    const moved = tf.tensor2d(
      Array.from({ length: T }, (_, t) => (t === T - 1 ? 5 : 0)),
      [T, 1],
    ); // [T, 1]
    const later = tf.add(qkv, moved); // its last token's q, k and v moved
    const run = (x: tf.Tensor) => ops.causalAttention(x, { B: 1, T, nHead, mask });
    return [run(qkv), run(later)];
  });
  const [a, b] = [Float32Array.from(await before.data()), Float32Array.from(await after.data())];
  tf.dispose([before, after]);
  const past = (x: Float32Array) => x.subarray(0, (T - 1) * C);
  const last = (x: Float32Array) => x.subarray((T - 1) * C);
  return [
    { what: 'attention: earlier outputs unchanged by a later token', diff: 0, scale: 0, ok: sameBits(past(a), past(b)) },
    { what: 'attention: the moved token changes its own output', diff: 0, scale: 0, ok: !sameBits(last(a), last(b)) },
  ];
}

/**
 * Every op check of one case on the current tfjs backend (`backend` names it, for opsFor).
 * @param repeat also run each op of the implementation twice (double run).
 */
export async function compareOps(backend: BackendName, c: ParityCase, repeat: boolean): Promise<Check[]> {
  const [ref, impl] = [opsFor(backend, 'reference'), opsFor(backend, 'fused')];
  const cases = opCases(backend, c);
  const checks: Check[] = [];
  try {
    for (const op of cases.ops) {
      const [r, f] = [await valueAndGrads(ref, op), await valueAndGrads(impl, op)];
      f.forEach((x, i) => checks.push(check(`${op.what} ${i === 0 ? 'value' : `grad ${i}`}`, x, r[i], TOLERANCES.op)));
      if (repeat) {
        const again = await valueAndGrads(impl, op);
        again.forEach((x, i) => checks.push(repeatCheck(`${op.what} ${i === 0 ? 'value' : `grad ${i}`}`, x, f[i], op.atomic && i > 0)));
      }
    }
    checks.push(...(await causalityCheck(impl, c)));
  } finally {
    tf.dispose([...cases.ops.flatMap((op) => op.inputs), ...cases.shared]);
  }
  return checks;
}
