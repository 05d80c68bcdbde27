// Number formatting for the page: the shared units (protocol/units.ts) plus a dash for "not yet",
// fixed precision, and durations.
import { formatBytes, formatCompact, formatCount } from '../protocol/units';

const DASH = '—';
const significantFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const significant = (n: number): string => (n >= 1000 ? formatCount(n) : significantFormat.format(n));
const known = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

export const fmtInt = (n: number | undefined): string => (known(n) ? formatCount(n) : DASH);

export const fmtFixed = (n: number | undefined, digits: number): string => (known(n) ? n.toFixed(digits) : DASH);

/** A loss in nats, as every panel shows it: three decimals. */
export const fmtLoss = (n: number | undefined): string => fmtFixed(n, 3);

/** Three significant figures, no trailing zeros: 1029.4 → "1,029", 12.345 → "12.3", 3.456 → "3.46". */
export const fmtPerplexity = (n: number | undefined): string => (known(n) ? significant(n) : DASH);

/** 1234567 → "1.23M". */
export const fmtCompact = (n: number | undefined): string => (known(n) ? formatCompact(n) : DASH);

/** 1_220_848 → "1.22 MB" (decimal units, as file managers show them). */
export const fmtBytes = (n: number | undefined): string => (known(n) ? formatBytes(n) : DASH);

/** 83_000 ms → "1:23"; an hour or more → "1:02:03". */
export function fmtDuration(ms: number | undefined): string {
  if (ms === undefined) return DASH;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** A past time (ms since 1970) as people say it: "just now", "3 minutes ago", "yesterday". */
export function fmtAgo(at: number, now = Date.now()): string {
  const ms = now - at;
  for (const [unit, size] of UNITS) if (ms >= size) return relative.format(-Math.floor(ms / size), unit);
  return 'just now';
}
