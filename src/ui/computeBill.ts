// The numbers of the compute bill: FLOPs spent so far (nanoGPT's FLOPs per token × tokens seen),
// this device's achieved FLOP/s, energy at a power the person enters, and what the next preset
// would take at this rate. Pure, so the panel only lays them out.
import { flopsPerToken, secondsFor, trainingFlops, JOULES_PER_KWH } from '../protocol/flops';
import type { MetricPoint, ModelSummary } from '../protocol/reports';
import { PRESETS, type PresetName } from '../protocol/settings';
import type { NumberRange } from '../protocol/range';

/** The power field: the whole machine's draw while training, watts (a laptop ~30–60, a desktop GPU ~200–450). */
export const POWER_RANGE: NumberRange = { label: 'Power (W)', min: 1, max: 100_000, integer: false };

/** The next bigger preset, or null for the biggest. */
export const NEXT_PRESET: Record<PresetName, PresetName | null> = { tiny: 'baby', baby: 'small', small: 'large', large: null };

export interface NextPresetCost {
  preset: PresetName;
  flopsPerToken: number;
  /** Its FLOPs per token × the tokens this run has seen. */
  flops: number;
  /** At this run's achieved FLOP/s; Infinity before it is measured. */
  seconds: number;
}

export interface Bill {
  flopsPerToken: number;
  tokens: number;
  spentFlops: number;
  /** Training time, pauses, evaluation and samples excluded as the status line counts them. */
  trainingSeconds: number;
  /** This device's measured FLOP/s (store/metrics.ts measuredFlops: the page's one figure); undefined until measured. */
  flopsPerSecond?: number;
  next: NextPresetCost | null;
}

/**
 * The bill of a run so far.
 * @param basePreset the preset the run's settings start from (its shape may be customised).
 * @param flopsPerSecond this device's measured FLOP/s, the one figure the page uses (store/metrics.ts).
 */
export function runBill(model: ModelSummary, basePreset: PresetName, points: readonly MetricPoint[], flopsPerSecond?: number): Bill {
  const perToken = flopsPerToken(model);
  const last = points.at(-1);
  const tokens = last?.tokens ?? 0;
  const nextName = NEXT_PRESET[basePreset];
  let next: NextPresetCost | null = null;
  if (nextName) {
    const nextPerToken = flopsPerToken({ ...PRESETS[nextName], vocabSize: model.vocabSize });
    const flops = trainingFlops(nextPerToken, tokens);
    next = { preset: nextName, flopsPerToken: nextPerToken, flops, seconds: secondsFor(flops, flopsPerSecond ?? 0) };
  }
  return {
    flopsPerToken: perToken,
    tokens,
    spentFlops: trainingFlops(perToken, tokens),
    trainingSeconds: (last?.elapsedMs ?? 0) / 1000,
    flopsPerSecond,
    next,
  };
}

/** Energy of the training time at `watts`, kWh. */
export const energyKwh = (watts: number, seconds: number): number => (watts * seconds) / JOULES_PER_KWH;
