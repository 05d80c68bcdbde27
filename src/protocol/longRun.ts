// The long run the page ships (npm run pretrain: the default model trained on Moby Dick by our own
// training code for hours): its manifest as the page reads it, and the messages of the worker that
// answers prompts with one of its snapshots. That worker is its own, started only when a person
// opens the long run, so it never waits for a training step and never touches the person's run.
import * as v from 'valibot';
import { GPTConfigSchema } from './gptConfig';
import { TokenizerSpecSchema } from './tokenizerSpec';
import { CompletionRequestSchema } from './completion';
import { count } from './reports';

/** Where the long run's files sit, under the page's base URL. */
export const LONG_RUN_DIR = 'pretrained/moby-dick/';

const point = v.tuple([count, v.number()]);

const LongRunSnapshotSchema = v.object({
  step: count,
  /** The 8-bit weights (model/quantizedWeights.ts), beside the manifest. */
  file: v.pipe(v.string(), v.regex(/^[\w.-]+\.bin$/)),
  bytes: count,
  /** Validation loss of the 8-bit weights, as loaded (nats per character). */
  valLoss: v.number(),
  /** Wall time of the run to this step (seconds, evaluation included). */
  wallSeconds: v.number(),
});

export const LongRunManifestSchema = v.object({
  format: v.literal(1),
  /** The bundled text it learned (protocol/texts.ts BOOK_IDS). */
  text: v.string(),
  /** How to make it again. */
  command: v.string(),
  settings: v.looseObject({ seed: count, maxSteps: count, lr: v.number(), warmupSteps: count, batchSize: count }),
  tokenizer: TokenizerSpecSchema,
  config: GPTConfigSchema,
  /** Steps trained; `finished` when the run reached its maxSteps. */
  steps: count,
  finished: v.boolean(),
  wallSeconds: v.number(),
  snapshots: v.pipe(v.array(LongRunSnapshotSchema), v.minLength(1)),
  curve: v.object({ evals: v.array(point), train: v.array(point) }),
});
export type LongRunManifest = v.InferOutput<typeof LongRunManifestSchema>;

/** Page → long-run worker. */
export const LongRunCommandSchema = v.variant('type', [
  /** Build the model of one snapshot (the previous one is let go once it is built). URLs are absolute. */
  v.object({ type: v.literal('longRun.load'), requestId: count, manifest: LongRunManifestSchema, snapshotUrl: v.string(), step: count }),
  /** Continue a prompt with the loaded snapshot, as the person's run is asked (same request, same seed). */
  v.object({ type: v.literal('longRun.complete'), requestId: count, request: CompletionRequestSchema }),
  v.object({ type: v.literal('longRun.stop'), requestId: count }),
]);
export type LongRunCommand = v.InferOutput<typeof LongRunCommandSchema>;

/** Long-run worker → page. */
export const LongRunEventSchema = v.variant('type', [
  v.object({ type: v.literal('longRun.loaded'), requestId: count, step: count, backend: v.string() }),
  /** `step`: the snapshot that answers (the one loaded when the question's turn came). */
  v.object({ type: v.literal('longRun.started'), requestId: count, step: count, notices: v.array(v.string()) }),
  v.object({ type: v.literal('longRun.tokens'), requestId: count, texts: v.array(v.string()), tokensPerSecond: v.optional(v.number()) }),
  v.object({ type: v.literal('longRun.done'), requestId: count }),
  v.object({ type: v.literal('longRun.error'), requestId: v.optional(count), message: v.string() }),
]);
export type LongRunEvent = v.InferOutput<typeof LongRunEventSchema>;

/** "2.3 h" / "41 min": how long the long run had trained at a snapshot. */
export function trainedFor(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The CPU threads the long run trained on: its settings' `threads`, else its command's --threads; null when neither says. */
export function trainedThreads(manifest: Pick<LongRunManifest, 'settings' | 'command'>): number | null {
  const threads = manifest.settings.threads;
  if (typeof threads === 'number' && Number.isInteger(threads) && threads > 0) return threads;
  const given = /--threads[= ](\d+)/.exec(manifest.command)?.[1];
  return given ? Number(given) : null;
}
