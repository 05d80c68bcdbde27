// Picking the next token from one row of logits: greedy, temperature and top-k as in nanoGPT's
// sample.py, top-p as in Holtzman et al. 2020 ("nucleus sampling"), composed in Hugging Face
// generate()'s order: temperature, then top-k, then top-p on what top-k kept. Pure JS on purpose:
// a row is small and the RNG is seeded JS. Float64 throughout, after subtracting the max, so a
// tiny temperature or very peaked logits never give NaN.
import type { Rng } from '../data/rng';

export interface SamplingOptions {
  /** Divides the logits before the softmax; ≤ 0 ⇒ argmax. */
  temperature: number;
  /** Keep the k most likely tokens; 0 or ≥ V ⇒ no cut; 1 ⇒ argmax. */
  topK: number;
  /** Keep the fewest most likely tokens whose probability reaches p; ≥ 1 or absent ⇒ no cut. */
  topP?: number;
  /** Argmax whatever temperature, top-k and top-p say; absent ⇒ false. */
  greedy?: boolean;
}

/** The tokens one draw chooses among, in the order the draw walks them, with their probabilities. */
export interface Candidates {
  ids: number[];
  /** Renormalised over `ids`: sums to 1 (in float64). */
  probs: Float64Array;
}

/** Index of the largest logit (the lowest id on ties). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
}

/** exp((logit − max) / T) per id [V], float64: the unnormalised softmax at temperature T > 0. */
function scaledWeights(logits: Float32Array, temperature: number): Float64Array {
  const max = logits[argmax(logits)]; // subtract the max so exp() cannot overflow; the max weighs 1
  const weights = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) weights[i] = Math.exp((logits[i] - max) / temperature);
  return weights;
}

/** Every id, most likely first: logit descending (= probability descending at any T > 0), then id ascending. */
function rankTokens(logits: Float32Array): number[] {
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  return ids.sort((a, b) => logits[b] - logits[a] || a - b);
}

/**
 * The tokens a draw chooses among and their probabilities, after temperature, top-k, then top-p.
 * - greedy, temperature ≤ 0, top-k 1, or non-finite logits ⇒ the argmax alone;
 * - top-k: the k largest logits, ties to the lower id; 0 or ≥ V keeps all;
 * - top-p: on the renormalised top-k distribution, the smallest prefix of the ranking (probability
 *   descending, id ascending) whose mass reaches p; p ≥ 1 keeps all, p → 0 keeps the argmax.
 * With no cut the ids stay in id order (no sort); with a cut, in ranking order.
 * @param logits one row [V].
 * @throws on an empty row.
 */
export function samplingCandidates(logits: Float32Array, opts: SamplingOptions): Candidates {
  const V = logits.length;
  if (V === 0) throw new Error('Cannot sample from an empty row of logits.');
  const argmaxOnly = (): Candidates => ({ ids: [argmax(logits)], probs: Float64Array.of(1) });
  if (opts.greedy === true || !(opts.temperature > 0) || opts.topK === 1) return argmaxOnly();

  const weights = scaledWeights(logits, opts.temperature);
  const topKCut = opts.topK > 0 && opts.topK < V;
  const topPCut = opts.topP !== undefined && opts.topP < 1;
  let ids: number[];
  if (!topKCut && !topPCut) {
    ids = Array.from({ length: V }, (_, i) => i);
  } else {
    ids = rankTokens(logits);
    if (topKCut) ids.length = opts.topK;
    if (topPCut) {
      let mass = 0;
      for (const id of ids) mass += weights[id];
      // p of what top-k kept; the relative slack only absorbs float64 summation error.
      const target = (opts.topP ?? 1) * mass * (1 - 1e-12);
      let kept = 0;
      let cumulative = 0;
      while (kept < ids.length) {
        cumulative += weights[ids[kept++]];
        if (cumulative >= target) break;
      }
      ids.length = kept;
    }
  }
  let total = 0;
  for (const id of ids) total += weights[id];
  if (!(total > 0 && Number.isFinite(total))) return argmaxOnly(); // NaN or ∞ in the logits
  return { ids, probs: Float64Array.from(ids, (id) => weights[id] / total) };
}

/**
 * Picks the next token id from one row of logits [V] under `opts` (see `samplingCandidates`).
 * Draws exactly one `rng.next()` per call, greedy or not, so a generator's position depends only
 * on how many tokens it has picked: same seed, same settings, same tokens.
 * @throws on an empty row.
 */
export function sampleToken(logits: Float32Array, opts: SamplingOptions, rng: Rng): number {
  if (logits.length === 0) throw new Error('Cannot sample from an empty row of logits.');
  let u = rng.next(); // uniform in [0, 1)
  const { ids, probs } = samplingCandidates(logits, opts);
  for (let j = 0; j < ids.length; j++) {
    u -= probs[j];
    if (u < 0) return ids[j];
  }
  // Rounding left u ≥ 0: take the last candidate with any mass.
  for (let j = ids.length - 1; j >= 0; j--) if (probs[j] > 0) return ids[j];
  return ids[0];
}
