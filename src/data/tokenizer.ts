// What the model sees of text: a tokenizer maps text to integer ids and back. Char-level today
// (charTokenizer.ts); the interface leaves room for BPE.

export interface Tokenizer {
  readonly kind: 'char';
  readonly vocabSize: number;
  /** Ids for the text; characters outside the vocabulary are skipped and listed (each once). */
  encode(text: string): { ids: number[]; skipped: string[] };
  decode(ids: readonly number[]): string;
}
