import { describe, expect, it } from 'vitest';
import { longRunRows, lossRows, speedRows } from './chartData';
import type { LongRunManifest } from '../protocol/longRun';
import type { MetricPoint } from '../protocol/reports';

const point = (step: number, tokensPerSecond?: number): MetricPoint => ({
  step,
  tokens: step * 10,
  trainLoss: 4 - step / 100,
  elapsedMs: step,
  tokensPerSecond,
});

describe('chart rows', () => {
  it('merges validation points into the training rows by step', () => {
    const rows = lossRows(
      [point(0), point(1), point(2)],
      [
        { step: 0, valLoss: 4.5 },
        { step: 3, valLoss: 3 },
      ],
    );
    expect(rows.map((r) => r.step)).toEqual([0, 1, 2, 3]);
    expect(rows[0]).toMatchObject({ trainLoss: 4, valLoss: 4.5 });
    expect(rows[0].valPerplexity).toBeCloseTo(Math.exp(4.5));
    expect(rows[3]).toEqual({ step: 3, valLoss: 3, valPerplexity: Math.exp(3) });
  });

  it('scales the losses into bits per character, never the perplexities', () => {
    const [row] = lossRows([point(0)], [{ step: 0, valLoss: 2 }], 1 / Math.LN2);
    expect(row.trainLoss).toBeCloseTo(4 / Math.LN2, 12);
    expect(row.valLoss).toBeCloseTo(2 / Math.LN2, 12);
    expect(row.valPerplexity).toBeCloseTo(Math.exp(2), 12);
  });

  it('keeps a 20 000-step run to at most 500 rows per chart, its last step included', () => {
    const points = Array.from({ length: 20_000 }, (_, i) => point(i, 1000));
    const evals = Array.from({ length: 2000 }, (_, i) => ({ step: i * 10, valLoss: 2 }));
    const rows = lossRows(points, evals);
    expect(rows.length).toBeLessThanOrEqual(500);
    expect(rows.at(-1)?.step).toBe(19_999);
    expect(speedRows(points).length).toBeLessThanOrEqual(500);
  });

  it('thins the loss rows by decades of steps for a log step axis', () => {
    const points = Array.from({ length: 20_000 }, (_, i) => point(i, 1000));
    const evals = Array.from({ length: 2000 }, (_, i) => ({ step: i * 10, valLoss: 2 + Math.sin(i) }));
    const early = (rows: { step: number }[]) => rows.filter((r) => r.step >= 1 && r.step < 100).length;
    const log = lossRows(points, evals, 1, 'log');
    expect(log.length).toBeLessThanOrEqual(500);
    expect(early(log)).toBeGreaterThanOrEqual(40);
    expect(early(lossRows(points, evals))).toBeLessThan(10);
  });

  it('leaves out steps without a throughput reading', () => {
    expect(speedRows([point(0), point(1, 500)])).toEqual([{ step: 1, tokensPerSecond: 500 }]);
  });
});

describe("the long run's rows", () => {
  const snapshot = (step: number, valLoss: number) => ({ step, file: `step-${step}.bin`, bytes: 1, valLoss, wallSeconds: step });
  const manifest: LongRunManifest = {
    format: 1,
    text: 'moby-dick',
    command: 'npm run pretrain',
    settings: { seed: 1, maxSteps: 250, lr: 1e-3, warmupSteps: 1, batchSize: 2 },
    tokenizer: { kind: 'char', chars: ['a'] },
    config: { vocabSize: 1, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8 },
    steps: 250,
    finished: true,
    wallSeconds: 1,
    snapshots: [snapshot(0, 4.5), snapshot(100, 2.55), snapshot(250, 2.3)],
    curve: {
      evals: [
        [0, 4.52],
        [250, 2.31],
      ],
      train: [],
    },
  };

  it('draws its line through the snapshots between its evaluations; an evaluation keeps its step', () => {
    const rows = longRunRows(manifest, [{ step: 100, valLoss: 2.6 }]);
    expect(rows.map((r) => [r.step, r.long])).toEqual([
      [0, 4.52],
      [100, 2.55],
      [250, 2.31],
    ]);
    expect(rows[1]).toEqual({ step: 100, long: 2.55, snapshot: 2.55, mine: 2.6 });
  });
});
