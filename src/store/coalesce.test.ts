// Metrics reach the store at most every METRICS_EVERY_MS, joined, in order, with nothing lost.
import { describe, expect, it } from 'vitest';
import { createMetricsCoalescer, METRICS_EVERY_MS, type Timers } from './coalesce';
import type { EngineEvent } from '../protocol/events';

/** A clock the test moves by hand. */
function manualTimers() {
  let now = 0;
  let pending: { at: number; run: () => void } | null = null;
  const timers: Timers = {
    now: () => now,
    setTimeout: (run, ms) => (pending = { at: now + ms, run }),
    clearTimeout: (t) => {
      if (pending === t) pending = null;
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = pending;
    if (due && due.at <= now) {
      pending = null;
      due.run();
    }
  };
  return { timers, advance };
}

const metrics = (runId: number, ...steps: number[]): EngineEvent => ({
  type: 'run.metrics',
  runId,
  points: steps.map((step) => ({ step, tokens: step, trainLoss: 2, elapsedMs: step })),
  evals: steps.filter((s) => s % 10 === 0).map((step) => ({ step, valLoss: 2 })),
});
const steps = (e: EngineEvent) => (e.type === 'run.metrics' ? e.points.map((p) => p.step) : e.type);

/** A coalescer on manual timers, with what it delivered. */
function coalescer() {
  const { timers, advance } = manualTimers();
  const out: EngineEvent[] = [];
  return { c: createMetricsCoalescer((e) => out.push(e), METRICS_EVERY_MS, timers), out, advance };
}

describe('metrics coalescer', () => {
  it('lets the first batch through at once, then joins batches that come within the interval', () => {
    const { c, out, advance } = coalescer();
    c.push(metrics(1, 0));
    expect(out.map(steps)).toEqual([[0]]);
    // The worker reports every 50 ms here: 5 batches in the next 250 ms become one update.
    for (let step = 1; step <= 5; step++) {
      advance(50);
      c.push(metrics(1, step * 10 - 1, step * 10));
    }
    expect(out.length).toBeLessThanOrEqual(2);
    advance(METRICS_EVERY_MS);
    expect(out.map(steps).flat()).toEqual([0, 9, 10, 19, 20, 29, 30, 39, 40, 49, 50]);
    const evals = out.flatMap((e) => (e.type === 'run.metrics' ? e.evals.map((v) => v.step) : []));
    expect(evals).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('sends at most one update per interval however fast batches come', () => {
    const { c, out, advance } = coalescer();
    for (let i = 0; i < 200; i++) {
      c.push(metrics(1, i));
      advance(10); // 2 s of batches every 10 ms
    }
    advance(METRICS_EVERY_MS);
    expect(out.length).toBeLessThanOrEqual(2000 / METRICS_EVERY_MS + 1);
    expect(out.map(steps).flat()).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('lets held metrics through before any other event, so order is kept', () => {
    const { c, out, advance } = coalescer();
    c.push(metrics(1, 0));
    advance(10);
    c.push(metrics(1, 1));
    c.push({ type: 'run.state', runId: 1, state: 'paused', step: 2 });
    expect(out.map(steps)).toEqual([[0], [1], 'run.state']);
    advance(1000); // the cancelled timer sends nothing more
    expect(out).toHaveLength(3);
  });

  it('never joins batches of different runs', () => {
    const { c, out, advance } = coalescer();
    c.push(metrics(1, 0));
    advance(10);
    c.push(metrics(1, 1));
    c.push(metrics(2, 0));
    advance(METRICS_EVERY_MS);
    expect(out.map((e) => [e.type === 'run.metrics' ? e.runId : 0, steps(e)])).toEqual([
      [1, [0]],
      [1, [1]],
      [2, [0]],
    ]);
  });
});
