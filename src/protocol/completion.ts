// A completion: the person's prompt and how to sample its continuation. (A *sample* is the
// periodic text written during training; a *completion* is what a person asks for.)
import * as v from 'valibot';
import { numberIn, type NumberRange } from './range';

export const COMPLETION_RANGES = {
  temperature: { label: 'Temperature', min: 0, max: 2, integer: false },
  topK: { label: 'Top-k', min: 0, max: 100_000, integer: true },
  maxNewTokens: { label: 'Max new tokens', min: 1, max: 2000, integer: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
} as const satisfies Record<string, NumberRange>;

export const CompletionRequestSchema = v.object({
  prompt: v.string(),
  /** 0 = always the most likely token. */
  temperature: numberIn(COMPLETION_RANGES.temperature),
  /** Sample among the k most likely tokens; 0 = all. */
  topK: numberIn(COMPLETION_RANGES.topK),
  maxNewTokens: numberIn(COMPLETION_RANGES.maxNewTokens),
  /** Same seed, prompt, settings and weights → the same completion. */
  seed: numberIn(COMPLETION_RANGES.seed),
});
export type CompletionRequest = v.InferOutput<typeof CompletionRequestSchema>;
