// A text to a compressed file and back, with a model: tokenize, arithmetic-code each token with the
// model's distribution after the tokens before it (modelPredictor.ts, data/sequenceCoder.ts), and
// put a header in front that names the model and the text (data/compressedFile.ts). Decompression
// refuses a file from another model before decoding anything, and checks the text it restores
// against the CRC-32 the file carries, so a wrong file is never turned into garbage silently.
import { readCompressedFile, writeCompressedFile, CompressedFileError, type CompressedHeader } from '../data/compressedFile';
import { countChars } from '../data/corpus';
import { textCrc32 } from '../data/crc32';
import { ForeignStream } from '../data/rangeCoder';
import { decodeSequence, encodeSequence, type CodingOptions } from '../data/sequenceCoder';
import type { Tokenizer } from '../data/tokenizer';
import type { BackendName, KernelPath } from '../protocol/settings';
import type { GPT } from './gpt';
import { modelPredictor, startToken } from './modelPredictor';

/** Who codes: the model's checksum (modelChecksum.ts), the arithmetic it runs on, and its run. */
export interface CoderIdentity {
  modelChecksum: string;
  backend: BackendName;
  kernels: KernelPath;
  step: number;
  savedId: string;
}

/** A file made by another model, or on other arithmetic: the header says which. */
export class ModelMismatch extends Error {
  constructor(readonly header: CompressedHeader) {
    super('This file was compressed by another model.');
  }
}

/** Characters the tokenizer has no id for (a character tokenizer's alphabet lacks them): the text cannot be stored exactly. */
export class OutsideAlphabet extends Error {
  constructor(readonly skipped: readonly string[]) {
    super('This model cannot write this text back exactly.');
  }
}

export interface CodingHooks extends CodingOptions {
  /** Sees every table's logits as read (tests: the encoder's and the decoder's must be the same). */
  onTable?: (logits: Float32Array) => void;
  /** Decompression: sees the header once it is read, before anything is decoded; may throw to refuse it. */
  onHeader?: (header: CompressedHeader) => void;
}

/**
 * Compresses `text` (normalised as the corpus is: the caller's job) with the model.
 * @returns the file, its header's size and the text's token count.
 * @throws OutsideAlphabet for characters outside a character tokenizer's alphabet; Error when the
 *   tokenizer cannot write the text back exactly otherwise; OutputsNotFinite when the weights have
 *   diverged; CodingStopped on Stop; whatever onProgress throws.
 */
export async function compressText(
  model: GPT,
  tokenizer: Tokenizer,
  text: string,
  who: CoderIdentity,
  hooks: CodingHooks = {},
): Promise<{ file: Uint8Array; headerBytes: number; tokens: number }> {
  const { ids, skipped } = tokenizer.encode(text);
  if (skipped.length > 0) throw new OutsideAlphabet(skipped);
  if (tokenizer.decode(ids) !== text) throw new Error('This model cannot write this text back exactly.');
  const code = await encodeSequence(ids, modelPredictor(model, startToken(tokenizer), hooks.onTable), hooks);
  const header: CompressedHeader = {
    tokenizer: tokenizer.kind,
    vocabSize: tokenizer.vocabSize,
    tokens: ids.length,
    characters: countChars(text),
    textCrc: textCrc32(text),
    ...who,
  };
  const file = writeCompressedFile(header, code);
  return { file, headerBytes: file.length - code.length, tokens: ids.length };
}

/**
 * Restores the text of a file compressText wrote, with the same model.
 * @throws CompressedFileError for a file that is not ours, damaged or cut short, or whose text
 *   does not check (another text, a corrupt code); ModelMismatch for a file from another model,
 *   tokenizer, backend or compute path (nothing is decoded then); OutputsNotFinite when the weights
 *   have diverged; CodingStopped on Stop; whatever onHeader or onProgress throws.
 */
export async function decompressFile(
  model: GPT,
  tokenizer: Tokenizer,
  file: Uint8Array,
  who: Pick<CoderIdentity, 'modelChecksum' | 'backend' | 'kernels'>,
  hooks: CodingHooks = {},
): Promise<{ text: string; header: CompressedHeader }> {
  const { header, code } = readCompressedFile(file);
  hooks.onHeader?.(header);
  const same =
    header.modelChecksum === who.modelChecksum &&
    header.backend === who.backend &&
    header.kernels === who.kernels &&
    header.tokenizer === tokenizer.kind &&
    header.vocabSize === tokenizer.vocabSize;
  if (!same) throw new ModelMismatch(header);
  const predict = modelPredictor(model, startToken(tokenizer), hooks.onTable);
  let ids: number[];
  try {
    ids = await decodeSequence(code, header.tokens, predict, hooks);
  } catch (e) {
    if (e instanceof ForeignStream) throw notThisText(); // the code is not one these tables wrote
    throw e;
  }
  const text = tokenizer.decode(ids);
  if (countChars(text) !== header.characters || textCrc32(text) !== header.textCrc) throw notThisText();
  return { text, header };
}

const notThisText = () =>
  new CompressedFileError(
    'The text decoded from this file does not match the checksum it carries: the file is damaged. Compress the text again and use the new file.',
  );
