// Saved runs as the page sees them: one line each in the list a person resumes from. The worker
// keeps the runs themselves (weights, moments, RNG, history) in IndexedDB; only these summaries
// cross to the page.
import * as v from 'valibot';
import { count } from './reports';
import { PRESET_NAMES } from './settings';
import { LAB_KINDS } from './run';

/** The person's own runs, and each lab's (kept apart: a lab's runs push out only its own older ones). */
export const SAVED_GROUPS = ['own', ...LAB_KINDS] as const;
export type SavedGroup = (typeof SAVED_GROUPS)[number];

export const SavedRunSchema = v.object({
  /** Stable id of the run in storage. */
  id: v.string(),
  /** The corpus it trained on, as the corpus panel names it. */
  corpusName: v.string(),
  preset: v.picklist(PRESET_NAMES),
  /** Its real shape (a lab task's model is not its preset's): absent in runs saved before it was kept. */
  nLayer: v.optional(count),
  nEmbd: v.optional(count),
  /** Whose run it is; absent (saved before labs were kept apart): the person's. */
  group: v.optional(v.picklist(SAVED_GROUPS)),
  params: count,
  step: count,
  maxSteps: count,
  /** The last validation loss, nats/token, if one was taken, and the step it was taken at. */
  valLoss: v.optional(v.number()),
  valLossStep: v.optional(count),
  /** When it was saved, ms since 1970 (Date.now()). */
  savedAt: v.number(),
  /** Stored size: weights and both AdamW moments, float32 (the corpus text is stored once apart). */
  bytes: count,
});
export type SavedRun = v.InferOutput<typeof SavedRunSchema>;
