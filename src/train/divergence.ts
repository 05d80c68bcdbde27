// What the loop does about steps whose loss or gradients were not finite. The step itself is
// skipped on the device (trainStep: the weights and moments keep their values, the loss comes back
// NaN), so the run never holds a non-finite weight; here the loop learns of it when the losses are
// read back, halves the learning rate for the next LR_HALVED_STEPS steps, and after
// MAX_SKIPPED_IN_A_ROW skipped steps in a row asks to go back to the last save.
// (Mixed-precision trainers skip such steps the same way: PyTorch's GradScaler.)
import type { MetricPoint } from '../protocol/reports';

export const LR_HALVED_STEPS = 100;
export const MAX_SKIPPED_IN_A_ROW = 3;

export type DivergenceVerdict =
  | { kind: 'ok' }
  /** Some steps were skipped; training goes on at half the learning rate. */
  | { kind: 'skipped'; steps: number[]; message: string }
  /** Too many in a row: the run should go back to its last save. */
  | { kind: 'rollback'; steps: number[]; message: string };

export class DivergenceGuard {
  /** Steps before this one run at half the learning rate. */
  private halvedUntil = 0;
  private inARow = 0;
  private lastSkipped = -2;

  /** The learning-rate factor for `step`: ½ for LR_HALVED_STEPS steps after a skipped one, else 1. */
  lrFactor(step: number): number {
    return step < this.halvedUntil ? 0.5 : 1;
  }

  /**
   * Sorts read-back points into the finite ones (for the charts) and a verdict on the others.
   * Points come oldest first, as LossReadback returns them.
   */
  review(points: readonly MetricPoint[], lr: (step: number) => number): { finite: MetricPoint[]; verdict: DivergenceVerdict } {
    const finite: MetricPoint[] = [];
    const skipped: number[] = [];
    for (const p of points) {
      if (Number.isFinite(p.trainLoss)) {
        finite.push(p);
        this.inARow = 0;
        continue;
      }
      skipped.push(p.step);
      this.inARow = p.step === this.lastSkipped + 1 ? this.inARow + 1 : 1;
      this.lastSkipped = p.step;
      this.halvedUntil = p.step + 1 + LR_HALVED_STEPS;
    }
    if (skipped.length === 0) return { finite, verdict: { kind: 'ok' } };
    const one = skipped.length === 1;
    const advice = `If it keeps happening, lower the learning rate in Settings (it was ${lr(skipped.at(-1)!).toPrecision(2)}).`;
    if (this.inARow >= MAX_SKIPPED_IN_A_ROW) {
      this.inARow = 0;
      const message = `${MAX_SKIPPED_IN_A_ROW} steps in a row had a loss or gradients that were not finite (the last: step ${skipped.at(-1)}), so the run went back to its last save. ${advice}`;
      return { finite, verdict: { kind: 'rollback', steps: skipped, message } };
    }
    const which = one ? `Step ${skipped[0]}` : `Steps ${skipped.join(', ')}`;
    const message = `${which} had a loss or gradients that were not finite (NaN or infinity): ${one ? 'it was' : 'they were'} skipped and the learning rate halved for the next ${LR_HALVED_STEPS} steps. ${advice}`;
    return { finite, verdict: { kind: 'skipped', steps: skipped, message } };
  }
}
