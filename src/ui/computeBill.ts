// The numbers of the compute bill: FLOPs spent so far (nanoGPT's FLOPs per token × tokens seen),
// this device's achieved FLOP/s, energy at a power the person enters, and what the next preset
// would take at this rate. Pure, so the panel only lays them out.
import { achievedFlopsPerSecond, flopsPerToken, secondsFor, trainingFlops, JOULES_PER_KWH } from '../protocol/flops';
import type { MetricPoint, ModelSummary } from '../protocol/reports';
import { PRESETS, type PresetName } from '../protocol/settings';
import type { NumberRange } from '../protocol/range';
import { typicalTokensPerSecond } from '../store/metrics';

/** The power field: the whole machine's draw while training, watts (a laptop ~30–60, a desktop GPU ~200–450). */
export const POWER_RANGE: NumberRange = { label: 'Power (W)', min: 1, max: 100_000, integer: false };

/** The next bigger preset, or null for the biggest. */
export const NEXT_PRESET: Record<PresetName, PresetName | null> = { tiny: 'baby', baby: 'small', small: null };

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
  /** From the typical recent tokens/s (store/metrics.ts); undefined until one is measured (after the first step). */
  flopsPerSecond?: number;
  next: NextPresetCost | null;
}

/**
 * The bill of a run so far.
 * @param basePreset the preset the run's settings start from (its shape may be customised).
 */
export function runBill(model: ModelSummary, basePreset: PresetName, points: readonly MetricPoint[]): Bill {
  const perToken = flopsPerToken(model);
  const last = points.at(-1);
  const tokens = last?.tokens ?? 0;
  const rate = typicalTokensPerSecond(points);
  const flopsPerSecond = rate === undefined ? undefined : achievedFlopsPerSecond(perToken, rate);
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
