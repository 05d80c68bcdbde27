// Muon (muon.ts) against float64 references written here in plain arrays: the Newton–Schulz
// iteration on tall, wide and square matrices, on the CPU and WASM backends; one whole Muon step
// (clipping, Nesterov momentum, orthogonalised update, scale, decay) with AdamW beside it for the
// other parameters; a non-finite step changes nothing; save and restore continue exactly; a step
// leaves the tensor count as it found it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { muonOptimizer, muonScale, newtonSchulz, NS_COEFFICIENTS } from './muon';
import { referenceOptimizer } from './reference/adamw';
import { wasmOptimizer } from './wasm/adamw';
import type { AdamWStepConfig } from './ops';

/** A [r, c] matrix, row-major, float64. */
interface Mat {
  r: number;
  c: number;
  a: Float64Array;
}

const mat = (r: number, c: number, a = new Float64Array(r * c)): Mat => ({ r, c, a });
function times(x: Mat, y: Mat): Mat {
  const out = mat(x.r, y.c);
  for (let i = 0; i < x.r; i++)
    for (let k = 0; k < x.c; k++) {
      const xik = x.a[i * x.c + k];
      for (let j = 0; j < y.c; j++) out.a[i * y.c + j] += xik * y.a[k * y.c + j];
    }
  return out;
}
function transpose(x: Mat): Mat {
  const out = mat(x.c, x.r);
  for (let i = 0; i < x.r; i++) for (let j = 0; j < x.c; j++) out.a[j * x.r + i] = x.a[i * x.c + j];
  return out;
}
const combine = (x: Mat, s: number, y: Mat, t: number): Mat =>
  mat(
    x.r,
    x.c,
    x.a.map((v, i) => s * v + t * y.a[i]),
  );

/** modded-nanogpt's zeropower_via_newtonschulz5, in float64. */
function newtonSchulz64(g: Mat, steps: number): Mat {
  const [a, b, c] = NS_COEFFICIENTS;
  const tall = g.r > g.c;
  let x = tall ? transpose(g) : g;
  const norm = Math.sqrt(x.a.reduce((s, v) => s + v * v, 0));
  x = mat(
    x.r,
    x.c,
    x.a.map((v) => v / (norm + 1e-7)),
  );
  for (let i = 0; i < steps; i++) {
    const gram = times(x, transpose(x));
    const poly = combine(gram, b, times(gram, gram), c);
    x = combine(x, a, times(poly, x), 1);
  }
  return tall ? transpose(x) : x;
}

/** Seeded standard normals (mulberry32, Box–Muller): kernels/ keeps to its floor, so no data/rng. */
function normals(seed: number, n: number): Float64Array {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()));
}

const randomMat = (r: number, c: number, seed: number, scale = 1): Mat =>
  mat(
    r,
    c,
    normals(seed, r * c).map((x) => scale * x),
  );
const maxAbsDiff = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  return d;
};

describe.each(['cpu', 'wasm'])('Newton–Schulz on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it.each([
    [128, 384],
    [512, 128],
    [128, 128],
    [5, 3],
  ])('matches float64 on a [%i, %i] gradient (5 steps)', (r, c) => {
    const g = randomMat(r, c, r * 31 + c, 0.01);
    const want = newtonSchulz64(g, 5);
    const got = tf.tidy(() => newtonSchulz(tf.tensor2d(Float32Array.from(g.a), [r, c]), 5).dataSync());
    expect(got.length).toBe(r * c);
    // entries are about 1/√max(r, c); float32 through 15 products keeps ~1e-5 of that
    expect(maxAbsDiff(got, want.a)).toBeLessThan(2e-5);
  });

  it('pushes every singular value near 1 (an orthogonalisation)', () => {
    const g = randomMat(64, 96, 7);
    const x = tf.tidy(() => newtonSchulz(tf.tensor2d(Float32Array.from(g.a), [64, 96]), 5).dataSync());
    // X·Xᵀ's eigenvalues are the squared singular values: its diagonal sits in the quintic's band
    const gram = times(mat(64, 96, Float64Array.from(x)), transpose(mat(64, 96, Float64Array.from(x))));
    for (let i = 0; i < 64; i++) {
      expect(gram.a[i * 64 + i]).toBeGreaterThan(0.4);
      expect(gram.a[i * 64 + i]).toBeLessThan(1.5);
    }
  });
});

