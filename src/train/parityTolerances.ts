// How close an implementation must come to the reference, in one place (the parity suite:
// parityCases.ts, parityCompare.ts). A check passes when max |impl − ref| ≤ atol + rtol · max |ref|
// over the tensor. Float32 sums in another order (tiled matMuls, a kernel's own loops) differ in
// the last bits, and the differences grow with the length of the sum. Each rtol is about 10× the
// largest relative difference measured (2026-12, every case): WASM op 1.7e-6, logits 9.1e-7,
// gradients 1.6e-6, AdamW step 1.2e-5; tfjs CPU at most 5.1e-7; WebGPU on SwiftShader op 6.9e-7,
// logits 7.8e-7, gradients 1.4e-6, AdamW step 1.9e-6.
// Where WebGPU adds with float atomics, in tfjs's own programs (UnsortedSegmentSum: the gather
// embedding's gradient; MatMulSplitK: the head's dx where tfjs splits it over a large vocabulary),
// the order of additions varies and two runs of the same step may differ in the last bits: bounded
// by ATOMIC_REPEAT (measured 6.2e-7 relative, the head's dx at a vocabulary of 50,257). Our own
// programs use no atomics: they must repeat bit for bit.
export interface Tolerance {
  atol: number;
  rtol: number;
}

export const TOLERANCES = {
  /** Forward: logits and the loss. */
  forward: { atol: 1e-7, rtol: 1e-5 },
  /** Gradient of each parameter, scaled by that gradient's largest element. */
  grads: { atol: 1e-9, rtol: 2e-5 },
  /** One optimizer step from the same weights, moments and gradients: weights and both moments. */
  step: { atol: 1e-9, rtol: 1e-4 },
  /** A single op (value and input gradients) against its reference. */
  op: { atol: 1e-9, rtol: 2e-5 },
} as const satisfies Record<string, Tolerance>;

/** Two runs of an op that adds with float atomics (the order of additions varies). */
export const ATOMIC_REPEAT: Tolerance = { atol: 1e-7, rtol: 1e-5 };

/** Whether a difference is within a tolerance, given the reference's largest magnitude. */
export const within = (diff: number, scale: number, t: Tolerance): boolean => diff <= t.atol + t.rtol * scale;
