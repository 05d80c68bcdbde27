// The steps since a run's last save, kept for a reload. A reload ends the worker within a few
// milliseconds of the page's `pagehide` (measured: a message posted then never arrives), too soon
// for it to read and write a checkpoint. So while a run trains, the worker hands the page a
// snapshot of it about every second (weights, AdamW's moments, the RNG and step counts: a
// checkpoint without its history, which the page has already); the page keeps the latest in
// memory and, at `pagehide`, writes it with its history into a small database of its own (a write
// started then lands: the page's document outlives its worker). The next worker folds it into the
// saved run it belongs to, if it is newer (worker/lastSteps.ts).
import * as v from 'valibot';
import { EvalPointSchema, MetricPointSchema, SampleSchema, count } from './reports';

/** The page's database of last steps: one record per run, by its id in storage. */
export const LAST_STEPS_DB = 'pretrain-playground-last-steps';
export const LAST_STEPS_STORE = 'snapshots';
export const LAST_STEPS_DB_VERSION = 1;

/** Training time between snapshots (ms): what a reload can lose at most, about. */
export const SNAPSHOT_EVERY_MS = 1000;

/** Float32 values per parameter (any buffer: the worker's reads may be views of a shared heap). */
const ArraysSchema = v.record(
  v.string(),
  v.custom<Float32Array>((x) => x instanceof Float32Array, 'Expected a Float32Array'),
);

/** A run's state between two steps, as a saved checkpoint holds it (train/checkpoint.ts). */
export const CheckpointSchema = v.object({
  step: count,
  elapsedMs: v.number(),
  evaluatedAt: v.pipe(v.number(), v.integer(), v.minValue(-1)),
  sampledAt: v.pipe(v.number(), v.integer(), v.minValue(-1)),
  batchRng: v.object({ state: v.pipe(v.number(), v.integer()), spare: v.nullable(v.number()) }),
  weights: ArraysSchema,
  optimizer: v.object({ step: count, m: ArraysSchema, v: ArraysSchema }),
  history: v.object({ points: v.array(MetricPointSchema), evals: v.array(EvalPointSchema), samples: v.array(SampleSchema) }),
});

/** What the worker hands the page: a run's state under its id in storage, its history left out. */
export const SnapshotSchema = v.object({
  savedId: v.string(),
  /** When the snapshot was taken (ms since 1970). */
  takenAt: v.number(),
  checkpoint: v.omit(CheckpointSchema, ['history']),
});
export type Snapshot = v.InferOutput<typeof SnapshotSchema>;

/** What the page writes at `pagehide`: the snapshot with the history of its steps. */
export const LastStepsSchema = v.object({ ...SnapshotSchema.entries, checkpoint: CheckpointSchema });
export type LastSteps = v.InferOutput<typeof LastStepsSchema>;

/** Every buffer a snapshot holds that can move to the page rather than be copied (each once; a shared one stays). */
export function snapshotBuffers(c: Pick<Snapshot['checkpoint'], 'weights' | 'optimizer'>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const arrays of [c.weights, c.optimizer.m, c.optimizer.v])
    for (const a of Object.values(arrays)) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}
