// What the page asks the worker, each command declared once. Run commands carry the runId of the
// run they are meant for (a stale one is ignored); requests that get an answer carry a requestId.
import * as v from 'valibot';
import { COMPLETION_RANGES, CompletionRequestSchema } from './completion';
import { numberIn } from './range';
import { SYNTHETIC_TASK_IDS } from './fewShot';
import { TokenizerChoiceSchema, count as id } from './reports';
import { BOOK_IDS } from './texts';
import { RunSettingsSchema } from './settings';
import { FaultSchema } from './faults';
import { ModelExportFormatSchema } from './modelExport';
import { CompressTargetSchema } from './compression';
import { COMPARE_RUNS } from './compare';

/**
 * Where a corpus comes from: a bundled book (fetched from the absolute URL the page gives: inside
 * the worker a relative one would resolve against the worker's folder), a few-shot lab task
 * (generated in the worker), files the person gave (bytes transferred), or the current text again
 * (new tokenizer).
 */
export const CorpusRequestSchema = v.variant('kind', [
  v.object({ kind: v.literal('book'), id: v.picklist(BOOK_IDS), url: v.string() }),
  v.object({ kind: v.literal('synthetic'), task: v.picklist(SYNTHETIC_TASK_IDS) }),
  v.object({ kind: v.literal('files'), files: v.array(v.object({ name: v.string(), bytes: v.instance(ArrayBuffer) })) }),
  v.object({ kind: v.literal('current') }),
]);
export type CorpusRequest = v.InferOutput<typeof CorpusRequestSchema>;

/** What a lab trains: a few-shot task, or the scale lab's run of one preset on the person's text. */
export const LabRequestSchema = v.variant('kind', [
  v.object({ kind: v.literal('fewshot'), task: v.picklist(SYNTHETIC_TASK_IDS) }),
  v.object({ kind: v.literal('scale'), settings: RunSettingsSchema }),
]);
export type LabRequest = v.InferOutput<typeof LabRequestSchema>;

const corpusFields = { requestId: id, corpus: CorpusRequestSchema, tokenizer: TokenizerChoiceSchema };
const candidate = v.pipe(v.string(), v.minLength(1, 'A candidate answer cannot be empty.'), v.maxLength(200));

