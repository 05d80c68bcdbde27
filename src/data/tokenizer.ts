// What the model sees of text: a tokenizer maps text to integer ids and back: one id per
// character (charTokenizer.ts) or byte-level BPE (bpe.ts).

/** Byte-level BPE vocabulary sizes offered: the 256 bytes up to 8192 tokens. */
export const BPE_VOCAB_RANGE = { min: 256, max: 8192 } as const;

export interface Tokenizer {
  readonly kind: 'char' | 'bpe';
  readonly vocabSize: number;
  /** Ids for the text; characters outside the vocabulary are skipped and listed (each once). */
  encode(text: string): { ids: number[]; skipped: string[] };
  decode(ids: readonly number[]): string;
  /** The whole corpus as a compact id array. */
  encodeCorpus(text: string): Int32Array;
}
