// What the loop does about steps whose loss or gradients were not finite. The step itself is
// skipped on the device (trainStep: the weights and moments keep their values, the loss comes back
// NaN), so the run never holds a non-finite weight; here the loop learns of it when the losses are
// read back, halves the learning rate for the next LR_HALVED_STEPS steps, and after
// MAX_SKIPPED_IN_A_ROW skipped steps in a row asks to go back to the last save.
// (Mixed-precision trainers skip such steps the same way: PyTorch's GradScaler.)
import type { MetricPoint } from '../protocol/reports';
import { learningRate, type LrSchedule } from './lrSchedule';

export const LR_HALVED_STEPS = 100;
export const MAX_SKIPPED_IN_A_ROW = 3;

export type DivergenceVerdict =
  | { kind: 'ok' }
  /** Some steps were skipped; training goes on at half the learning rate. */
  | { kind: 'skipped'; steps: number[]; message: string }
  /** Too many in a row: the run should go back to its last save. */
  | { kind: 'rollback'; steps: number[]; message: string };

export class DivergenceGuard {
  /** @param halvedUntil steps before this one run at half the learning rate (a rolled-back run's). */
  constructor(
    private readonly schedule: LrSchedule,
    private halvedUntil = 0,
  ) {}

  private inARow = 0;
  /** Skips before this step fall in a halving already said: not said again (one notice, not a pile). */
  private saidUntil = 0;
  private lastSkipped = -2;

  /** The schedule's learning rate for `step`, halved for LR_HALVED_STEPS steps after a skipped one. */
  lr(step: number): number {
    return learningRate(step, this.schedule) * (step < this.halvedUntil ? 0.5 : 1);
  }

  /**
   * Sorts read-back points into the finite ones (for the charts) and a verdict on the others.
   * Points come oldest first, as LossReadback returns them.
   */
  review(points: readonly MetricPoint[]): { finite: MetricPoint[]; verdict: DivergenceVerdict } {
    const finite: MetricPoint[] = [];
    const skipped: number[] = [];
    let rollback = false;
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
      rollback ||= this.inARow >= MAX_SKIPPED_IN_A_ROW;
    }
    if (skipped.length === 0 || (!rollback && skipped[0] < this.saidUntil)) return { finite, verdict: { kind: 'ok' } };
    const one = skipped.length === 1;
    const advice = `If it keeps happening, lower the learning rate in Settings (its peak is ${this.schedule.lr}).`;
    if (rollback) {
      this.inARow = 0;
      // The engine says where the run went back to, and the advice (worker/recoveryNotice.ts).
      const message = `${MAX_SKIPPED_IN_A_ROW} steps in a row had a loss or gradients that were not finite (the last: step ${skipped.at(-1)}).`;
      return { finite, verdict: { kind: 'rollback', steps: skipped, message } };
    }
    this.saidUntil = this.halvedUntil;
    const which = one ? `Step ${skipped[0]}` : `Steps ${skipped.slice(0, -1).join(', ')} and ${skipped.at(-1)}`;
    const message = `${which} had a loss or gradients that were not finite (NaN or infinity): ${one ? 'it was' : 'they were'} skipped and the learning rate halved for the next ${LR_HALVED_STEPS} steps. ${advice}`;
    return { finite, verdict: { kind: 'skipped', steps: skipped, message } };
  }
}