export const CommandSchema = v.variant('type', [
  /** Starts the backend the settings ask for, then loads the corpus and builds the first run. */
  v.object({ type: v.literal('init'), ...corpusFields, settings: RunSettingsSchema, fault: v.optional(FaultSchema) }),
  /**
   * Replaces the person's corpus (and so their run, with its settings) if the new one is usable;
   * otherwise corpus.rejected. If their run has trained, a usable corpus is staged and waits for
   * corpus.commit. Every answer carries this requestId. During a lab, the lab ends first; asking
   * for the text the person's own run is on just ends the lab (their run comes back as it was).
   */
  v.object({ type: v.literal('corpus.use'), ...corpusFields }),
  /** The person's answer about the staged corpus of that request. */
  v.object({ type: v.literal('corpus.commit'), requestId: id, accept: v.boolean() }),
  /**
   * Discards the current run and builds a fresh one: with these settings (Apply), or the current
   * run's (Reset). Answered by run.replaced or an error with this requestId. During a lab, a Reset
   * starts the lab's run afresh; new settings are the person's (Apply): the lab ends first.
   */
  v.object({ type: v.literal('run.reset'), requestId: id, settings: v.optional(RunSettingsSchema) }),
  /**
   * A lab's run: the person's run is paused and kept as it is (weights, step, settings, corpus,
   * history) while the lab trains runs of its own: a few-shot task (its generated text and the
   * model it learns with) or one preset of the scale lab on the person's text. A lab already on
   * is replaced by the new lab run. Answered by run.replaced or an error with this requestId.
   */
  v.object({ type: v.literal('lab.start'), requestId: id, lab: LabRequestSchema }),
  /**
   * Times each of these runs on this device with a short trial of each (a few steps, one
   * evaluation, one sample), pausing the current run first; nothing is replaced. Answered by lab.measured.
   */
  v.object({ type: v.literal('lab.measure'), requestId: id, runs: v.pipe(v.array(RunSettingsSchema), v.minLength(1), v.maxLength(8)) }),
  /** Ends the lab: its run is let go (saved among the lab's runs) and the person's run is back, paused. Answered by run.replaced. */
  v.object({ type: v.literal('lab.end'), requestId: id }),
  v.object({ type: v.literal('run.start'), runId: id }),
  /** Answered at once, not queued behind other commands; training stops within one step. */
  v.object({ type: v.literal('run.pause'), runId: id }),
  v.object({ type: v.literal('run.resume'), runId: id }),
  /** Save the run now (the tab is being hidden): at the next step boundary while training. */
  v.object({ type: v.literal('run.save'), runId: id }),
  /**
   * Replaces the current run with a saved one, paused at its step with its history. Answered by
   * run.replaced (with its history) or an error with this requestId. A lab's run comes back as a
   * lab run (the person's run kept); the person's own run ends a lab first.
   */
  v.object({ type: v.literal('run.restore'), requestId: id, savedId: v.string() }),
  /**
   * Whether this tab may write saved runs: another tab of the page that holds the lock saves
   * (Web Locks, store/tabLock.ts); this one trains unsaved. Acts at once.
   */
  v.object({ type: v.literal('storage.access'), write: v.boolean() }),
  /** Deletes a saved run (its checkpoint, and its corpus if no other run uses it); answered by saved.list. */
  v.object({ type: v.literal('run.delete'), savedId: v.string() }),
  /**
   * A model exported as .safetensors, to prompt or train on the current text (fresh AdamW moments):
   * answered by run.replaced or an error with this requestId; a bad file changes nothing (ends a lab first).
   */
  v.object({ type: v.literal('model.import'), requestId: id, name: v.string(), bytes: v.instance(ArrayBuffer) }),
  /**
   * The current model as a file, refused while training: our .safetensors (weights, config,
   * tokenizer, settings; the default) or a zipped Hugging Face folder, whose card links to
   * `pageAddress` (the page's address without its query) with this run's settings.
   */
  v.object({
    type: v.literal('model.export'),
    requestId: id,
    format: v.optional(ModelExportFormatSchema),
    pageAddress: v.optional(v.string()),
  }),
  v.object({ type: v.literal('completion.start'), requestId: id, request: CompletionRequestSchema }),
  v.object({ type: v.literal('completion.stop'), requestId: id }),
  /** The few-shot curve of the current run on its lab task (FEW_SHOT_KS, FEW_SHOT_ITEMS fresh items each). */
  v.object({ type: v.literal('fewshot.measure'), requestId: id, runId: id }),
  /** The probability of each candidate answer after a person's own prompt. */
  v.object({
    type: v.literal('candidates.score'),
    requestId: id,
    prompt: v.string(),
    candidates: v.pipe(v.array(candidate), v.minLength(1), v.maxLength(8)),
  }),
  /** How surprised the current model is by each token of a text, and what it expects next. */
  v.object({ type: v.literal('text.score'), requestId: id, text: v.string(), temperature: numberIn(COMPLETION_RANGES.temperature) }),
  /** Every layer's and head's attention probabilities over the last tokens of a text (protocol/attention.ts). */
  v.object({ type: v.literal('attention.maps'), requestId: id, text: v.string() }),
  /** The run's validation text against gzip, deflate and its zeroth-order entropy (protocol/compression.ts). */
  v.object({ type: v.literal('compression.baselines'), requestId: id, runId: id }),
  /** Arithmetic coding of a text with run runId's weights (not while training); progress in compression.progress. */
  v.object({ type: v.literal('compression.compress'), requestId: id, runId: id, target: CompressTargetSchema }),
  /** A file Compress wrote, restored with run runId's weights, which must be the ones that wrote it. */
  v.object({ type: v.literal('compression.decompress'), requestId: id, runId: id, bytes: v.instance(ArrayBuffer) }),
  /** Stops that compression or decompression before its next token (answered by compression.stopped); acts at once. */
  v.object({ type: v.literal('compression.stop'), requestId: id }),
  /** Saved runs answer one prompt, one at a time, each loaded read-only and let go after (protocol/compare.ts). */
  v.object({
    type: v.literal('compare.runs'),
    requestId: id,
    savedIds: v.pipe(v.array(v.string()), v.minLength(COMPARE_RUNS.min), v.maxLength(COMPARE_RUNS.max)),
    request: CompletionRequestSchema,
  }),
  /** Stops that comparison before its next token or run (answered by compare.stopped); acts at once. */
  v.object({ type: v.literal('compare.stop'), requestId: id }),
]);
export type EngineCommand = v.InferOutput<typeof CommandSchema>;
