// How much of a sample is made of real words: its whole words (runs of letters and digits, split
// on whitespace and punctuation; an apostrophe inside a word keeps it whole, as in "whale's") that
// also occur in the corpus, compared in lower case. Words of one character are not counted: nearly
// every letter is a word of a book somewhere (Moby Dick has 29 of them, from "a" to "x"), so they
// say nothing about learning words. The corpus's word set is built once per corpus text and kept
// while that text is alive.
import type { CorpusSource } from './prepare';

/** A word: letters, marks and digits, with inner apostrophes ("don't", "whale’s"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/** The words of a text in order, lower-cased (locale-independent). */
export const wordsOf = (text: string): string[] => Array.from(text.matchAll(WORD), (m) => m[0].toLowerCase());

/** Every distinct word of a corpus, lower-cased. */
export type WordSet = ReadonlySet<string>;

const cache = new WeakMap<CorpusSource, WordSet>();

/** The corpus's word set, built on first use (Moby Dick: ~1.2 MB, tens of ms) and then cached per source. */
export function corpusWords(source: CorpusSource): WordSet {
  let words = cache.get(source);
  if (!words) {
    words = new Set(wordsOf(source.text));
    cache.set(source, words);
  }
  return words;
}

export interface RealWordShare {
  /** Real words / words, in [0, 1]; null when the sample has no whole word. */
  share: number | null;
  words: number;
  realWords: number;
}

/** Shorter words are not counted (see the header). */
export const MIN_WORD_CHARS = 2;

/**
 * The share of a sample's whole words (of MIN_WORD_CHARS characters or more) found in
 * `vocabulary`. A last word the sample stopped in the middle of (text ending on a word character)
 * is left out: it may be half a word.
 * @param text the sample, as written.
 * @param vocabulary the corpus's words (corpusWords), lower-cased.
 */
export function realWordShare(text: string, vocabulary: WordSet): RealWordShare {
  const all = wordsOf(text);
  if (all.length > 0 && /[\p{L}\p{M}\p{N}]$/u.test(text)) all.pop();
  const words = all.filter((w) => [...w].length >= MIN_WORD_CHARS);
  const realWords = words.filter((w) => vocabulary.has(w)).length;
  return { share: words.length > 0 ? realWords / words.length : null, words: words.length, realWords };
}
