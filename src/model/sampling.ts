// Picking the next token from a row of logits: greedy (temperature 0), temperature and top-k,
// as in nanoGPT's sample.py. Pure JS on purpose: one row is small and the RNG is seeded JS.
import type { Rng } from '../data/rng';

/** temperature 0 ⇒ argmax; topK 0 or ≥ V ⇒ no cut. */
export interface SamplingOptions {
  temperature: number;
  topK: number;
}

/** Index of the largest logit (the first one on ties). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
}

/**
 * Softmax of logits / temperature, as probabilities [V].
 * Temperature ≤ 0 gives all the mass to the argmax.
 */
export function softmax(logits: Float32Array, temperature = 1): Float32Array {
  const probs = new Float32Array(logits.length);
  if (logits.length === 0) return probs;
  if (!(temperature > 0)) {
    probs[argmax(logits)] = 1;
    return probs;
  }
  const max = logits[argmax(logits)]; // subtract the max so exp() cannot overflow
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    probs[i] = Math.exp((logits[i] - max) / temperature);
    sum += probs[i];
  }
  for (let i = 0; i < probs.length; i++) probs[i] /= sum;
  return probs;
}

/** Ids of the k largest logits, largest first (lower id first on ties). */
export function topKIndices(logits: Float32Array, k: number): number[] {
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  ids.sort((a, b) => logits[b] - logits[a] || a - b);
  return ids.slice(0, k);
}

/**
 * Picks the next token id from one row of logits [V].
 * Consumes exactly one `rng.next()` when it samples, none when greedy.
 */
export function sampleToken(logits: Float32Array, opts: SamplingOptions, rng: Rng): number {
  const V = logits.length;
  if (V === 0) throw new Error('Cannot sample from an empty row of logits.');
  if (!(opts.temperature > 0) || opts.topK === 1) return argmax(logits);

  // Candidates in a fixed order (all ids, or the top k largest first) so a seed fixes the pick.
  const cut = opts.topK > 0 && opts.topK < V;
  const candidates = cut ? topKIndices(logits, opts.topK) : null;
  const n = candidates ? candidates.length : V;
  const max = logits[argmax(logits)];
  const weights = new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const id = candidates ? candidates[j] : j;
    weights[j] = Math.exp((logits[id] - max) / opts.temperature);
    sum += weights[j];
  }
  let u = rng.next() * sum;
  for (let j = 0; j < n; j++) {
    u -= weights[j];
    if (u < 0) return candidates ? candidates[j] : j;
  }
  // Rounding left u ≥ 0: take the last candidate with any mass.
  for (let j = n - 1; j >= 0; j--) if (weights[j] > 0) return candidates ? candidates[j] : j;
  return argmax(logits);
}
