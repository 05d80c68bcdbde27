// AssemblyScript (compiled to WebAssembly with 128-bit SIMD by vite's assemblyscript plugin; not
// part of the TypeScript build). LayerNorm over the last axis for the CPU path, forward and
// backward, 4 lanes at a time; op by op it is ~8 tfjs ops forward and ~15 backward per call. The
// same equations as kernels/layerNorm.ts (Ba et al. 2016; torch.nn.LayerNorm, biased variance):
//   x̂ = (x − μ)·r,  r = 1/√(σ² + eps),  y = x̂·w + b
//   dx = r·(dy·w − mean(dy·w) − x̂·mean(dy·w·x̂)),  dw = Σ_rows dy·x̂,  db = Σ_rows dy
// Pointers are byte offsets laid out by kernels/layerNormWasm.ts; C is a multiple of 4.

/** First free byte after this module's static data: the caller lays its arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Forward over N rows of C: x [N, C], w [C], b [C] in; y [N, C] and stats [N, 2] (μ, r) out. */
export function forward(x: usize, w: usize, b: usize, y: usize, stats: usize, N: i32, C: i32, eps: f32): void {
  const inv: f32 = 1 / <f32>C;
  for (let n = 0; n < N; n++) {
    const row = x + (<usize>(n * C) << 2);
    let acc = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) acc = f32x4.add(acc, v128.load(row + (<usize>c << 2)));
    const mean = hsum(acc) * inv;
    const mv = f32x4.splat(mean);
    acc = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const d = f32x4.sub(v128.load(row + (<usize>c << 2)), mv);
      acc = f32x4.add(acc, f32x4.mul(d, d));
    }
    const r: f32 = 1 / Mathf.sqrt(hsum(acc) * inv + eps);
    const rv = f32x4.splat(r);
    const out = y + (<usize>(n * C) << 2);
    for (let c = 0; c < C; c += 4) {
      const o = <usize>c << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(row + o), mv), rv);
      v128.store(out + o, f32x4.add(f32x4.mul(xhat, v128.load(w + o)), v128.load(b + o)));
    }
    store<f32>(stats + (<usize>(2 * n) << 2), mean);
    store<f32>(stats + (<usize>(2 * n + 1) << 2), r);
  }
}

/**
 * Backward: x [N, C], w [C], stats [N, 2] (from forward) and dy [N, C] in; dx [N, C], dw [C] and
 * db [C] out (overwritten).
 */
export function backward(x: usize, w: usize, stats: usize, dy: usize, dx: usize, dw: usize, db: usize, N: i32, C: i32): void {
  const inv: f32 = 1 / <f32>C;
  memory.fill(dw, 0, <usize>C << 2);
  memory.fill(db, 0, <usize>C << 2);
  for (let n = 0; n < N; n++) {
    const o0 = <usize>(n * C) << 2;
    const mv = f32x4.splat(load<f32>(stats + (<usize>(2 * n) << 2)));
    const rv = f32x4.splat(load<f32>(stats + (<usize>(2 * n + 1) << 2)));
    // row sums of g = dy·w and of g·x̂; dw, db accumulate
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const o = <usize>c << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o0 + o), mv), rv);
      const d = v128.load(dy + o0 + o);
      const g = f32x4.mul(d, v128.load(w + o));
      sg = f32x4.add(sg, g);
      sgx = f32x4.add(sgx, f32x4.mul(g, xhat));
      v128.store(dw + o, f32x4.add(v128.load(dw + o), f32x4.mul(d, xhat)));
      v128.store(db + o, f32x4.add(v128.load(db + o), d));
    }
    const mg = f32x4.splat(hsum(sg) * inv);
    const mgx = f32x4.splat(hsum(sgx) * inv);
    for (let c = 0; c < C; c += 4) {
      const o = <usize>c << 2;
      const xhat = f32x4.mul(f32x4.sub(v128.load(x + o0 + o), mv), rv);
      const g = f32x4.mul(v128.load(dy + o0 + o), v128.load(w + o));
      v128.store(dx + o0 + o, f32x4.mul(rv, f32x4.sub(f32x4.sub(g, mg), f32x4.mul(xhat, mgx))));
    }
  }
}
