// Number formatting for the page: compact, fixed precision, and a dash for "not yet".

const DASH = '—';

export const fmtInt = (n: number | undefined): string => (n === undefined ? DASH : Math.round(n).toLocaleString('en-US'));

export const fmtFixed = (n: number | undefined, digits: number): string =>
  n === undefined || !Number.isFinite(n) ? DASH : n.toFixed(digits);

/** 1234567 → "1.23M". */
export function fmtCompact(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return DASH;
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) if (Math.abs(n) >= size) return `${(n / size).toPrecision(3)}${suffix}`;
  return String(Math.round(n));
}

/** 83_000 ms → "1:23"; an hour or more → "1:02:03". */
export function fmtDuration(ms: number | undefined): string {
  if (ms === undefined) return DASH;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 1_220_848 → "1.2 MB" (decimal units, as file managers show them). */
export function fmtBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units: [number, string][] = [[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];
  const [size, unit] = units.find(([u]) => n >= u)!;
  return `${(n / size).toFixed(1)} ${unit}`;
}
