// The few numbers that fix a GPT's architecture (nanoGPT's GPTConfig, minus dropout and bias: we
// always use biases and no dropout). Declared once here: run settings, the model and the model
// summary the page shows all build on these fields.
import * as v from 'valibot';
import { numberIn, type NumberRange } from './range';

/** Accepted ranges of the shape fields, as a person types them or a link carries them. */
export const SHAPE_RANGES = {
  nLayer: { label: 'Layers', min: 1, max: 12, integer: true },
  nHead: { label: 'Heads', min: 1, max: 16, integer: true },
  nEmbd: { label: 'Width', min: 8, max: 768, integer: true },
  blockSize: { label: 'Context', min: 4, max: 512, integer: true },
} as const satisfies Record<string, NumberRange>;

/** The shape a person chooses; the vocabulary comes from the corpus. */
export const ModelShapeSchema = v.object({
  nLayer: numberIn(SHAPE_RANGES.nLayer),
  nHead: numberIn(SHAPE_RANGES.nHead),
  /** Width of the residual stream. */
  nEmbd: numberIn(SHAPE_RANGES.nEmbd),
  /** Context length: the most tokens the model attends over. */
  blockSize: numberIn(SHAPE_RANGES.blockSize),
});
export type ModelShape = v.InferOutput<typeof ModelShapeSchema>;

export const GPTConfigSchema = v.object({
  ...ModelShapeSchema.entries,
  vocabSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type GPTConfig = v.InferOutput<typeof GPTConfigSchema>;

/** Why nEmbd cannot be split into nHead heads, or null. */
export const headProblem = (s: ModelShape): string | null =>
  s.nEmbd % s.nHead === 0 ? null : `Width (${s.nEmbd}) must be divisible by the number of heads (${s.nHead}).`;
