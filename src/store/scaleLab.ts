// The scale lab: trains the chosen presets in turn on the current corpus for the same compute
// budget, each a real run through the playground's own actions (Apply's fresh run with the
// preset's settings and the same seed, then Train), and records each run's validation loss
// against the FLOPs spent. The worker owns the runs; the lab only follows what the playground
// store says (new run, state, evaluations) and moves to the next preset when a run is done.
// Finished runs are kept in localStorage (zustand's persist middleware), so a later lab overlays
// earlier ones; runs cut short are kept too, marked.
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import * as v from 'valibot';
import { DEFAULT_SETTINGS, PRESET_NAMES, type PresetName } from '../protocol/settings';
import type { PlaygroundStore } from './slice';
import { budgetProblem, computePoints, planRun, type ComputePoint, type ScaleRunPlan } from './scaleLabPlan';

/** What the lab reads of the playground store and the actions it drives. */
export type LabView = Pick<
  PlaygroundStore,
  'runId' | 'runState' | 'settings' | 'corpus' | 'model' | 'evals' | 'applying' | 'errors' | 'applySettings' | 'train' | 'pause'
>;

/** The playground store as the lab sees it (the real one, or a fake in tests). */
export interface LabPort {
  getState(): LabView;
  subscribe(listener: (state: LabView) => void): () => void;
}

const RUN_STATUSES = ['running', 'done', 'stopped', 'failed'] as const;
const KEPT_RUNS = 30;
/** Sized for a 2-core CPU on WASM (≈ 1–2 GFLOP/s measured): about a minute per preset. */
export const DEFAULT_BUDGET = 1e11;

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
  points: v.array(ComputePointSchema),
  status: v.picklist(RUN_STATUSES),
});
export type LabRun = v.InferOutput<typeof LabRunSchema>;

const KeptSchema = v.object({
  runs: v.array(LabRunSchema),
  budget: v.number(),
  presets: v.array(v.picklist(PRESET_NAMES)),
});

/** The lab while it runs: the plans, which one is on, and the playground run it drives. */
export interface ActiveLab {
  plans: ScaleRunPlan[];
  index: number;
  labId: number;
  /** 'resetting': Apply sent, waiting for the new run; 'training': the run is ours. */
  phase: 'resetting' | 'training';
  /** The playground's run before the reset (resetting), or the lab's run (training). */
  runId: number;
  /** The LabRun being recorded (training). */
  labRunId: string | null;
}

export interface ScaleLabState {
  runs: LabRun[];
  budget: number;
  presets: PresetName[];
  active: ActiveLab | null;
  /** Why the lab stopped, or what it refused (cleared by the next start). */
  message: string | null;
  setBudget(budget: number): void;
  togglePreset(preset: PresetName): void;
  /** Plans every chosen preset and starts the first; a problem is said in `message` and nothing starts. */
  start(): void;
  /** Pauses the lab's run and ends the lab; the run so far is kept, marked stopped. */
  stop(): void;
  /** Forgets every kept run. */
  clear(): void;
}

let labRunCounter = 0;

