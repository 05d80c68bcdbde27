// The real-word share on known samples, against a small corpus and against Moby Dick itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusWords, realWordShare, wordsOf } from './realWords';
import type { CorpusSource } from './prepare';

const source = (text: string): CorpusSource => ({
  name: 't',
  names: ['t'],
  bytes: text.length,
  text,
  notices: [],
  origin: { kind: 'own' as const },
});
const tiny = corpusWords(source("Call me Ishmael. The whale's jaw; don't go—\nthe sea, 1851!"));

describe('wordsOf', () => {
  it('splits on whitespace and punctuation, keeps inner apostrophes, lower-cases', () => {
    expect(wordsOf("Call me Ishmael. The whale's jaw; don't go—\nthe sea, 1851!")).toEqual([
      'call',
      'me',
      'ishmael',
      'the',
      "whale's",
      'jaw',
      "don't",
      'go',
      'the',
      'sea',
      '1851',
    ]);
    expect(wordsOf(' \n,.;— ')).toEqual([]);
  });
});

describe('realWordShare', () => {
  it('counts whole words found in the corpus', () => {
    // "whale" is not a word of this corpus (only "whale's" is), nor is "met".
    expect(realWordShare('the whale met Ishmael.\n', tiny)).toEqual({ share: 0.5, words: 4, realWords: 2 });
    // One-character words are not counted, real ("a") or not ("q").
    expect(realWordShare('a q the xq.', tiny)).toEqual({ share: 0.5, words: 2, realWords: 1 });
    expect(realWordShare('THE SEA, the Sea!', tiny)).toEqual({ share: 1, words: 4, realWords: 4 });
  });

  it('leaves out a last word cut off in the middle', () => {
    // "Ishm" may be the start of "Ishmael": not counted either way.
    expect(realWordShare('call me Ishm', tiny)).toEqual({ share: 1, words: 2, realWords: 2 });
    expect(realWordShare('xq zzv', tiny)).toEqual({ share: 0, words: 1, realWords: 0 });
  });

  it('has no share without a whole word', () => {
    expect(realWordShare(' ,. ', tiny).share).toBeNull();
    expect(realWordShare('a b c.', tiny).share).toBeNull();
    expect(realWordShare('half', tiny).share).toBeNull();
  });

  it('tells gibberish from English on Moby Dick', () => {
    const moby = source(readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8'));
    const words = corpusWords(moby);
    expect(corpusWords(moby)).toBe(words); // built once per corpus
    expect(words.has('whale')).toBe(true);
    // A step-0 style sample (uniform characters) and a trained one (nanoGPT-like output).
    const gibberish = 'kQ;zR vx!pT\nmW, jHyq oeUb? Lrfz gK xe r t\n';
    const trained = 'The whale was a sea of the ship, and the captain said, that the sailors were all ';
    expect(realWordShare(gibberish, words).share).toBeLessThan(0.2);
    expect(realWordShare(trained, words).share).toBe(1);
  });
});
