// What the worker tells the page, each event declared once. Run events carry the runId of their
// run, so the page drops late events from a run it has left; answers carry the requestId.
import * as v from 'valibot';
import { BackendInfoSchema, EvalPointSchema, MetricPointSchema, RUN_STATES, SampleSchema, count as id } from './reports';
import { REPLACE_CAUSES, RunDescriptionSchema, RunHistorySchema, StepTimesSchema } from './run';
import { SnapshotSchema } from './lastSteps';
import { TextScoreSchema } from './scoring';
import { AttentionMapsSchema } from './attention';
import { CandidateResultSchema, FewShotResultSchema } from './fewShot';
import { SavedRunSchema } from './savedRuns';
import { CompressionBaselinesSchema, CompressResultSchema, DecompressResultSchema } from './compression';
import { CompareColumnSchema } from './compare';

export const CORPUS_PHASES = ['reading', 'training BPE', 'tokenizing'] as const;
export type CorpusPhase = (typeof CORPUS_PHASES)[number];

export const ERROR_CODES = [
  'backend',
  'gpu',
  'corpus',
  'settings',
  'completion',
  'train',
  'save',
  'import',
  'compression',
  'worker',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const EventSchema = v.variant('type', [
  v.object({ type: v.literal('ready'), backend: BackendInfoSchema }),
  /**
   * The current run was replaced (start-up, Reset, Apply, a corpus switch, Load, Import, recovery,
   * a lab starting or ending): its description, the one value the page derives everything from,
   * and its history (empty for a fresh run). requestId names the command that asked for it, if one did.
   */
  v.object({
    type: v.literal('run.replaced'),
    requestId: v.optional(id),
    cause: v.picklist(REPLACE_CAUSES),
    run: RunDescriptionSchema,
    history: RunHistorySchema,
  }),
  v.object({ type: v.literal('run.state'), runId: id, state: v.picklist(RUN_STATES), step: id }),
  /** Sent when losses are read back from the device, never one message per step. */
  v.object({ type: v.literal('run.metrics'), runId: id, points: v.array(MetricPointSchema), evals: v.array(EvalPointSchema) }),
  v.object({ type: v.literal('run.sample'), runId: id, sample: SampleSchema }),
  /** GPU pipelines compiled ahead of the first step: done of total so far (the last says done = total). */
  v.object({ type: v.literal('run.compiling'), runId: id, done: id, total: id }),
  /** The run as it is now, about every second of training, for the page to keep against a reload (protocol/lastSteps.ts). Transferred. */
  v.object({ type: v.literal('run.snapshot'), runId: id, snapshot: SnapshotSchema }),
  /** The run was saved at this step (autosave, Pause, the end, or the tab being hidden). */
  v.object({ type: v.literal('run.saved'), runId: id, savedId: v.string(), step: id, savedAt: v.number() }),
  /** The saved runs, newest first: after start-up and whenever the list changes. */
  v.object({ type: v.literal('saved.list'), runs: v.array(SavedRunSchema) }),
  /** The exported model: the bytes of its file (.safetensors or a zip; transferred, not copied) and a name for it. */
  v.object({ type: v.literal('model.exported'), requestId: id, fileName: v.string(), bytes: v.instance(ArrayBuffer) }),
  /** Reading and tokenizing a corpus: fraction in [0, 1] of the current phase. */
  v.object({
    type: v.literal('corpus.progress'),
    requestId: id,
    phase: v.picklist(CORPUS_PHASES),
    fraction: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  }),
  /** A corpus is ready but replacing the trained run needs the person's yes (corpus.commit). */
  v.object({ type: v.literal('corpus.staged'), requestId: id, name: v.string() }),
  /** A corpus was refused, or its staging dropped; the current one (and any run) is untouched. */
  v.object({ type: v.literal('corpus.rejected'), requestId: id, message: v.optional(v.string()) }),
  /** The prompt was read: what had to change about it (characters skipped, context cropped). */
  v.object({ type: v.literal('completion.started'), requestId: id, notices: v.array(v.string()) }),
  /** One generated token per column, as whole characters ('' while a column holds back half a UTF-8 character). */
  v.object({ type: v.literal('completion.tokens'), requestId: id, texts: v.array(v.string()), tokensPerSecond: v.optional(v.number()) }),
  v.object({ type: v.literal('completion.done'), requestId: id }),
  v.object({ type: v.literal('text.scored'), requestId: id, score: TextScoreSchema }),
  /** The probs buffer is transferred, not copied. */
  v.object({ type: v.literal('attention.mapped'), requestId: id, maps: AttentionMapsSchema }),
  v.object({ type: v.literal('fewshot.progress'), requestId: id, done: id, total: id }),
  /** The curve measured on run runId at this step. */
  v.object({ type: v.literal('fewshot.measured'), requestId: id, runId: id, step: id, result: FewShotResultSchema }),
  v.object({ type: v.literal('candidates.scored'), requestId: id, result: CandidateResultSchema }),
  /** The times of the runs lab.measure asked about, in the same order. */
  v.object({ type: v.literal('lab.measured'), requestId: id, times: v.array(StepTimesSchema) }),
  /** Run runId's validation text against general-purpose compressors (protocol/compression.ts). */
  v.object({ type: v.literal('compression.measured'), requestId: id, runId: id, baselines: CompressionBaselinesSchema }),
  /** Tokens coded so far of a compression or decompression. */
  v.object({ type: v.literal('compression.progress'), requestId: id, done: id, total: id }),
  /** The compressed file (its buffer transferred) and the figures beside it. */
  v.object({ type: v.literal('compression.compressed'), requestId: id, result: CompressResultSchema }),
  v.object({ type: v.literal('compression.decompressed'), requestId: id, result: DecompressResultSchema }),
  /** Stopped before the end: nothing was written. reason: why, when the person's Stop was not the cause ("Stopped to reset the run."). */
  v.object({ type: v.literal('compression.stopped'), requestId: id, reason: v.optional(v.string()) }),
  /** One saved run's answer to the compared prompt (index = its place in the request), as soon as it is written. */
  v.object({ type: v.literal('compare.column'), requestId: id, index: id, column: CompareColumnSchema }),
  /** That run could not answer (gone, unreadable, diverged): said in its place; the others go on. */
  v.object({ type: v.literal('compare.failed'), requestId: id, index: id, message: v.string() }),
  v.object({ type: v.literal('compare.done'), requestId: id }),
  /** The comparison stopped before every run had answered (reason as for compression.stopped). */
  v.object({ type: v.literal('compare.stopped'), requestId: id, reason: v.optional(v.string()) }),
  /** Something the page should say that is not a failure: a fault survived, and what it cost. */
  v.object({ type: v.literal('notice'), message: v.string(), runId: v.optional(id) }),
  /** runId: the run it happened in, if it belongs to one (the page drops errors of a run it has left). */
  v.object({
    type: v.literal('error'),
    code: v.picklist(ERROR_CODES),
    message: v.string(),
    requestId: v.optional(id),
    runId: v.optional(id),
  }),
]);
export type EngineEvent = v.InferOutput<typeof EventSchema>;

/** The events one run's session says itself, before the engine stamps its runId on them. */
type SessionEventType = 'run.state' | 'run.metrics' | 'run.sample' | 'run.compiling' | 'notice' | 'error';
type WithoutRunId<T> = T extends unknown ? Omit<T, 'runId'> : never;
export type SessionEvent = WithoutRunId<Extract<EngineEvent, { type: SessionEventType }>>;
