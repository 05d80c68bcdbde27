// One message for every out-of-range value, whichever form it was typed in.
import { describe, expect, it } from 'vitest';
import { parseInRange } from './range';
import { SETTING_RANGES } from './settings';
import { COMPLETION_RANGES } from './completion';
import { BPE_VOCAB_RANGE } from './limits';

const messageOf = (r: Parameters<typeof parseInRange>[0], raw: string): string => {
  const parsed = parseInRange(r, raw);
  return parsed.ok ? '' : parsed.message;
};

describe('parseInRange', () => {
  it('accepts values at both ends and inside', () => {
    expect(parseInRange(SETTING_RANGES.nLayer, '1')).toEqual({ ok: true, value: 1 });
    expect(parseInRange(SETTING_RANGES.nLayer, ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseInRange(COMPLETION_RANGES.temperature, '0')).toEqual({ ok: true, value: 0 });
    expect(parseInRange(SETTING_RANGES.lr, '3e-4')).toEqual({ ok: true, value: 3e-4 });
  });

  it.each([
    ['settings', SETTING_RANGES.blockSize, '600', 'Context must be a whole number between 4 and 512 (you gave 600).'],
    ['settings', SETTING_RANGES.lr, 'fast', 'Learning rate must be between 0.00001 and 0.1 (you gave fast).'],
    ['prompt', COMPLETION_RANGES.temperature, '-1', 'Temperature must be between 0 and 2 (you gave -1).'],
    ['prompt', COMPLETION_RANGES.topK, '2.5', 'Top-k must be a whole number between 0 and 100000 (you gave 2.5).'],
    ['prompt', COMPLETION_RANGES.maxNewTokens, '', 'Max new tokens must be a whole number between 1 and 2000 (you gave nothing).'],
    ['prompt', COMPLETION_RANGES.seed, '1.5', 'Seed must be a whole number between 0 and 2147483647 (you gave 1.5).'],
    ['corpus', BPE_VOCAB_RANGE, '100', 'BPE vocabulary must be a whole number between 256 and 8192 (you gave 100).'],
  ])('%s form: %s', (_, range, raw, message) => {
    expect(messageOf(range, raw)).toBe(message);
  });
});
