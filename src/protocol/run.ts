// The current run as the worker describes it: the one value every panel, the Settings form and the
// URL derive from. Reset, Apply, a corpus switch, Load, Import, Resume after a reload, fault
// recovery and the labs all end in one `run.replaced` event carrying it, with the run's history.
// A lab run (the scale lab's presets, a few-shot task) says so, and names the person's own run,
// which the worker keeps, paused, until the lab ends.
import * as v from 'valibot';
import { CorpusSummarySchema, EvalPointSchema, MetricPointSchema, ModelSummarySchema, RUN_STATES, SampleSchema, count } from './reports';
import { RunSettingsSchema } from './settings';

export const LAB_KINDS = ['scale', 'fewshot'] as const;
export type LabKind = (typeof LAB_KINDS)[number];

/** The person's own run, kept paused while a lab runs. */
export const KeptRunSchema = v.object({
  runId: count,
  settings: RunSettingsSchema,
  /** Its text (name, origin, tokenizer, vocabulary): the person's text while the lab trains on another. */
  corpus: CorpusSummarySchema,
  step: count,
  savedId: v.string(),
  saved: v.nullable(v.object({ step: count, savedAt: v.number() })),
});
export type KeptRun = v.InferOutput<typeof KeptRunSchema>;

export const RunDescriptionSchema = v.object({
  runId: count,
  settings: RunSettingsSchema,
  /** Its text (name, size, tokenizer, origin). */
  corpus: CorpusSummarySchema,
  model: ModelSummarySchema,
  /** Its id in storage (it keeps one even before its first save). */
  savedId: v.string(),
  step: count,
  state: v.picklist(RUN_STATES),
  /** Its last save as storage has it; null when it has none. */
  saved: v.nullable(v.object({ step: count, savedAt: v.number() })),
  /** A lab's run: it never writes the URL, the Settings form or the person's saved runs. */
  lab: v.optional(v.picklist(LAB_KINDS)),
  /** While a lab runs: the person's own run, kept as it was, to come back to when the lab ends. */
  kept: v.optional(KeptRunSchema),
});
export type RunDescription = v.InferOutput<typeof RunDescriptionSchema>;

/** What the run's charts and samples hold: empty for a fresh run, its past for a restored one. */
export const RunHistorySchema = v.object({
  points: v.array(MetricPointSchema),
  evals: v.array(EvalPointSchema),
  samples: v.array(SampleSchema),
});
export type RunHistory = v.InferOutput<typeof RunHistorySchema>;

/** Why the run was replaced: the URL follows the person's run, except at start-up (the link stays as given). */
export const REPLACE_CAUSES = ['init', 'reset', 'apply', 'corpus', 'restore', 'import', 'recovery', 'lab.start', 'lab.end'] as const;
export type ReplaceCause = (typeof REPLACE_CAUSES)[number];

/** The settings the person's own run has: the kept run's during a lab. */
export const personSettings = (run: RunDescription) => run.kept?.settings ?? run.settings;

/** How long a run's parts take on this device (ms), measured by a short trial run (worker/stepTimes.ts). */
export const StepTimesSchema = v.object({
  /** One training step, after the first (which compiles). */
  stepMs: v.number(),
  /** One evaluation with the run's evaluation batches. */
  evalMs: v.number(),
  /** One progress sample of the run's sample length. */
  sampleMs: v.number(),
  /** Paid once per run: building the model, compiling, the first steps' extra time. */
  overheadMs: v.number(),
});
export type StepTimes = v.InferOutput<typeof StepTimesSchema>;
