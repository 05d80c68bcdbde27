// Char tokenizer: lossless round-trips (the whole book, emoji, accents), unknown characters
// skipped and listed once, alphabet in code-point order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCharTokenizer } from './charTokenizer';

const mobyDick = readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8');

describe('char tokenizer', () => {
  it('round-trips Moby Dick through encodeCorpus and encode', () => {
    const tok = buildCharTokenizer(mobyDick);
    const ids = tok.encodeCorpus(mobyDick);
    expect(ids.length).toBe([...mobyDick].length);
    expect(tok.decode(Array.from(ids))).toBe(mobyDick);
    const sample = mobyDick.slice(50_000, 60_000);
    const { ids: sampleIds, skipped } = tok.encode(sample);
    expect(skipped).toEqual([]);
    expect(tok.decode(sampleIds)).toBe(sample);
  });

  it('keeps astral characters and accents whole', () => {
    const text = 'café 🐋 naïve — Ahab 👁️ résumé 🐋\n';
    const tok = buildCharTokenizer(text);
    expect(tok.chars).toContain('🐋');
    expect(tok.vocabSize).toBe(new Set([...text]).size);
    const ids = tok.encodeCorpus(text);
    expect(ids.length).toBe([...text].length);
    expect(tok.decode(Array.from(ids))).toBe(text);
    expect(tok.decode(tok.encode(text).ids)).toBe(text);
  });

  it('skips unknown characters and lists each once', () => {
    const tok = buildCharTokenizer('abc ');
    const { ids, skipped } = tok.encode('a é b 🐋 é c 🐋');
    expect(tok.decode(ids)).toBe('a  b   c ');
    expect(skipped).toEqual(['é', '🐋']);
  });

  it('encodeCorpus throws on a character outside the alphabet', () => {
    const tok = buildCharTokenizer('abc');
    expect(() => tok.encodeCorpus('abd')).toThrow(/"d"/);
  });

  it('sorts the alphabet by code point', () => {
    const tok = buildCharTokenizer('🐋zé aA\nZ\uFFFD');
    expect(tok.chars).toEqual(['\n', ' ', 'A', 'Z', 'a', 'z', 'é', '\uFFFD', '🐋']);
    const codes = tok.chars.map((c) => c.codePointAt(0)!);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
  });
});
