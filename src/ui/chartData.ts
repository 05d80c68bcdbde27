// Chart rows from the run's metrics: thinned (downsample.ts) and merged by step into one table
// per chart, the shape recharts expects (one `data` array, one key per line).
import type { EvalPoint, MetricPoint } from '../protocol/reports';
import { downsample } from './downsample';

export interface LossRow {
  step: number;
  trainLoss?: number;
  valLoss?: number;
  trainPerplexity?: number;
  valPerplexity?: number;
}

/** Train and val losses (and their perplexities, e^loss) by step, ascending. */
export function lossRows(points: readonly MetricPoint[], evals: readonly EvalPoint[], maxPoints = 240): LossRow[] {
  const rows = new Map<number, LossRow>();
  for (const p of downsample(points, maxPoints, maxPoints / 3)) {
    rows.set(p.step, { step: p.step, trainLoss: p.trainLoss, trainPerplexity: Math.exp(p.trainLoss) });
  }
  for (const e of downsample(evals, maxPoints, maxPoints / 3)) {
    const row = rows.get(e.step) ?? { step: e.step };
    rows.set(e.step, { ...row, valLoss: e.valLoss, valPerplexity: Math.exp(e.valLoss) });
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

export interface SpeedRow {
  step: number;
  tokensPerSecond: number;
}

/** Tokens/s by step, leaving out the shader-compile steps that have none. */
export function speedRows(points: readonly MetricPoint[], maxPoints = 240): SpeedRow[] {
  return downsample(points.filter((p) => p.tokensPerSecond !== undefined), maxPoints, maxPoints / 3).map((p) => ({
    step: p.step,
    tokensPerSecond: p.tokensPerSecond!,
  }));
}
