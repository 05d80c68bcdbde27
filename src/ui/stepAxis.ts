// The live charts' step axis: it ends on a round number just past the last step and moves only
// when the run outgrows it, so between those moments a redraw brings the same ticks and labels.
// The loss chart's is on a log scale (logStepAxis): on a linear one, everything after the first
// hundred steps of a long run is squeezed into a flat-looking tail, though the loss still falls.
import { logTicks } from './plotScale';

export interface StepAxis {
  domain: [number, number];
  ticks: number[];
  /** Steps on a log scale (the domain then starts at 1). */
  log?: boolean;
}

/** Ends an axis may take, per power of ten: the line fills at least 75 % of it. */
const ENDS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
/** Tick spacings, per power of ten. */
const SPACINGS = [1, 2, 2.5, 5, 10];
const MAX_TICKS = 7;

/** The smallest round end ≥ n (at least 10). */
export function roundEnd(n: number): number {
  if (n <= 10) return 10;
  const power = 10 ** Math.floor(Math.log10(n));
  const end = ENDS.find((e) => e * power >= n) ?? 10;
  return end * power;
}

/** Axis over steps 0…lastStep: round end, and whole-number ticks at round spacings (at most MAX_TICKS). */
export function stepAxis(lastStep: number): StepAxis {
  const end = roundEnd(lastStep);
  const power = 10 ** Math.floor(Math.log10(end / MAX_TICKS));
  const spacing = SPACINGS.map((s) => Math.max(1, s * power)).find((s) => end / s + 1 <= MAX_TICKS && Number.isInteger(s)) ?? end;
  const ticks: number[] = [];
  for (let t = 0; t <= end; t += spacing) ticks.push(t);
  return { domain: [0, end], ticks };
}

/**
 * A log-scale axis over steps 1…roundEnd(lastStep) (step 0 is drawn at 1): each tenfold of steps
 * gets the same width, so the fall from step 100 to 1,000 is as wide as the one from 10 to 100.
 * The same object values until the run outgrows its end, as stepAxis.
 */
export function logStepAxis(lastStep: number): StepAxis {
  const end = roundEnd(lastStep);
  return { domain: [1, end], ticks: logTicks(1, end), log: true };
}
