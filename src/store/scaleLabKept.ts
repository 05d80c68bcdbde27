// What the scale lab keeps in this browser (localStorage, through zustand's persist middleware):
// its runs' points against compute, the budget and presets the person chose, and the times measured
// on this device. Kept data is checked against its schema before use, since another version of the
// page, or a person, may have written it.
import { createJSONStorage, type PersistOptions, type StateStorage } from 'zustand/middleware';
import * as v from 'valibot';
import { PRESET_NAMES, type PresetName } from '../protocol/settings';
import { StepTimesSchema } from '../protocol/run';

const RUN_STATUSES = ['running', 'done', 'stopped', 'failed'] as const;
/** Runs kept for later labs to overlay; the oldest go first. */
export const KEPT_RUNS = 30;
/** Ticked at first: the presets a CPU trains in about a minute each at the default budget. */
export const DEFAULT_PRESETS: PresetName[] = ['tiny', 'baby', 'small'];

const ComputePointSchema = v.object({ step: v.number(), flops: v.number(), valLoss: v.number() });
const LabRunSchema = v.object({
  id: v.string(),
  /** When its lab started (ms since 1970): runs of one lab share it. */
  labId: v.number(),
  preset: v.picklist(PRESET_NAMES),
  /** Parameters of the model (the page's count). */
  params: v.number(),
  flopsPerToken: v.number(),
  budget: v.number(),
  steps: v.number(),
  corpus: v.string(),
  seed: v.number(),
  startedAt: v.number(),
  /** The time the lab estimated from this preset's measured times, and the time it took (ms). */
  estimatedMs: v.optional(v.number()),
  tookMs: v.optional(v.number()),
  points: v.array(ComputePointSchema),
  status: v.picklist(RUN_STATUSES),
});
export type LabRun = v.InferOutput<typeof LabRunSchema>;

const KeptSchema = v.object({
  runs: v.array(LabRunSchema),
  budget: v.nullable(v.number()),
  presets: v.array(v.picklist(PRESET_NAMES)),
  times: v.record(v.string(), StepTimesSchema),
});
type Kept = v.InferOutput<typeof KeptSchema>;

/**
 * zustand persist options for the lab's state `S`: what is kept (KeptSchema), read back only when
 * it parses (a run left running by a closed tab comes back cut short, "stopped"), and older
 * versions migrated. `storage` replaces localStorage (tests).
 */
export function keptOptions<S extends Kept>(storage?: () => StateStorage): PersistOptions<S, Kept> {
  return {
    name: 'pretrain-playground.scale-lab',
    version: 3,
    ...(storage ? { storage: createJSONStorage(storage) } : {}),
    partialize: (s) => ({ runs: s.runs, budget: s.budget, presets: s.presets, times: s.times }),
    merge: (kept, current) => {
      const parsed = v.safeParse(KeptSchema, kept);
      if (!parsed.success) return current;
      const runs = parsed.output.runs.map((r) => (r.status === 'running' ? { ...r, status: 'stopped' as const } : r));
      return { ...current, ...parsed.output, runs };
    },
    // Version 1 kept a budget of 1e11 for everyone (too small for small's 10 steps); 1 and 2 kept no times a run pays once.
    migrate: (old) => {
      const runs = v.safeParse(v.object({ runs: v.array(LabRunSchema) }), old);
      return { runs: runs.success ? runs.output.runs : [], budget: null, presets: [...DEFAULT_PRESETS], times: {} };
    },
  };
}
