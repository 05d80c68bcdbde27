// Text → everything training needs from it: the chosen tokenizer (characters, or byte-level BPE
// trained on this text), the token stream, the train/val split, and the facts the corpus panel
// shows. A text too short to train on is refused here, before anything is replaced.
import { buildCharTokenizer } from './charTokenizer';
import { trainBpe } from './bpe';
import { countChars } from './corpus';
import { splitTokens, type Split } from './dataset';
import { alphabetNote, checkLongEnough } from './textFile';
import type { Tokenizer } from './tokenizer';

import { tokenUnit, type TokenizerChoice } from '../protocol/reports';
import type { CorpusPhase } from '../protocol/events';
import type { TextOrigin } from '../protocol/texts';

const PREVIEW_CHARS = 500;
const FIRST_MERGES_SHOWN = 24;

/** Raw text and where it came from. */
export interface CorpusSource {
  name: string;
  /** The files it was joined from, in order (one for a built-in book). */
  names: string[];
  bytes: number;
  /** Normalised by whoever read it (normaliseText: NFC, LF line ends, no BOM). */
  text: string;
  /** A bundled book, a few-shot lab task's generated text, or the person's own. */
  origin: TextOrigin;
  /** Said on the page: e.g. "read as Windows-1252". */
  notices: string[];
}

export interface PreparedCorpus {
  source: CorpusSource;
  tokenizerChoice: TokenizerChoice;
  tokenizer: Tokenizer;
  split: Split;
  characters: number;
  notices: string[];
  /** BPE only: the first merges learned, as readable token text. */
  firstMerges: string[];
}

export type PrepareResult = { ok: true; corpus: PreparedCorpus } | { ok: false; message: string };

/**
 * Tokenizes and splits a text. Refuses (with a message naming the text) one that is too short
 * for the context: fewer tokens than one window in either split.
 * @param onProgress the phase under way and its fraction done (BPE training reports as it goes).
 * @param saved a saved run's own tokenizer, used as it is (BPE is not trained again).
 */
export function prepareCorpus(
  source: CorpusSource,
  choice: TokenizerChoice,
  blockSize: number,
  onProgress: (phase: CorpusPhase, fraction: number) => void = () => undefined,
  saved?: Tokenizer,
): PrepareResult {
  const training = choice.kind === 'bpe' && !saved;
  if (training) onProgress('training BPE', 0);
  const bpe = training ? trainBpe(source.text, choice.vocabSize, (done, total) => onProgress('training BPE', done / total)) : null;
  onProgress('tokenizing', 0);
  const tokenizer: Tokenizer = saved ?? bpe ?? buildCharTokenizer(source.text);
  const tokens = tokenizer.encodeCorpus(source.text);
  const unit = `${tokenUnit(choice)}s` as const;
  const tooShort = checkLongEnough(source.names.length > 0 ? source.names : source.name, tokens.length, blockSize, unit);
  if (tooShort) return { ok: false, message: tooShort };
  const note = tokenizer.kind === 'bpe' ? null : alphabetNote(tokenizer.vocabSize);
  return {
    ok: true,
    corpus: {
      source,
      tokenizerChoice: choice,
      tokenizer,
      split: splitTokens(tokens),
      characters: countChars(source.text),
      notices: note ? [...source.notices, note] : source.notices,
      firstMerges:
        tokenizer.kind === 'bpe'
          ? Array.from({ length: Math.min(FIRST_MERGES_SHOWN, tokenizer.vocabSize - 256) }, (_, i) => tokenizer.describeToken(256 + i))
          : [],
    },
  };
}

/** The first characters, for the corpus panel's preview. */
export const previewOf = (text: string): string => text.slice(0, PREVIEW_CHARS);
