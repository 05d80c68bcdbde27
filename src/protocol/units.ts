// How numbers read on the page, whichever side writes the message: one decimal byte unit (kB,
// MB, GB, as file managers show sizes), counts with thousands separators, compact counts (1.2M).
// Intl.NumberFormat does the work; this file only fixes the choices.

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
const byteFormats = new Map<string, Intl.NumberFormat>();

/** 1234567.8 → "1,234,568". */
export const formatCount = (n: number): string => countFormat.format(n);

/** 1234567 → "1.23M", 81_000 → "81K". */
export const formatCompact = (n: number): string => compactFormat.format(n);

/**
 * Decimal bytes, three significant digits: 512 → "512 bytes", 1_220_848 → "1.22 MB",
 * 200_000_000 → "200 MB". Never rounds a value over a limit down onto the limit's text:
 * callers compare numbers, not strings.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${formatCount(bytes)} byte${bytes === 1 ? '' : 's'}`;
  const unit = bytes >= 1e9 ? 'gigabyte' : bytes >= 1e6 ? 'megabyte' : 'kilobyte';
  let format = byteFormats.get(unit);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'unit', unit, unitDisplay: 'short', maximumSignificantDigits: 3 });
    byteFormats.set(unit, format);
  }
  return format.format(bytes / (unit === 'gigabyte' ? 1e9 : unit === 'megabyte' ? 1e6 : 1e3));
}

const SI_PREFIXES: [number, string][] = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];
const siFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** Physical quantities with SI prefixes: (4.88e6, 'FLOP') → "4.88 MFLOP", (2.1e9, 'FLOP/s') → "2.1 GFLOP/s". */
export function formatSI(n: number, unit: string): string {
  const [size, prefix] = SI_PREFIXES.find(([s]) => Math.abs(n) >= s) ?? [1, ''];
  return `${siFormat.format(n / size)} ${prefix}${unit}`;
}

const SPANS: [Intl.NumberFormatOptions['unit'], number][] = [
  ['year', 365.25 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];
const spanFormats = new Map<string, Intl.NumberFormat>();

/**
 * A long duration in the largest unit that reads as at least 1, two significant digits, with
 * compact words past a million: 1.08e11 s → "3,400 years", 8e5 s → "9.3 days",
 * 3.2e14 s → "10 million years", 0.4 s → "0.4 seconds". Infinity/NaN → "—".
 */
export function formatSpan(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const [unit, size] = SPANS.find(([, s]) => seconds >= s) ?? SPANS[SPANS.length - 1];
  const value = seconds / size;
  const key = `${unit}${value >= 1e6 ? 'c' : ''}`;
  let format = spanFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      maximumSignificantDigits: 2,
      ...(value >= 1e6 ? { notation: 'compact', compactDisplay: 'long' } : {}),
    });
    spanFormats.set(key, format);
  }
  return format.format(value);
}

const dollarFormat = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumSignificantDigits: 2,
});

/** US dollars, compact, two significant digits: 4_630_000 → "$4.6M", 12.3 → "$12". */
export const formatDollars = (n: number): string => (Number.isFinite(n) ? dollarFormat.format(n) : '—');
