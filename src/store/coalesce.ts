// Metrics reach the store at most every METRICS_EVERY_MS: the worker reports after every loss
// read-back (every ~200 ms, or every step on a slow one), and each store update re-renders every
// panel that shows a live number. Batches that arrive closer together are joined into one event.
// Any other event first lets the held batch through, so the store sees events in the order sent.
import type { EngineEvent } from '../protocol/events';

export const METRICS_EVERY_MS = 250;

type MetricsEvent = Extract<EngineEvent, { type: 'run.metrics' }>;

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Two batches of the same run as one, in order. */
const join = (a: MetricsEvent, b: MetricsEvent): MetricsEvent => ({
  ...a,
  points: [...a.points, ...b.points],
  evals: [...a.evals, ...b.evals],
});

/**
 * Passes events on to `deliver`, holding `run.metrics` back so that they leave at most every
 * `everyMs`: the first after a quiet spell goes at once, later ones wait for the interval's end,
 * joined. Nothing is dropped or reordered.
 * @returns push (give it every event) and flush (let a held batch through now).
 */
export function createMetricsCoalescer(deliver: (e: EngineEvent) => void, everyMs = METRICS_EVERY_MS, timers: Timers = browserTimers) {
  let held: MetricsEvent | null = null;
  let timer: unknown = null;
  let lastSent = -Infinity;

  const flush = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (!held) return;
    const e = held;
    held = null;
    lastSent = timers.now();
    deliver(e);
  };

  const push = (e: EngineEvent): void => {
    if (e.type !== 'run.metrics') {
      flush();
      deliver(e);
      return;
    }
    if (held && held.runId !== e.runId) flush();
    held = held ? join(held, e) : e;
    if (timer !== null) return;
    const wait = lastSent + everyMs - timers.now();
    if (wait <= 0) flush();
    else timer = timers.setTimeout(flush, wait);
  };

  return { push, flush };
}