/** A scale lab driving `port`; state kept in `storage` (localStorage by default). */
export function createScaleLab(port: LabPort, storage?: () => StateStorage) {
  return create<ScaleLabState>()(
    persist(
      (set, get) => {
        let unsubscribe: (() => void) | null = null;
        const updateRun = (id: string | null, change: Partial<LabRun>) =>
          set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change } : r)) }));
        const end = (message: string | null, status?: LabRun['status']) => {
          const a = get().active;
          if (a && status) updateRun(a.labRunId, { status });
          unsubscribe?.();
          unsubscribe = null;
          set({ active: null, message });
        };
        const launch = (plans: ScaleRunPlan[], index: number, labId: number) => {
          const before = port.getState();
          set({ active: { plans, index, labId, phase: 'resetting', runId: before.runId, labRunId: null } });
          before.applySettings(plans[index].settings);
        };
        const follow = (s: LabView) => {
          const a = get().active;
          if (!a) return;
          const plan = a.plans[a.index];
          if (a.phase === 'resetting') {
            if (s.applying !== null) return; // not answered yet
            if (s.runId === a.runId)
              return end(`The ${plan.preset} run was refused: ${s.errors.at(-1)?.message ?? 'see the message above.'}`);
            const labRunId = `lab-${Date.now()}-${labRunCounter++}`;
            const run: LabRun = {
              id: labRunId,
              labId: a.labId,
              preset: plan.preset,
              params: s.model?.params ?? 0,
              flopsPerToken: plan.flopsPerToken,
              budget: get().budget,
              steps: plan.steps,
              corpus: s.corpus?.name ?? '?',
              seed: plan.settings.seed,
              startedAt: Date.now(),
              points: [],
              status: 'running',
            };
            set((l) => ({ runs: [...l.runs, run].slice(-KEPT_RUNS), active: { ...a, phase: 'training', runId: s.runId, labRunId } }));
            s.train();
            return;
          }
          if (s.runId !== a.runId)
            return end('The run was replaced (Reset, Apply, another text or a loaded run), so the scale lab stopped.', 'stopped');
          const points: ComputePoint[] = computePoints(plan, s.evals);
          if (points.length !== get().runs.find((r) => r.id === a.labRunId)?.points.length) updateRun(a.labRunId, { points });
          if (s.runState === 'failed')
            return end(`The ${plan.preset} run failed: ${s.errors.at(-1)?.message ?? 'see the message above.'}`, 'failed');
          if (s.runState !== 'done') return;
          updateRun(a.labRunId, { status: 'done' });
          if (a.index + 1 < a.plans.length) return launch(a.plans, a.index + 1, a.labId);
          end(null);
        };
        return {
          runs: [],
          budget: DEFAULT_BUDGET,
          presets: [...PRESET_NAMES],
          active: null,
          message: null,
          setBudget: (budget) => set({ budget }),
          togglePreset: (preset) =>
            set((s) => ({ presets: PRESET_NAMES.filter((p) => (p === preset ? !s.presets.includes(p) : s.presets.includes(p))) })),
          start() {
            const { budget, presets, active } = get();
            if (active) return;
            const s = port.getState();
            const problem =
              budgetProblem(budget) ??
              (presets.length === 0 ? 'Choose at least one preset to train.' : null) ??
              (s.corpus ? null : 'Wait for the text to load.');
            if (problem || !s.corpus) return set({ message: problem });
            // The same seed, backend and evaluation windows for every run; the schedule from the defaults, so labs compare.
            const base = {
              ...DEFAULT_SETTINGS,
              backend: s.settings.backend,
              seed: s.settings.seed,
              evalBatches: s.settings.evalBatches,
              sampleLength: s.settings.sampleLength,
            };
            const plans = presets.map((p) => planRun(base, p, s.corpus!.vocabSize, budget));
            const refusal = plans.find((p) => typeof p === 'string');
            if (typeof refusal === 'string') return set({ message: refusal });
            set({ message: null });
            unsubscribe = port.subscribe(follow);
            launch(plans as ScaleRunPlan[], 0, Date.now());
          },
          stop() {
            const a = get().active;
            if (!a) return;
            if (a.phase === 'training' && port.getState().runState === 'running') port.getState().pause();
            end('Stopped. The run so far is kept, marked "stopped".', 'stopped');
          },
          clear: () => set({ runs: [] }),
        };
      },
      {
        name: 'pretrain-playground.scale-lab',
        version: 1,
        ...(storage ? { storage: createJSONStorage(storage) } : {}),
        partialize: (s) => ({ runs: s.runs, budget: s.budget, presets: s.presets }),
        // Kept data is checked before use; a run left running by a closed tab was cut short.
        merge: (kept, current) => {
          const parsed = v.safeParse(KeptSchema, kept);
          if (!parsed.success) return current;
          const runs = parsed.output.runs.map((r) => (r.status === 'running' ? { ...r, status: 'stopped' as const } : r));
          return { ...current, ...parsed.output, runs };
        },
      },
    ),
  );
}
