import { describe, expect, it } from 'vitest';
import { chartAt, TICK_MS, type ChartName } from './redrawSchedule';

describe('redraw schedule', () => {
  const ticks = Array.from({ length: 64 }, (_, i) => chartAt(i));
  const longestGap = (chart: ChartName) => {
    const at = ticks.flatMap((c, i) => (c === chart ? [i] : []));
    return Math.max(...at.slice(1).map((t, i) => t - at[i])) * TICK_MS;
  };

  it('redraws the loss at least every 500 ms, perplexity every second, the others every 2 s', () => {
    expect(longestGap('loss')).toBeLessThanOrEqual(500);
    expect(longestGap('perplexity')).toBeLessThanOrEqual(1000);
    expect(longestGap('speed')).toBeLessThanOrEqual(2000);
    expect(longestGap('inContext')).toBeLessThanOrEqual(2000);
  });

  it('gives each tick one chart, so the charts that move with every step redraw 3.5 times a second, not 6', () => {
    const moving = ticks.filter((c) => c !== 'inContext').length;
    expect(moving / ((ticks.length * TICK_MS) / 1000)).toBe(3.5);
  });
});
