// The progress sample: what the model writes every sampleEvery steps, from a fixed prompt (a
// newline) and a fixed seed, so only the weights differ between samples. It stops part-way when
// Pause, Reset or a corpus switch asks, and says so.
import { generate } from '../model/generate';
import type { GPT } from '../model/gpt';
import type { Rng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import type { Sample } from '../protocol/reports';

/** Temperature 0.8 and top-k 40, as nanoGPT's sample.py defaults suggest for a small model. */
const SAMPLING = { temperature: 0.8, topK: 40 };

/**
 * Writes up to `length` tokens, checking `interrupted` after each.
 * @returns the text, with `cut` set when it stopped before `length` tokens.
 */
export async function writeProgressSample(
  model: GPT,
  tokenizer: Tokenizer,
  length: number,
  rng: Rng,
  interrupted: () => boolean,
): Promise<Omit<Sample, 'step'>> {
  const ids: number[] = [];
  for await (const [id] of generate(model, tokenizer.encode('\n').ids, { ...SAMPLING, maxNewTokens: length }, [rng])) {
    ids.push(id); // one row: a batch of N = 1
    if (interrupted() && ids.length < length) return { text: tokenizer.decode(ids), cut: true };
  }
  return { text: tokenizer.decode(ids) };
}
