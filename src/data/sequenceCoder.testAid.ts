// A test aid for the coder's tests (sequenceCoder.test.ts, model/textCompression.test.ts): the
// ideal code length a sequence should come close to, and the uniform table. Not imported by the page.
import { quantise, type FrequencyTable } from './frequencies';
import type { Predictor } from './sequenceCoder';

/** The ideal code length of `tokens` under the predictor's tables, in bits: Σ −log2(freq / total). */
export async function informationBits(tokens: readonly number[], predict: Predictor): Promise<number> {
  let bits = 0;
  const prefix: number[] = [];
  for (const s of tokens) {
    const { freq, cum } = await predict(prefix);
    bits -= Math.log2(freq[s] / cum[freq.length]);
    prefix.push(s);
  }
  return bits;
}

/** The uniform table over V symbols. */
export const uniformTable = (V: number): FrequencyTable => quantise(new Float64Array(V).fill(1));
