// Compare runs: two or three saved runs answer one prompt side by side with the same seed and
// settings, each column naming its text, steps and validation loss, with its next-token bars for
// the prompt. The data shapes the model: same architecture and compute, different text.
// Declared once here so both ends of the worker parse it deeply.
import * as v from 'valibot';
import { count, TokenizerChoiceSchema } from './reports';
import { NextTokenSchema } from './scoring';
import { PRESET_NAMES } from './settings';

/** How many saved runs one comparison takes. */
export const COMPARE_RUNS = { min: 2, max: 3 } as const;

/** One run's answer. */
export const CompareColumnSchema = v.object({
  savedId: v.string(),
  corpusName: v.string(),
  preset: v.picklist(PRESET_NAMES),
  tokenizer: TokenizerChoiceSchema,
  params: count,
  step: count,
  /** Its last validation loss (nats/token) and the step it was taken at, if it has one. */
  valLoss: v.optional(v.number()),
  valLossStep: v.optional(count),
  /** The continuation of the prompt. */
  text: v.string(),
  /** What had to change about the prompt for this run (characters outside its alphabet, cropping). */
  notices: v.array(v.string()),
  /** The most likely next tokens after the prompt (at the request's temperature), and the rest. */
  next: v.array(NextTokenSchema),
  other: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
export type CompareColumn = v.InferOutput<typeof CompareColumnSchema>;
