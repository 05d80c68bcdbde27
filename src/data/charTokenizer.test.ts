// Char tokenizer: lossless round-trips (the whole book, emoji, accents), unknown characters
// skipped and listed once (named by charNames.ts in messages), alphabet in code-point order,
// tokens described as the page shows them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listChars } from './charNames';
import { buildCharTokenizer } from './charTokenizer';
import { describeBytes } from './tokenText';

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

  it('lists invisible and look-alike characters raw, each once, in order; charNames names them', () => {
    const tok = buildCharTokenizer('a b-c');
    const { ids, skipped } = tok.encode('a\u00A0b\u200Bc\u2212a\u00A0b');
    expect(tok.decode(ids)).toBe('abcab');
    expect(skipped).toEqual(['\u00A0', '\u200B', '\u2212']);
    expect(listChars(skipped)).toBe('no-break space (U+00A0), zero-width space (U+200B) and minus sign (U+2212)');
  });

  it('encodeCorpus throws on a character outside the alphabet, naming it', () => {
    const tok = buildCharTokenizer('abc');
    expect(() => tok.encodeCorpus('abd')).toThrow("The character 'd' is not in the alphabet.");
    expect(() => tok.encodeCorpus('a\u00A0')).toThrow('The character no-break space (U+00A0) is not in the alphabet.');
  });

  it('sorts the alphabet by code point', () => {
    const tok = buildCharTokenizer('🐋zé aA\nZ\uFFFD');
    expect(tok.chars).toEqual(['\n', ' ', 'A', 'Z', 'a', 'z', 'é', '\uFFFD', '🐋']);
    const codes = tok.chars.map((c) => c.codePointAt(0)!);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
  });

  it('describes a token as the page shows it: whitespace visible, as BPE tokens show it', () => {
    const tok = buildCharTokenizer('a b\tc\nZ🐋\u0007é');
    const show = (ch: string): string => tok.describeToken(tok.encode(ch).ids[0]);
    expect(show(' ')).toBe('␣');
    expect(show('\n')).toBe('↵');
    expect(show('\t')).toBe('⇥');
    expect(show('\u0007')).toBe('<07>');
    expect(show('a')).toBe('a');
    expect(show('🐋')).toBe('🐋');
    expect(show('é')).toBe('é');
    expect(describeBytes(new TextEncoder().encode(' \n\t\u0007é'))).toBe('␣↵⇥<07>é'); // one map for both
    expect(() => tok.describeToken(tok.vocabSize)).toThrow(RangeError);
  });
});
