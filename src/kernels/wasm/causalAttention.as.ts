// AssemblyScript (compiled to WebAssembly with 128-bit SIMD by vite's assemblyscript plugin; not
// part of the TypeScript build). Causal multi-head self-attention for the CPU path, forward and
// backward, reading the heads in place from the qkv projection [B·T, 3C] (no head transposes),
// the same equations as kernels/attention.ts's WebGPU programs:
//   S = scale·q·kᵀ + mask,  P = softmax(S),  y = P·v                       per (batch, head)
//   dP = dy·vᵀ,  dS = scale·P⊙(dP − rowsum(dP⊙P)),  dq = dS·k,  dk = dSᵀ·q,  dv = Pᵀ·dy
// tfjs-wasm runs batched matMuls as a scalar loop (XNNPACK serves only plain 2-D products), so op
// by op this block costs six batched products, four transposes, the mask and the softmax; here a
// row of q touches only the keys it may see (half the products) with 4-wide vectors over the head.
// Pointers are byte offsets into this module's memory, laid out by kernels/attentionWasm.ts;
// the head size hs is a multiple of 4. Nothing here allocates.

/** First free byte after this module's static data: the caller lays its arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Σ a[d]·b[d] for d < hs, 4 lanes at a time. */
@inline function dot(a: usize, b: usize, hs: i32): f32 {
  let acc = f32x4.splat(0);
  for (let d = 0; d < hs; d += 4) {
    const o = <usize>(d << 2);
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

/** out[d] += s·x[d] for d < hs. */
@inline function axpy(out: usize, s: f32, x: usize, hs: i32): void {
  const sv = f32x4.splat(s);
  for (let d = 0; d < hs; d += 4) {
    const o = <usize>(d << 2);
    v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(sv, v128.load(x + o))));
  }
}

/** Byte offset of qkv[b·T + t, part·C + h·hs] in a [B·T, 3C] array (part 0 q, 1 k, 2 v). */
@inline function headAt(base: usize, b: i32, t: i32, part: i32, h: i32, T: i32, C: i32, hs: i32): usize {
  return base + (<usize>((b * T + t) * 3 * C + part * C + h * hs) << 2);
}

/**
 * Forward. qkv [B·T, 3C] in; y [B·T, C] (heads merged) and p [B, nh, T, T] (the probabilities,
 * zero above the diagonal) out.
 */
export function forward(qkv: usize, y: usize, p: usize, B: i32, T: i32, nh: i32, hs: i32, scale: f32): void {
  const C = nh * hs;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < nh; h++) {
      for (let i = 0; i < T; i++) {
        const row = p + (<usize>(((b * nh + h) * T + i) * T) << 2);
        const q = headAt(qkv, b, i, 0, h, T, C, hs);
        let mx: f32 = -Infinity;
        for (let j = 0; j <= i; j++) {
          const s = dot(q, headAt(qkv, b, j, 1, h, T, C, hs), hs) * scale;
          store<f32>(row + (<usize>j << 2), s);
          if (s > mx) mx = s;
        }
        let sum: f32 = 0;
        for (let j = 0; j <= i; j++) {
          const e = Mathf.exp(load<f32>(row + (<usize>j << 2)) - mx);
          store<f32>(row + (<usize>j << 2), e);
          sum += e;
        }
        const inv: f32 = 1 / sum;
        for (let j = 0; j <= i; j++) store<f32>(row + (<usize>j << 2), load<f32>(row + (<usize>j << 2)) * inv);
        memory.fill(row + (<usize>(i + 1) << 2), 0, <usize>(T - i - 1) << 2);
        // y_i = Σ_j P_ij v_j
        const out = y + (<usize>((b * T + i) * C + h * hs) << 2);
        memory.fill(out, 0, <usize>hs << 2);
        for (let j = 0; j <= i; j++) axpy(out, load<f32>(row + (<usize>j << 2)), headAt(qkv, b, j, 2, h, T, C, hs), hs);
      }
    }
  }
}

/**
 * Backward. qkv [B·T, 3C], p [B, nh, T, T] (from forward) and dy [B·T, C] in; dqkv [B·T, 3C] out
 * (overwritten). dP [T] is scratch for one row.
 */
export function backward(qkv: usize, p: usize, dy: usize, dqkv: usize, dP: usize, B: i32, T: i32, nh: i32, hs: i32, scale: f32): void {
  const C = nh * hs;
  memory.fill(dqkv, 0, <usize>(B * T * 3 * C) << 2);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < nh; h++) {
      for (let i = 0; i < T; i++) {
        const row = p + (<usize>(((b * nh + h) * T + i) * T) << 2);
        const dyi = dy + (<usize>((b * T + i) * C + h * hs) << 2);
        // dP_ij = dy_i·v_j and the row's Σ_j P_ij·dP_ij
        let rowsum: f32 = 0;
        for (let j = 0; j <= i; j++) {
          const g = dot(dyi, headAt(qkv, b, j, 2, h, T, C, hs), hs);
          store<f32>(dP + (<usize>j << 2), g);
          rowsum += load<f32>(row + (<usize>j << 2)) * g;
        }
        const qi = headAt(qkv, b, i, 0, h, T, C, hs);
        const dqi = headAt(dqkv, b, i, 0, h, T, C, hs);
        for (let j = 0; j <= i; j++) {
          const pij = load<f32>(row + (<usize>j << 2));
          const ds = pij * (load<f32>(dP + (<usize>j << 2)) - rowsum) * scale;
          axpy(dqi, ds, headAt(qkv, b, j, 1, h, T, C, hs), hs); // dq_i += dS_ij k_j
          axpy(headAt(dqkv, b, j, 1, h, T, C, hs), ds, qi, hs); // dk_j += dS_ij q_i
          axpy(headAt(dqkv, b, j, 2, h, T, C, hs), pij, dyi, hs); // dv_j += P_ij dy_i
        }
      }
    }
  }
}
