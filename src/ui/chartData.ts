// Chart rows from the run's metrics: thinned (downsample.ts: lowest and highest per bucket of
// steps, or of log steps for a log step axis) and merged by step into one table per chart, the shape recharts expects (one `data`
// array, one key per line). The store keeps the whole history; only the drawing is bounded.
import type { EvalPoint, MetricPoint } from '../protocol/reports';
import type { LongRunManifest } from '../protocol/longRun';
import { downsample, type BucketScale } from './downsample';

export interface LossRow {
  step: number;
  trainLoss?: number;
  valLoss?: number;
  trainPerplexity?: number;
  valPerplexity?: number;
}

/** Points drawn per line at most: a few per pixel of a chart's width. */
export const TRAIN_POINTS = 300;
export const VAL_POINTS = 200;

/**
 * Train and val losses (and their perplexities, e^loss) by step, ascending; at most TRAIN_POINTS + VAL_POINTS rows.
 * @param scale multiplies the losses (not the perplexities): 1 for nats per token, the validation
 *   windows' bits-per-character factor (protocol/compression.ts bitsPerCharScale) for bits per character.
 * @param steps how the chart's step axis is drawn: 'log' thins in equal ratios of steps, so every decade keeps its points.
 */
export function lossRows(points: readonly MetricPoint[], evals: readonly EvalPoint[], scale = 1, steps: BucketScale = 'linear'): LossRow[] {
  const rows = new Map<number, LossRow>();
  for (const p of downsample(
    points,
    TRAIN_POINTS,
    (q) => q.step,
    (q) => q.trainLoss,
    steps,
  )) {
    rows.set(p.step, { step: p.step, trainLoss: p.trainLoss * scale, trainPerplexity: Math.exp(p.trainLoss) });
  }
  for (const e of downsample(
    evals,
    VAL_POINTS,
    (q) => q.step,
    (q) => q.valLoss,
    steps,
  )) {
    const row = rows.get(e.step) ?? { step: e.step };
    rows.set(e.step, { ...row, valLoss: e.valLoss * scale, valPerplexity: Math.exp(e.valLoss) });
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

export interface SpeedRow {
  step: number;
  tokensPerSecond: number;
}

/** Tokens/s by step, leaving out the shader-compile steps that have none; at most TRAIN_POINTS rows. */
export function speedRows(points: readonly MetricPoint[]): SpeedRow[] {
  const rows: SpeedRow[] = [];
  for (const p of points) if (p.tokensPerSecond !== undefined) rows.push({ step: p.step, tokensPerSecond: p.tokensPerSecond });
  return downsample(
    rows,
    TRAIN_POINTS,
    (r) => r.step,
    (r) => r.tokensPerSecond,
  );
}

/** One row per number of examples, a column per measured step, and the latest curve's interval. */
export function fewShotRows(
  curves: readonly { step: number; result: { points: readonly { k: number; accuracy: number; low: number; high: number }[] } }[],
) {
  const latest = curves.at(-1);
  const ks = latest?.result.points.map((p) => p.k) ?? [];
  return ks.map((k) => {
    const row: Record<string, number | [number, number]> = { k };
    for (const c of curves) {
      const p = c.result.points.find((q) => q.k === k);
      if (p) row[`step${c.step}`] = p.accuracy;
    }
    const p = latest?.result.points.find((q) => q.k === k);
    if (p) row.interval = [p.accuracy - p.low, p.high - p.accuracy];
    return row;
  });
}

export interface InContextRow {
  step: number;
  score: number;
}

/** The in-context score at each evaluation that has one. */
export const inContextRows = (evals: readonly EvalPoint[]): InContextRow[] =>
  evals.flatMap((e) => (e.inContext === undefined ? [] : [{ step: e.step, score: e.inContext }]));

/** One step of the long run's chart: the long run's validation loss, a snapshot's, and the person's. */
export interface LongRunRow {
  step: number;
  long?: number;
  snapshot?: number;
  mine?: number;
}

/**
 * Both curves' points by step, ascending (a step both evaluated is one row). The long run's line
 * goes through its snapshots too: its evaluations are every 250 steps, so without them its line
 * ran straight from step 0 to 250, above its own step-100 snapshot (and above a person's run).
 */
export function longRunRows(manifest: LongRunManifest, own: readonly EvalPoint[]): LongRunRow[] {
  const rows = new Map<number, LongRunRow>();
  const at = (step: number): LongRunRow => rows.get(step) ?? rows.set(step, { step }).get(step)!;
  for (const [step, valLoss] of manifest.curve.evals) at(step).long = valLoss;
  for (const s of manifest.snapshots) {
    const row = at(s.step);
    row.snapshot = s.valLoss;
    row.long ??= s.valLoss; // an evaluation at the same step stays the line's
  }
  for (const e of own) at(e.step).mine = e.valLoss;
  return [...rows.values()].sort((a, b) => a.step - b.step);
}
