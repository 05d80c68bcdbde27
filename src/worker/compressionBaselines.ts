// The yardsticks the loss chart draws the model against (protocol/compression.ts), measured once
// per run in the worker, which has the text (the page has no copy of a bundled book): the
// validation text's gzip and deflate sizes through CompressionStream and its zeroth-order entropy,
// and the characters the fixed validation windows cover, so the page can turn every val loss
// (nats per token) into bits per character under either tokenizer.
import { fixedBatches } from '../data/dataset';
import type { PreparedCorpus } from '../data/prepare';
import { charactersOf, charactersStarting, compressedSize, zerothOrderEntropy } from '../data/textStats';
import { countChars } from '../data/corpus';
import type { CompressionBaselines } from '../protocol/compression';
import type { RunSettings } from '../protocol/settings';

type Shape = Pick<RunSettings, 'evalBatches' | 'batchSize' | 'blockSize'>;

/**
 * The target tokens of the run's validation windows and the characters they cover. The windows are
 * the evaluation's own: the same fixedBatches call the training session makes (train/session.ts).
 */
export function validationWindows(corpus: PreparedCorpus, s: Shape): { windowTokens: number; windowCharacters: number } {
  const starting = charactersStarting(corpus.tokenizer);
  let windowTokens = 0;
  let windowCharacters = 0;
  for (const batch of fixedBatches(corpus.split.val, s.evalBatches, s.batchSize, s.blockSize)) {
    windowTokens += batch.y.length;
    windowCharacters += charactersOf(batch.y, starting);
  }
  return { windowTokens, windowCharacters };
}

/** The validation text as characters: the val split decoded (a BPE split may cut a character at its start). */
export const validationText = (corpus: PreparedCorpus): string => corpus.tokenizer.decode(Array.from(corpus.split.val));

const measured = new WeakMap<PreparedCorpus, Map<string, Promise<CompressionBaselines>>>();

/**
 * gzip, deflate and zeroth-order entropy on the validation text, and its windows' characters;
 * remembered per corpus and window shape (a run replaced by one on the same text is not measured again).
 * @throws TypeError where the platform has no CompressionStream.
 */
export function measureBaselines(corpus: PreparedCorpus, s: Shape): Promise<CompressionBaselines> {
  const key = `${s.evalBatches}/${s.batchSize}/${s.blockSize}`;
  let forCorpus = measured.get(corpus);
  if (!forCorpus) measured.set(corpus, (forCorpus = new Map()));
  let baselines = forCorpus.get(key);
  if (!baselines) {
    baselines = measure(corpus, s);
    baselines.catch(() => forCorpus.delete(key)); // tried again next time
    forCorpus.set(key, baselines);
  }
  return baselines;
}

async function measure(corpus: PreparedCorpus, s: Shape): Promise<CompressionBaselines> {
  const text = validationText(corpus);
  const bytes = new TextEncoder().encode(text);
  return {
    characters: countChars(text),
    bytes: bytes.length,
    gzipBytes: await compressedSize(bytes, 'gzip'),
    deflateBytes: await compressedSize(bytes, 'deflate'),
    zerothOrderBits: zerothOrderEntropy(text),
    ...validationWindows(corpus, s),
  };
}
