// What a speedrun measures, from a run's evaluations and progress samples: for each target
// validation loss, the first evaluation at or below it (its wall time, step and tokens), and the
// first sample whose real-word share reaches the "words" phase (src/ui/dynamics.ts: 50 %). Pure,
// so the page's run and PyTorch's are read the same way.

/** The "words" phase's threshold (src/ui/dynamics.ts PHASES). */
export const WORDS_SHARE = 0.5;

/**
 * @param {{ step: number, valLoss: number, seconds: number }[]} evals in step order; seconds from
 *   the start (the page: from the Train click; PyTorch: training time, evaluation excluded)
 * @param {{ step: number, realWordShare?: number|null, seconds: number }[]} samples
 * @param {number[]} targets validation losses, nats per token
 * @param {number} tokensPerStep batch × context
 * @returns {{ targets: { target: number, reached: boolean, seconds?: number, step?: number,
 *   tokens?: number, valLoss?: number }[], words: { reached: boolean, seconds?: number, step?: number,
 *   tokens?: number, share?: number } }}
 */
export function crossings(evals, samples, targets, tokensPerStep) {
  const sorted = [...evals].sort((a, b) => a.step - b.step);
  const byTarget = targets.map((target) => {
    const hit = sorted.find((e) => e.valLoss <= target);
    return hit
      ? { target, reached: true, seconds: hit.seconds, step: hit.step, tokens: hit.step * tokensPerStep, valLoss: hit.valLoss }
      : { target, reached: false };
  });
  const word = [...samples].sort((a, b) => a.step - b.step).find((s) => (s.realWordShare ?? 0) >= WORDS_SHARE);
  const words = word
    ? { reached: true, seconds: word.seconds, step: word.step, tokens: word.step * tokensPerStep, share: word.realWordShare }
    : { reached: false };
  return { targets: byTarget, words };
}

/** Whether a run has reached every target and the words phase (it can stop). */
export function allReached(c) {
  return c.targets.every((t) => t.reached) && c.words.reached;
}

/** a ÷ b for two crossings' seconds, or null when either is missing. */
export function ratio(a, b) {
  return a?.reached && b?.reached && b.seconds > 0 ? a.seconds / b.seconds : null;
}
