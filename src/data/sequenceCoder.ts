// Arithmetic coding of a token sequence with a predictor: token i is coded with the distribution
// the predictor gives after tokens 0..i−1, and decoding asks the same predictor the same question
// after the same decoded tokens, so it rebuilds every distribution the encoder used. Both loops
// live here, side by side, so they cannot drift apart: the encoder calls the predictor exactly as
// the decoder must (one token at a time, each prefix once, in order). The predictor is the model
// (model/modelPredictor.ts), or a seeded stand-in in the tests.
import type { FrequencyTable } from './frequencies';
import { RangeDecoder, RangeEncoder } from './rangeCoder';

/** The distribution of the token after `prefix` (all tokens so far, oldest first). */
export type Predictor = (prefix: readonly number[]) => Promise<FrequencyTable> | FrequencyTable;

export interface CodingOptions {
  /** Called after each token with (tokens done, tokens in all). */
  onProgress?(done: number, total: number): void;
  /** Checked before each token and after the last; once aborted, coding stops with CodingStopped. */
  signal?: AbortSignal;
}

/** Coding was stopped through its signal (Stop). */
export class CodingStopped extends Error {
  constructor() {
    super('Stopped.');
  }
}

function checkSignal(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CodingStopped();
}

/**
 * Encodes `tokens` with the predictor's distributions.
 * @returns the coded bytes (a stream for RangeDecoder; trailing zero bytes dropped).
 * @throws CodingStopped when the signal aborts; RangeError when a table is malformed or a token is
 *   outside its table.
 */
export async function encodeSequence(tokens: readonly number[], predict: Predictor, opts: CodingOptions = {}): Promise<Uint8Array> {
  const encoder = new RangeEncoder();
  const prefix: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    checkSignal(opts.signal);
    const { freq, cum } = await predict(prefix);
    const s = tokens[i];
    if (!(s >= 0 && s < freq.length)) throw new RangeError(`token ${s} is outside the predictor's ${freq.length} symbols`);
    encoder.encode({ cumLow: cum[s], freq: freq[s], total: cum[freq.length] });
    prefix.push(s);
    opts.onProgress?.(i + 1, tokens.length);
  }
  checkSignal(opts.signal); // a Stop during the last token's question
  return encoder.finish();
}

/**
 * Decodes `count` tokens from `bytes` with the same predictor the encoder used.
 * @returns the tokens, oldest first.
 * @throws CodingStopped when the signal aborts; ForeignStream (a RangeError) when the bytes cannot
 *   come from this predictor (a value that falls in no slot). A stream from other weights usually decodes into
 *   other tokens without any error: check what comes out (compressedFile.ts keeps a CRC of the text).
 */
export async function decodeSequence(bytes: Uint8Array, count: number, predict: Predictor, opts: CodingOptions = {}): Promise<number[]> {
  const decoder = new RangeDecoder(bytes);
  const prefix: number[] = [];
  for (let i = 0; i < count; i++) {
    checkSignal(opts.signal);
    const { cum } = await predict(prefix);
    prefix.push(decoder.decode(cum));
    opts.onProgress?.(i + 1, count);
  }
  checkSignal(opts.signal);
  return prefix;
}
