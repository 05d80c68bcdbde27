// Learning-rate schedule, nanoGPT's get_lr: linear warmup, cosine decay to a floor, then the floor.

export interface LrSchedule {
  /** Peak learning rate, reached at the end of warmup. */
  lr: number;
  /** Floor the cosine decays to (nanoGPT: about lr / 10). */
  minLr: number;
  warmupSteps: number;
  /** Step at which the cosine reaches minLr. */
  decaySteps: number;
}

/** Learning rate at 0-based `step`. */
export function learningRate(step: number, s: LrSchedule): number {
  // 1) linear warmup: lr/warmupSteps at step 0, lr at step warmupSteps - 1
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  // 2) past the decay horizon: hold the floor
  if (step >= s.decaySteps) return s.minLr;
  // 3) in between: cosine from lr down to minLr
  const decayRatio = (step - s.warmupSteps) / (s.decaySteps - s.warmupSteps); // in [0, 1)
  const coeff = 0.5 * (1 + Math.cos(Math.PI * decayRatio)); // 1 → 0
  return s.minLr + coeff * (s.lr - s.minLr);
}
