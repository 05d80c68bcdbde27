// Pre-training is compression: the model against gzip in one unit, bits per character. What the
// worker measures once per run (the validation text's gzip and deflate sizes and zeroth-order
// entropy, and the characters its fixed validation windows cover), what Compress and Decompress
// send back, and the arithmetic that turns a val loss (nats per token) into bits per character.
// Declared once here so both ends of the worker parse it deeply.
import * as v from 'valibot';
import { count } from './reports';

/** The longest text Compress takes, in characters: about a minute for `baby` on WASM on a 2-core CPU. */
export const COMPRESS_LIMIT_CHARS = 20_000;
/** The largest file Decompress reads (a text at the limit codes to far less). */
export const DECOMPRESS_LIMIT_BYTES = 1_000_000;
/** What a compressed file is called. */
export const COMPRESSED_EXTENSION = '.ppac';

/** Why a file is too big to be one Compress wrote (said by the page before reading it, and by the worker). */
export const fileTooBig = (bytes: number): string =>
  `This file has ${bytes.toLocaleString('en-US')} bytes; Decompress reads files up to ${DECOMPRESS_LIMIT_BYTES.toLocaleString('en-US')} bytes, far more than Compress ever writes. Choose a ${COMPRESSED_EXTENSION} file made with Compress.`;

const nonNegative = v.pipe(v.number(), v.minValue(0));

/** General-purpose compressors on the run's validation text, and what its val loss is measured on. */
export const CompressionBaselinesSchema = v.object({
  /** Code points of the validation text (the last 10 % of the corpus). */
  characters: count,
  /** Its UTF-8 bytes. */
  bytes: count,
  /** gzip (CompressionStream 'gzip', headers included) and deflate (zlib wrapper) of those bytes. */
  gzipBytes: count,
  deflateBytes: count,
  /** −Σ p log2 p over its character frequencies: bits per character with no context at all. */
  zerothOrderBits: nonNegative,
  /** Target tokens in the fixed validation windows the val loss averages over, and the characters they cover. */
  windowTokens: count,
  windowCharacters: count,
});
export type CompressionBaselines = v.InferOutput<typeof CompressionBaselinesSchema>;

/** What Compress codes: the validation text's opening (up to the limit), or a text the person gives. */
export const CompressTargetSchema = v.variant('kind', [
  v.object({ kind: v.literal('validation') }),
  v.object({ kind: v.literal('text'), name: v.pipe(v.string(), v.maxLength(200)), text: v.string() }),
]);
export type CompressTarget = v.InferOutput<typeof CompressTargetSchema>;

export const CompressResultSchema = v.object({
  /** What was compressed, in words ("the validation text of Moby Dick (its first 20,000 characters)"). */
  name: v.string(),
  /** The text as coded (normalised as the corpus is): what Decompress must give back. */
  text: v.string(),
  characters: count,
  /** UTF-8 bytes of the text. */
  textBytes: count,
  tokens: count,
  /** The file (transferred): header and code. */
  file: v.instance(ArrayBuffer),
  fileName: v.string(),
  headerBytes: count,
  /** gzip of the same UTF-8 bytes, headers included. */
  gzipBytes: count,
  /** Coding time, ms. */
  ms: nonNegative,
  /** The weights the decompressor needs: float32 bytes and parameters. */
  weightsBytes: count,
  params: count,
  step: count,
  /** What changed about the text before coding (normalised, cropped). */
  notices: v.array(v.string()),
});
export type CompressResult = v.InferOutput<typeof CompressResultSchema>;

export const DecompressResultSchema = v.object({
  /** The restored text; its CRC-32 matched the one the file carries. */
  text: v.string(),
  characters: count,
  tokens: count,
  fileBytes: count,
  ms: nonNegative,
  step: count,
});
export type DecompressResult = v.InferOutput<typeof DecompressResultSchema>;

/**
 * Bits per character from a mean loss in nats per token over `tokens` tokens covering `characters`
 * characters: nats/token × tokens / characters / ln 2.
 * @returns NaN when characters is 0.
 */
export const bitsPerChar = (natsPerToken: number, tokens: number, characters: number): number =>
  characters > 0 ? (natsPerToken * tokens) / characters / Math.LN2 : NaN;

/** The factor that takes a val loss (nats/token) to bits/char on the run's validation windows. */
export const bitsPerCharScale = (b: Pick<CompressionBaselines, 'windowTokens' | 'windowCharacters'>): number =>
  bitsPerChar(1, b.windowTokens, b.windowCharacters);

/** gzip's, deflate's and the zeroth-order bits per character on the validation text. */
export function baselineBits(b: CompressionBaselines): { gzip: number; deflate: number; zerothOrder: number } {
  const per = (bytes: number) => (b.characters > 0 ? (bytes * 8) / b.characters : NaN);
  return { gzip: per(b.gzipBytes), deflate: per(b.deflateBytes), zerothOrder: b.zerothOrderBits };
}

/**
 * Since when the model has stored the validation text in fewer bits per character than `target`:
 * the first evaluation from which every later one is below it.
 * @param evals evaluations, in step order.
 * @returns that step, or null when the latest evaluation is not below (or there is none).
 */
export function belowSince(evals: readonly { step: number; valLoss: number }[], scale: number, target: number): number | null {
  let since: number | null = null;
  for (const e of evals) {
    if (e.valLoss * scale < target) since ??= e.step;
    else since = null;
  }
  return since;
}
