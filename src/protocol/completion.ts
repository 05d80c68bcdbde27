// A completion: the person's prompt and how to sample its continuation, written as n columns side
// by side. (A *sample* is the periodic text written during training; a *completion* is what a
// person asks for.) Sampling knobs follow nanoGPT's sample.py (temperature, top-k) and Holtzman
// et al. 2020 (top-p, "nucleus sampling").
import * as v from 'valibot';
import { numberIn, type NumberRange } from './range';

export const COMPLETION_RANGES = {
  n: { label: 'Completions', min: 1, max: 5, integer: true },
  temperature: { label: 'Temperature', min: 0, max: 2, integer: false },
  topK: { label: 'Top-k', min: 0, max: 100_000, integer: true },
  // Nucleus mass p ∈ (0, 1]; the range helper has inclusive bounds only, so the open end is 0.01.
  topP: { label: 'Top-p', min: 0.01, max: 1, integer: false },
  maxNewTokens: { label: 'Max new tokens', min: 1, max: 2000, integer: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
} as const satisfies Record<string, NumberRange>;

export const CompletionRequestSchema = v.object({
  prompt: v.string(),
  /** Completions written side by side in one batched forward pass per token; column i uses seed + i. */
  n: numberIn(COMPLETION_RANGES.n),
  /** 0 = always the most likely token. */
  temperature: numberIn(COMPLETION_RANGES.temperature),
  /** Sample among the k most likely tokens; 0 = all. Applied before top-p. */
  topK: numberIn(COMPLETION_RANGES.topK),
  /** Sample among the fewest most likely tokens whose probability reaches p; 1 = all. */
  topP: numberIn(COMPLETION_RANGES.topP),
  /** Always the most likely token, whatever the temperature, top-k and top-p. */
  greedy: v.boolean(),
  maxNewTokens: numberIn(COMPLETION_RANGES.maxNewTokens),
  /** Same seed, prompt, settings and weights → the same completions. */
  seed: numberIn(COMPLETION_RANGES.seed),
});
export type CompletionRequest = v.InferOutput<typeof CompletionRequestSchema>;
