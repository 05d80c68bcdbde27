// When each training chart redraws. The charts take turns: one chart per tick, never two in the
// same task, each only as often as it needs. With recharts a redraw cost the page's main thread
// 15-25 ms of CPU, longer while training shared the cores; the live charts are now LivePlot.tsx
// (about a millisecond), and the turns keep the page's work between steps small and even.

/** Ticks of the redraw clock. */
export const TICK_MS = 250;

export type ChartName = 'loss' | 'perplexity' | 'speed' | 'inContext';

/**
 * The chart a tick may redraw: loss every other tick (every 500 ms: the number people watch),
 * perplexity every fourth (each second), throughput and the in-context score every eighth (every
 * 2 s: a smoothed rate, and a score that changes only at evaluations).
 */
export function chartAt(tick: number): ChartName {
  if (tick % 2 === 0) return 'loss';
  if (tick % 4 === 1) return 'perplexity';
  return tick % 8 === 3 ? 'speed' : 'inContext';
}
