// The progress sample: what the model writes every sampleEvery steps, from a fixed prompt (a
// newline) and a fixed seed, so only the weights differ between samples. It stops part-way when
// Pause, Reset or a corpus switch asks, and says so. Each whole sample is measured too: the share
// of its words that are words of the corpus (data/realWords.ts), and its loss per character under
// the weights that wrote it (model/sequenceLoss.ts): the climb from gibberish to words as numbers.
import { generate } from '../model/generate';
import type { GPT } from '../model/gpt';
import { sequenceLoss } from '../model/sequenceLoss';
import type { Rng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import { countChars } from '../data/corpus';
import { realWordShare, type WordSet } from '../data/realWords';

export { corpusWords } from '../data/realWords'; // the word set the session passes in, built once per corpus
import type { Sample } from '../protocol/reports';

/** Temperature 0.8 and top-k 40, as nanoGPT's sample.py defaults suggest for a small model. */
const SAMPLING = { temperature: 0.8, topK: 40 };

/**
 * Writes up to `length` tokens, checking `interrupted` after each, then measures the sample.
 * @param words the corpus's word set (data/realWords.ts corpusWords); without it no real-word share.
 * @returns the text, with `cut` set when it stopped before `length` tokens; `realWordShare` when
 *   it has a whole word and `words` is given; `lossPerChar` (nats) when measuring was not interrupted.
 */
export async function writeProgressSample(
  model: GPT,
  tokenizer: Tokenizer,
  length: number,
  rng: Rng,
  interrupted: () => boolean,
  words?: WordSet,
): Promise<Omit<Sample, 'step'>> {
  const prompt = tokenizer.encode('\n').ids;
  const ids: number[] = [];
  for await (const [id] of generate(model, prompt, { ...SAMPLING, maxNewTokens: length }, [rng])) {
    ids.push(id); // one row: a batch of N = 1
    if (interrupted() && ids.length < length) return { text: tokenizer.decode(ids), cut: true };
  }
  const text = tokenizer.decode(ids);
  const share = words ? realWordShare(text, words).share : null;
  // Scored after the prompt, as it was written (the prompt is context only).
  const context = prompt.length > 0 ? prompt : [0];
  const loss = await sequenceLoss(model, [...context, ...ids], context.length, interrupted);
  const chars = countChars(text);
  return {
    text,
    ...(share !== null ? { realWordShare: share } : {}),
    ...(loss && chars > 0 ? { lossPerChar: loss.totalNll / chars } : {}),
  };
}
