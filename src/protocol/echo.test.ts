// Echoed input stays short: a long value keeps its first few dozen characters and says its length;
// a long list names a few and counts the rest; no character is cut in half.
import { describe, expect, it } from 'vitest';
import { ECHO_CHARS, echo, echoList } from './echo';
import { parseInRange } from './range';
import { checkFileSize } from './limits';
import { parseFault } from './faults';

describe('echo', () => {
  it('keeps short text whole', () => {
    expect(echo('tiny')).toBe('tiny');
    expect(echo('a'.repeat(ECHO_CHARS))).toBe('a'.repeat(ECHO_CHARS));
  });

  it('cuts a 6,000-character value to a few dozen characters and says how long it was', () => {
    const shown = echo('A'.repeat(6000));
    expect(shown).toBe(`${'A'.repeat(ECHO_CHARS)}… (6,000 characters)`);
    expect(shown.length).toBeLessThan(60);
  });

  it('counts and cuts by code point, never inside a surrogate pair', () => {
    const shown = echo('😀'.repeat(100), 3);
    expect(shown).toBe('😀😀😀… (100 characters)');
  });
});

describe('echoList', () => {
  it('joins a few with commas', () => {
    expect(echoList(['a.txt', 'b.txt'])).toBe('a.txt, b.txt');
    expect(echoList(['a.txt'], { quote: true })).toBe('"a.txt"');
  });

  it('names at most five and counts the rest, each bounded', () => {
    const names = Array.from({ length: 1200 }, (_, i) => `chapter-${i}.txt`);
    expect(echoList(names)).toBe('chapter-0.txt, chapter-1.txt, chapter-2.txt, chapter-3.txt, chapter-4.txt and 1,195 more');
    expect(echoList(['x'.repeat(500)], { maxChars: 4 })).toBe('xxxx… (500 characters)');
  });
});

describe('messages that echo input are bounded', () => {
  const huge = '9'.repeat(6000);
  it('a range check', () => {
    const parsed = parseInRange({ label: 'Seed', min: 0, max: 10, integer: true }, huge);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeLessThan(120);
  });
  it('a file too big', () => {
    expect(checkFileSize('n'.repeat(5000), 3e8)!.length).toBeLessThan(140);
  });
  it('a fault', () => {
    const fault = parseFault(`nan@${huge}`);
    expect(fault.ok).toBe(false);
    if (!fault.ok) expect(fault.message).toMatch(/^fault=nan@9{28}… \(6,004 characters\) was ignored/);
  });
});
