// The in-context learning score of Olsson et al. 2022 ("In-context learning and induction heads",
// Anthropic): loss late in the context minus loss early in it. Below 0, later tokens are easier
// because the model uses what it has read; induction heads make it fall abruptly (a "phase
// change"), which findPhaseChange looks for in the score's history. Pure numbers, no tensors:
// the per-position losses come from model/gpt.ts's positionLosses.

/** Half-open position ranges [start, end) of a context of T tokens. */
export interface InContextWindows {
  early: { start: number; end: number };
  late: { start: number; end: number };
}

/**
 * Where "early" and "late" are in a context of T positions. The paper compares the 500th token
 * with the 50th in contexts of 512+ tokens: late ≈ the end, early ≈ 10% in. Our contexts are 4 to
 * 512 tokens and our evaluations far smaller than theirs, so one position each would be noise:
 *  - late = the last k positions, k = max(1, round(T / 10)) (T = 512: 461–511, around their 500);
 *  - early = k positions centred on 10% of T (T = 512: 26–76, around their 50), never position 0:
 *    with no context at all it is a unigram guess that no training on context can improve, and
 *    would make every model look like an in-context learner;
 *  - for tiny T the early window slides left (down to position 0 only when T = 2) so that it never
 *    overlaps the late one. T = 16 → early 1–2, late 14–15; T = 64 → early 3–8, late 58–63.
 * Caveat: at 10% of a short context the early window still lacks plain local context (a
 * char-level model at position 3 has read 4 characters), so on small contexts the score also
 * counts n-gram context, not only copying from far back.
 * @param T positions, ≥ 2.
 * @throws RangeError when T < 2 (there is no early and late).
 */
export function inContextWindows(T: number): InContextWindows {
  if (!Number.isInteger(T) || T < 2) throw new RangeError(`The in-context score needs at least 2 positions (got ${T}).`);
  const k = Math.max(1, Math.round(T / 10));
  const late = { start: T - k, end: T };
  const centred = Math.max(1, Math.round(0.1 * T - k / 2));
  const start = Math.max(0, Math.min(centred, late.start - k)); // ends at or before late.start
  return { early: { start, end: start + k }, late };
}

const meanOver = (values: Float32Array, { start, end }: { start: number; end: number }): number => {
  let sum = 0;
  for (let t = start; t < end; t++) sum += values[t];
  return sum / (end - start);
};

/**
 * In-context learning score, nats: mean loss over the late window minus mean loss over the early
 * one (inContextWindows). 0 = the model predicts as well at the start of a context as at its end;
 * negative = it predicts better after reading more.
 * @param losses per-position mean next-token losses [T], nats (positionLosses, read back).
 */
export function inContextScore(losses: Float32Array): number {
  const { early, late } = inContextWindows(losses.length);
  return meanOver(losses, late) - meanOver(losses, early);
}

/** A fall of the score smaller than this (nats, between two evaluations) is never marked. */
export const PHASE_CHANGE_MIN_DROP = 0.3;
/** ...nor one smaller than this many times the median size of the other changes. */
export const PHASE_CHANGE_NOISE_RATIO = 3;
/** Fewer evaluations than this give no estimate of the noise. */
const MIN_POINTS = 4;

/**
 * The step where the in-context score falls most sharply between consecutive evaluations, if
 * that fall stands out: drop ≥ PHASE_CHANGE_MIN_DROP (0.3 nats) and ≥ PHASE_CHANGE_NOISE_RATIO
 * (3) × the median |change| between the other consecutive evaluations. The median of the other
 * changes is the noise: it ignores the fall itself and a few outliers, unlike a standard
 * deviation. The absolute floor keeps a flat, quiet curve (median change ~0.01) from marking a
 * 0.05 wobble, and a slowly improving one (natural text, where the score drifts down as the model
 * learns longer context) from marking its largest step; an induction task's phase change falls
 * by most of a nat within one or two evaluations and passes both. Needs at least 4 evaluations.
 * Measured (2 layers, d 64, WASM, every 100 steps, 80 fixed validation windows): Moby Dick at
 * context 32 and 64 to step 2000, largest fall 0.10 nats, median change ~0.04, never marked;
 * 14 random tokens of 16 written twice (context 32, batch 32), a fall of 0.69 nats from step 100
 * to 200, marked at step 200 from the fourth evaluation on (tests keep both series).
 * @param points evaluations, in any order (sorted by step here).
 * @returns the step of the evaluation after the fall and the fall in nats (> 0), or null.
 */
export function findPhaseChange(points: readonly { step: number; score: number }[]): { step: number; drop: number } | null {
  const sorted = points.filter((p) => Number.isFinite(p.score)).sort((a, b) => a.step - b.step);
  if (sorted.length < MIN_POINTS) return null;
  const changes = sorted.slice(1).map((p, i) => p.score - sorted[i].score); // change into point i + 1
  let worst = 0;
  for (let i = 1; i < changes.length; i++) if (changes[i] < changes[worst]) worst = i;
  const drop = -changes[worst];
  const others = changes.filter((_, i) => i !== worst).map(Math.abs);
  const noise = median(others);
  if (drop < PHASE_CHANGE_MIN_DROP || drop < PHASE_CHANGE_NOISE_RATIO * noise) return null;
  return { step: sorted[worst + 1].step, drop };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