describe('a Muon step', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const shapes = [[6, 10], [10], [8, 6]]; // a hidden matrix, a bias, a hidden matrix
  const hidden = [true, false, true];
  const config = (lr: number, step: number): AdamWStepConfig => ({
    ...{ lr, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, step, gradClip: 1 },
    decayed: [true, false, true],
    muon: { lr: 20 * lr, momentum: 0.95, nsSteps: 5 },
  });

  function setUp(seed: number) {
    const values = shapes.map((s, i) => randomMat(s[0], s[1] ?? 1, seed + i, 0.1).a);
    const params = shapes.map((s, i) => tf.variable(tf.tensor(Float32Array.from(values[i]), s)));
    const grads = [1, 2].map((k) => shapes.map((s, i) => randomMat(s[0], s[1] ?? 1, 100 * k + i, 0.5).a));
    return { values, params, grads };
  }

  it('matches a float64 Muon (clipped, Nesterov, scaled, decayed) over two steps, AdamW beside it', () => {
    const { values, params, grads } = setUp(1);
    for (const adamw of [referenceOptimizer, wasmOptimizer]) {
      params.forEach((p, i) => p.assign(tf.tensor(Float32Array.from(values[i]), shapes[i])));
      const opt = muonOptimizer(params, hidden, adamw);
      const tensors = tf.memory().numTensors;
      // float64 reference of the Muon parameters
      const p64 = values.map((a) => Float64Array.from(a));
      const buf = values.map((a) => new Float64Array(a.length));
      grads.forEach((gs, k) => {
        const c = config(0.01, k + 1);
        const norm = Math.sqrt(gs.reduce((s, g) => s + g.reduce((t, x) => t + x * x, 0), 0));
        const clip = Math.min(1, 1 / (norm + 1e-6));
        hidden.forEach((h, i) => {
          if (!h) return;
          const g = gs[i].map((x) => x * clip);
          buf[i] = buf[i].map((b, j) => 0.95 * b + g[j]);
          const u = newtonSchulz64(
            mat(
              shapes[i][0],
              shapes[i][1],
              g.map((x, j) => x + 0.95 * buf[i][j]),
            ),
            5,
          );
          const scale = muonScale(shapes[i]);
          // decayed at AdamW's lr, as muon.ts chooses (Keller Jordan's Muon decays at its own)
          p64[i] = p64[i].map((x, j) => x * (1 - c.lr * c.weightDecay) - c.muon!.lr * scale * u.a[j]);
        });
        const ts = gs.map((g, i) => tf.tensor(Float32Array.from(g), shapes[i]));
        const loss = tf.scalar(1);
        tf.dispose([opt.step(ts, loss, c), ...ts, loss]);
        expect(tf.memory().numTensors).toBe(tensors); // a step keeps nothing but the state it had
      });
      hidden.forEach((h, i) => h && expect(maxAbsDiff(params[i].dataSync(), p64[i])).toBeLessThan(2e-6));
      // the bias took AdamW's step: it moved, by at most about lr per step
      const bias = params[1].dataSync();
      expect(maxAbsDiff(bias, values[1])).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(bias, values[1])).toBeLessThan(0.025);
      opt.dispose();
    }
    tf.dispose(params);
  });

  it('changes nothing on a non-finite loss or gradient, and says NaN', () => {
    const { values, params, grads } = setUp(2);
    const opt = muonOptimizer(params, hidden, referenceOptimizer);
    const tensors = tf.memory().numTensors;
    for (const [loss, poison] of [
      [NaN, false],
      [1, true],
    ] as const) {
      const ts = grads[0].map((g, i) =>
        tf.tensor(
          Float32Array.from(g).map((x, j) => (poison && i === 0 && j === 0 ? Infinity : x)),
          shapes[i],
        ),
      );
      const lossTensor = tf.scalar(loss);
      const out = opt.step(ts, lossTensor, config(0.01, 1));
      expect(Number.isNaN(out.dataSync()[0])).toBe(true);
      tf.dispose([out, ...ts, lossTensor]);
      expect(tf.memory().numTensors).toBe(tensors);
      params.forEach((p, i) => expect(maxAbsDiff(p.dataSync(), Float32Array.from(values[i]))).toBe(0));
    }
    opt.dispose();
    tf.dispose(params);
  });

  it('continues exactly from its saved moments', async () => {
    const run = async (saveAfterFirst: boolean) => {
      const { params, grads } = setUp(3);
      let opt = muonOptimizer(params, hidden, wasmOptimizer);
      const stepWith = (k: number) => {
        const ts = grads[k].map((g, i) => tf.tensor(Float32Array.from(g), shapes[i]));
        const loss = tf.scalar(1);
        tf.dispose([opt.step(ts, loss, config(0.01, k + 1)), ...ts, loss]);
      };
      stepWith(0);
      if (saveAfterFirst) {
        const saved = await opt.save();
        expect(saved.m.map((a) => a.length)).toEqual([60, 10, 48]);
        opt.dispose();
        opt = muonOptimizer(params, hidden, wasmOptimizer);
        opt.restore(saved);
      }
      stepWith(1);
      const out = params.map((p) => p.dataSync().slice());
      opt.dispose();
      tf.dispose(params);
      return out;
    };
    const straight = await run(false);
    const resumed = await run(true);
    resumed.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(straight[i])));
  });

  it('refuses a hidden parameter that is not a matrix', () => {
    const p = tf.variable(tf.zeros([4]));
    expect(() => muonOptimizer([p], [true], referenceOptimizer)).toThrow(/2-D matrices only/);
    p.dispose();
  });
});
