// The arithmetic of the live charts (LivePlot.tsx): scales from data to pixels, linear and
// logarithmic, round tick values for each, and a polyline's SVG path. Pure, so it is tested alone.

/** A map from data to pixels and back. */
export interface Scale {
  (value: number): number;
  invert(px: number): number;
  domain: readonly [number, number];
}

/**
 * A scale taking `domain` onto the pixel `range` (either way round), linear or in log10.
 * A log scale's domain must be positive; a domain of zero width maps everything to the range's start.
 */
export function makeScale(domain: readonly [number, number], range: readonly [number, number], log = false): Scale {
  const f = log ? Math.log10 : (v: number) => v;
  const [d0, d1] = [f(domain[0]), f(domain[1])];
  const k = d1 === d0 ? 0 : (range[1] - range[0]) / (d1 - d0);
  const scale = ((v: number) => range[0] + (f(v) - d0) * k) as Scale;
  scale.invert = (px: number) => {
    const v = k === 0 ? d0 : d0 + (px - range[0]) / k;
    return log ? 10 ** v : v;
  };
  scale.domain = domain;
  return scale;
}

/** Tick spacings per power of ten, finest first. */
const SPACINGS = [1, 2, 2.5, 5, 10];

/** At most `maxTicks` round values from lo to hi inclusive (multiples of 1, 2, 2.5 or 5 × 10^k). */
export function linearTicks(lo: number, hi: number, maxTicks = 6): number[] {
  if (!(hi > lo)) return [lo];
  const power = 10 ** Math.floor(Math.log10((hi - lo) / maxTicks));
  const spacing =
    SPACINGS.map((s) => s * power).find((s) => Math.floor(hi / s + 1e-9) - Math.ceil(lo / s - 1e-9) + 1 <= maxTicks) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / spacing - 1e-9); i * spacing <= hi + spacing * 1e-9; i++) ticks.push(Number((i * spacing).toPrecision(12)));
  return ticks;
}

/** Mantissas tried for log ticks, densest first: each set is kept when it gives at most maxTicks. */
const LOG_MANTISSAS = [[1, 2, 3, 4, 5, 6, 8], [1, 2, 3, 5], [1, 2, 5], [1, 3], [1]];

/** Round values between lo and hi (both > 0) for a log axis: 1, 2, 5, 10, 20, … as many as fit in maxTicks. */
export function logTicks(lo: number, hi: number, maxTicks = 7): number[] {
  if (!(lo > 0) || !(hi >= lo)) return [];
  const within = (mantissas: number[]) => {
    const ticks: number[] = [];
    for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++)
      for (const m of mantissas) {
        const t = Number((m * 10 ** p).toPrecision(12));
        if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
      }
    return ticks;
  };
  for (const mantissas of LOG_MANTISSAS) {
    const ticks = within(mantissas);
    if (ticks.length <= maxTicks && ticks.length >= 2) return ticks;
  }
  return within([1]);
}

/** A log axis's domain around positive values: out to the round values just past them (e.g. 7.3…89 → 7…90). */
export function logDomain(lo: number, hi: number): [number, number] {
  const down = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return Math.floor(v / p) * p;
  };
  const up = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return Math.ceil(v / p) * p;
  };
  return [down(lo), up(hi)];
}

/**
 * The SVG path of a polyline through the points whose value is a finite number, in order; missing
 * values are stepped over (the line joins their neighbours). Coordinates to 0.1 px.
 */
export function linePath(xs: readonly number[], ys: readonly (number | undefined)[], x: Scale, y: Scale): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i];
    if (v === undefined || !Number.isFinite(v)) continue;
    d += `${d === '' ? 'M' : 'L'}${x(xs[i]).toFixed(1)},${y(v).toFixed(1)}`;
  }
  return d;
}

/** The index of the value in ascending `xs` nearest to `x` (-1 when xs is empty). */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}
