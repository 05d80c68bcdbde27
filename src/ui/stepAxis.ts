// The live charts' step axis: it ends on a round number just past the last step and moves only
// when the run outgrows it, so between those moments a redraw brings the same ticks and labels
// (recharts measures each new label in the page, which forces a layout).

export interface StepAxis {
  domain: [number, number];
  ticks: number[];
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
 * Ticks of a log-scale step axis reaching past lastStep: the powers of ten from 1 (a step axis on a
 * log scale starts at step 1; step 0 is drawn there), so each tenfold of training gets the same width.
 */
export function logStepTicks(lastStep: number): number[] {
  const ticks = [1];
  while (ticks[ticks.length - 1] < lastStep) ticks.push(ticks[ticks.length - 1] * 10);
  if (ticks.length < 2) ticks.push(10);
  return ticks;
}
