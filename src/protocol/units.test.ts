// Numbers as the page writes them: decimal bytes, counts, compact counts; and the file-size limit.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatCount, formatDollars, formatSI, formatSpan } from './units';
import { MAX_FILE_BYTES, checkFileSize } from './limits';

describe('formatBytes', () => {
  it('uses decimal units, as file managers do', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(3_400)).toBe('3.4 kB');
    expect(formatBytes(1_220_848)).toBe('1.22 MB');
    expect(formatBytes(10_000_000)).toBe('10 MB');
    expect(formatBytes(1.5e9)).toBe('1.5 GB');
  });
});

describe('counts', () => {
  it('separates thousands and compacts large counts', () => {
    expect(formatCount(1_234_567.8)).toBe('1,234,568');
    expect(formatCompact(1_234_567)).toBe('1.23M');
    expect(formatCompact(81_000)).toBe('81K');
    expect(formatCompact(950)).toBe('950');
  });
});

describe('formatSI', () => {
  it('uses SI prefixes for physical quantities', () => {
    expect(formatSI(4_881_408, 'FLOP')).toBe('4.88 MFLOP');
    expect(formatSI(2.1e9, 'FLOP/s')).toBe('2.1 GFLOP/s');
    expect(formatSI(512, 'FLOP')).toBe('512 FLOP');
  });
});

describe('checkFileSize', () => {
  it('accepts up to 200 MB and refuses above, naming the file and both sizes', () => {
    expect(checkFileSize('ok.txt', 0)).toBeNull();
    expect(checkFileSize('ok.txt', MAX_FILE_BYTES)).toBeNull();
    expect(checkFileSize('big.txt', 250_000_000)).toBe('"big.txt" is 250 MB; the limit is 200 MB. Use a smaller part of it.');
  });

  it('says "over 200 MB" when one byte over would read as the limit', () => {
    expect(checkFileSize('edge.txt', MAX_FILE_BYTES + 1)).toBe('"edge.txt" is over 200 MB; the limit is 200 MB. Use a smaller part of it.');
  });
});

describe('formatSpan and formatDollars', () => {
  it('picks the largest unit and two significant digits', () => {
    expect(formatSpan(3400 * 365.25 * 86_400)).toBe('3,400 years');
    expect(formatSpan(9 * 86_400)).toBe('9 days');
    expect(formatSpan(90 * 60)).toBe('1.5 hours');
    expect(formatSpan(59)).toBe('59 seconds');
    expect(formatSpan(0.25)).toBe('0.25 seconds');
    expect(formatSpan(1.2e7 * 365.25 * 86_400)).toBe('12 million years');
    expect(formatSpan(Infinity)).toBe('—');
  });

  it('writes dollars compactly', () => {
    expect(formatDollars(4_630_000)).toBe('$4.6M');
    expect(formatDollars(12.3)).toBe('$12');
  });
});
