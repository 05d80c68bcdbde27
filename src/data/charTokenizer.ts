// Character-level tokenizer: one id per Unicode code point seen in the corpus, sorted, as in
// nanoGPT's shakespeare_char. Iterates code points (not UTF-16 units) so astral characters
// stay whole. Text is expected normalised (corpus.ts's normaliseText), prompts too; characters
// are named for messages by charNames.ts.
import { nameChar } from './charNames';
import type { Tokenizer } from './tokenizer';
import { describeChar } from './tokenText';

export interface CharTokenizer extends Tokenizer {
  readonly kind: 'char';
  /** The alphabet, index = token id. */
  readonly chars: readonly string[];
}

/** The alphabet of a (normalised) corpus: every code point in it, in code-point order. */
export function buildCharTokenizer(corpus: string): CharTokenizer {
  const chars = [...new Set(corpus)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  return charTokenizerFromAlphabet(chars);
}

/** A tokenizer over a given alphabet (index = id); `encode` skips and lists what is not in it. */
export function charTokenizerFromAlphabet(chars: readonly string[]): CharTokenizer {
  const index = new Map<string, number>(chars.map((c, i) => [c, i]));
  return {
    kind: 'char',
    spec: () => ({ kind: 'char', chars: [...chars] }),
    vocabSize: chars.length,
    chars,
    encode(text) {
      const ids: number[] = [];
      const skipped = new Set<string>();
      for (const ch of text) {
        const id = index.get(ch);
        if (id === undefined) skipped.add(ch);
        else ids.push(id);
      }
      return { ids, skipped: [...skipped] };
    },
    decode: (ids) => ids.map((id) => chars[id] ?? '').join(''),
    describeToken(id) {
      const ch = chars[id];
      if (ch === undefined) throw new RangeError(`token id ${id} is outside the vocabulary (0–${chars.length - 1})`);
      return describeChar(ch);
    },
    encodeCorpus(text) {
      const out = new Int32Array(text.length); // ≥ code points; trimmed below
      let n = 0;
      for (const ch of text) {
        const id = index.get(ch);
        if (id === undefined) throw new Error(`The character ${nameChar(ch)} is not in the alphabet.`);
        out[n++] = id;
      }
      return out.subarray(0, n);
    },
  };
}
