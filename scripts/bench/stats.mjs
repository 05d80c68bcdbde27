// Pure arithmetic of the bench: step times from the probe's step starts, counters per step,
// achieved GFLOP/s against the backend's matMul ceiling, and the per-kernel breakdown. No I/O, so
// scripts/bench/stats.test.mjs checks it by hand-made numbers.

/** Median of a list of numbers; NaN when it is empty. */
export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Step figures from when each step began (ms) and the counters then (probe.mjs).
 * Step i lasts from stepStarts[i] to stepStarts[i + 1], so the last start closes the last
 * complete step. Steps before `warmupSteps` (shader compilation, first allocations) are left out
 * of the median and the rate; step 0 is the first-step time.
 * @param {number[]} stepStarts ms, increasing
 * @param {{ kernels: number, dispatches: number, submits: number }[]} marks one per step start
 * @param {{ warmupSteps: number, tokensPerStep: number }} options
 * @returns {{ stepsTimed: number, firstStepMs: number|null, medianStepMs: number|null,
 *   meanStepMs: number|null, tokensPerSecond: number|null, kernelsPerStep: number|null,
 *   dispatchesPerStep: number|null, submitsPerStep: number|null }}
 */
export function stepFigures(stepStarts, marks, { warmupSteps, tokensPerStep }) {
  const { from, last } = timedWindow(stepStarts.length, warmupSteps);
  const firstStepMs = last >= 1 ? stepStarts[1] - stepStarts[0] : null;
  const stepsTimed = Math.max(last - from, 0);
  if (stepsTimed === 0) {
    return {
      stepsTimed,
      firstStepMs,
      medianStepMs: null,
      meanStepMs: null,
      tokensPerSecond: null,
      kernelsPerStep: null,
      dispatchesPerStep: null,
      stepDispatchesPerStep: null,
      submitsPerStep: null,
    };
  }
  const durations = [];
  for (let i = from; i < last; i++) durations.push(stepStarts[i + 1] - stepStarts[i]);
  const meanStepMs = (stepStarts[last] - stepStarts[from]) / stepsTimed;
  const per = (key) => (marks[last][key] - marks[from][key]) / stepsTimed;
  return {
    stepsTimed,
    firstStepMs,
    medianStepMs: median(durations),
    meanStepMs,
    tokensPerSecond: (tokensPerStep * 1000) / meanStepMs,
    kernelsPerStep: per('kernels'),
    dispatchesPerStep: per('dispatches'),
    // inside the step alone (the rest of dispatchesPerStep ran between steps: probe.mjs)
    stepDispatchesPerStep: marks[last].stepDispatches === undefined ? null : per('stepDispatches'),
    submitsPerStep: per('submits'),
  };
}

/**
 * The steps the figures time: from step `from` (the first after the warm-up, or the last
 * complete one when the run ended inside the warm-up) to the start of step `last`; steps
 * 0 .. last−1 are complete. `from === last` when no step is complete.
 * @param {number} begun steps begun (step starts recorded)
 */
export function timedWindow(begun, warmupSteps) {
  const last = Math.max(begun - 1, 0);
  return { from: Math.min(warmupSteps, Math.max(last - 1, 0)), last };
}

/**
 * Dispatches and kernel runs per step by kernel over the timed steps (timedWindow), from the
 * per-kernel totals marked at each step start.
 * @param {{ byKernel?: Record<string, { runs: number, dispatches: number }> }[]} marks one per step start
 */
export function perKernelOfWindow(marks, warmupSteps, limit = 12) {
  const { from, last } = timedWindow(marks.length, warmupSteps);
  if (from === last || !marks[from]?.byKernel || !marks[last]?.byKernel) return [];
  return topDispatchers(diffByKernel(marks[from].byKernel, marks[last].byKernel), last - from, limit);
}

/**
 * Achieved model GFLOP/s (FLOPs per step ÷ mean step time) and efficiency = achieved ÷ ceiling,
 * the backend's own best plain-matMul GFLOP/s at the model's shapes. Nulls stay null.
 * @param {{ flopsPerStep: number, meanStepMs: number|null, ceilingGflops: number|null }} f
 */
export function efficiency({ flopsPerStep, meanStepMs, ceilingGflops }) {
  const achievedGflops = meanStepMs ? flopsPerStep / (meanStepMs / 1000) / 1e9 : null;
  const ratio = achievedGflops !== null && ceilingGflops ? achievedGflops / ceilingGflops : null;
  return { achievedGflops, efficiency: ratio };
}

/**
 * The matMul shapes a step's largest matrices have: the MLP's c_fc forward,
 * [B·T, d] × [d, 4d], and its weight gradient, [d, B·T] × [B·T, 4d] (the inner dimension B·T).
 * The LM head, [B·T, d] × [d, V], is larger only where V > 4d (a BPE vocabulary).
 */
export function ceilingShapes({ batchSize, blockSize, nEmbd, vocabSize }) {
  const rows = batchSize * blockSize;
  const wide = Math.max(4 * nEmbd, vocabSize);
  return [
    { m: rows, k: nEmbd, n: wide, transposeA: false },
    { m: nEmbd, k: rows, n: wide, transposeA: true },
  ];
}

/**
 * The profiled step's kernels summed by name, the top `limit` by time (ties, as on WebGPU
 * without timestamp queries where every time is 0, broken by count).
 * @param {{ name: string, ms: number }[]} kernels
 * @returns {{ name: string, ms: number, count: number, share: number }[]} share of the step's total
 */
export function topKernels(kernels, limit = 10) {
  const byName = new Map();
  for (const k of kernels) {
    const e = byName.get(k.name) ?? { name: k.name, ms: 0, count: 0 };
    e.ms += k.ms;
    e.count += 1;
    byName.set(k.name, e);
  }
  const total = kernels.reduce((s, k) => s + k.ms, 0);
  return [...byName.values()]
    .sort((a, b) => b.ms - a.ms || b.count - a.count)
    .slice(0, limit)
    .map((e) => ({ ...e, ms: +e.ms.toFixed(3), share: total > 0 ? +(e.ms / total).toFixed(3) : 0 }));
}

/**
 * WebGPU dispatches (or kernel runs) per step by kernel, from the probe's totals over `steps`
 * steps, the top `limit` by dispatches.
 * @param {Record<string, { runs: number, dispatches: number }>} byKernel totals
 */
export function topDispatchers(byKernel, steps, limit = 10) {
  if (!steps) return [];
  return Object.entries(byKernel)
    .map(([name, { runs, dispatches }]) => ({
      name,
      runsPerStep: +(runs / steps).toFixed(1),
      dispatchesPerStep: +(dispatches / steps).toFixed(1),
    }))
    .sort((a, b) => b.dispatchesPerStep - a.dispatchesPerStep || b.runsPerStep - a.runsPerStep)
    .slice(0, limit);
}

/** a ÷ b rounded to `digits`, or null when either is missing or b is 0. */
export function ratio(a, b, digits = 2) {
  return a != null && b ? +(a / b).toFixed(digits) : null;
}

/** Per-kernel totals `after` minus `before` (probe byKernel snapshots), kernels absent before counted from 0. */
export function diffByKernel(before, after) {
  return Object.fromEntries(
    Object.entries(after).map(([name, a]) => {
      const b = before[name] ?? { runs: 0, dispatches: 0 };
      return [name, { runs: a.runs - b.runs, dispatches: a.dispatches - b.dispatches }];
    }),
  );
}
