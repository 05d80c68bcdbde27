// Saved runs as the page sees them: one line each in the list a person resumes from. The worker
// keeps the runs themselves (weights, moments, RNG, history) in IndexedDB; only these summaries
// cross to the page.
import * as v from 'valibot';
import { count } from './reports';
import { PRESET_NAMES } from './settings';

export const SavedRunSchema = v.object({
  /** Stable id of the run in storage. */
  id: v.string(),
  /** The corpus it trained on, as the corpus panel names it. */
  corpusName: v.string(),
  preset: v.picklist(PRESET_NAMES),
  params: count,
  step: count,
  maxSteps: count,
  /** The last validation loss, nats/token, if one was taken. */
  valLoss: v.optional(v.number()),
  /** When it was saved, ms since 1970 (Date.now()). */
  savedAt: v.number(),
  /** Stored size: weights and both AdamW moments, float32 (the corpus text is stored once apart). */
  bytes: count,
});
export type SavedRun = v.InferOutput<typeof SavedRunSchema>;
