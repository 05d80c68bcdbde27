// What the model sees of text: a tokenizer maps text to integer ids and back: one id per
// character (charTokenizer.ts) or byte-level BPE (bpe.ts).
import type { TokenizerSpec } from '../protocol/tokenizerSpec';

export interface Tokenizer {
  readonly kind: 'char' | 'bpe';
  readonly vocabSize: number;
  /** Ids for the text; characters outside the vocabulary are skipped and listed (each once). */
  encode(text: string): { ids: number[]; skipped: string[] };
  decode(ids: readonly number[]): string;
  /**
   * One token as the page shows it: whitespace visible (␣ ↵ ⇥), via tokenText.ts.
   * @throws RangeError for an id outside 0..vocabSize−1.
   */
  describeToken(id: number): string;
  /** The whole corpus as a compact id array. */
  encodeCorpus(text: string): Int32Array;
  /** The tokenizer as data (its alphabet or merges), to save or export; tokenizerSpec.ts reads it back. */
  spec(): TokenizerSpec;
}
