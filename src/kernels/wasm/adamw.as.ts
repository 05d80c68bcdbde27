// AssemblyScript (compiled to WebAssembly with 128-bit SIMD by vite's assemblyscript plugin; not
// part of the TypeScript build). Global-norm clipping and the AdamW update for the CPU path over
// flat float32 arrays, 4 lanes at a time: op by op, tfjs runs ~14 ops per parameter and each pays
// the engine's per-op cost, which at our sizes is most of the time. Same arithmetic as
// train/adamw.ts's applyGradients after train/trainStep.ts's clipByGlobalNorm (torch.optim.AdamW,
// torch.nn.utils.clip_grad_norm_). Pointers are byte offsets laid out by kernels/adamwWasm.ts;
// lengths are multiples of 4 (the caller pads).

/** First free byte after this module's static data: the caller lays its arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Σ g[i]² over n floats: blocks of 1,024 in float32 lanes, the blocks added in float64. */
export function sumOfSquares(g: usize, n: i32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i += 1024) {
    // a block of ≤ 1024 in 4 float32 lanes, then into the float64 total
    let acc = f32x4.splat(0);
    const end = min(i + 1024, n);
    for (let j = i; j < end; j += 4) {
      const x = v128.load(g + ((<usize>j) << 2));
      acc = f32x4.add(acc, f32x4.mul(x, x));
    }
    total +=
      <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  }
  return total;
}

/**
 * One AdamW update in place of n parameters p with gradients g (scaled by clip first) and
 * moments m, v (1 − β given as computed in float64 by the caller, as tfjs's scalars are):
 * m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 * p ← p·decay − stepSize · m / (√v / √bc2 + eps), where decay = 1 − lr·wd (1 for no decay) and
 * stepSize = lr / bc1.
 */
export function update(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  clip: f32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  eps: f32,
  decay: f32,
  stepSize: f32,
  sqrtBc2: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const k = f32x4.splat(clip);
  const e = f32x4.splat(eps);
  const d = f32x4.splat(decay);
  const s = f32x4.splat(stepSize);
  const r = f32x4.splat(sqrtBc2);
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    const gi = f32x4.mul(v128.load(g + o), k);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), c2));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), r), e);
    v128.store(p + o, f32x4.sub(f32x4.mul(v128.load(p + o), d), f32x4.mul(f32x4.div(mi, denom), s)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
  }
}
