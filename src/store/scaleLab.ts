// The scale lab: trains the chosen presets in turn on the person's text for the same compute
// budget, as lab runs (the worker keeps the person's run aside, paused, and gives it back when
// the lab ends, done or stopped: store/labs.ts), and records each run's validation loss against
// the FLOPs spent. Before the first run it times each preset on this device with a short trial
// (worker/stepTimes.ts), so its time estimate is each preset's own. Finished runs are kept in
// localStorage (scaleLabKept.ts), so a later lab overlays earlier ones; runs cut short are kept
// too, marked.
import { create } from 'zustand';
import { persist, type StateStorage } from 'zustand/middleware';
import { DEFAULT_SETTINGS, PRESET_NAMES, type PresetName } from '../protocol/settings';
import type { StepTimes } from '../protocol/run';
import { formatSpan } from '../protocol/units';
import type { PlaygroundStore } from './slice';
import { personCorpus, personRunSettings } from './selectors';
import { budgetProblem, computePoints, defaultBudget, planMs, planRun, type ScaleRunPlan } from './scaleLabPlan';
import { DEFAULT_PRESETS, KEPT_RUNS, keptOptions, type LabRun } from './scaleLabKept';

/** What the lab reads of the playground store and the actions it drives. */
export type LabView = Pick<
  PlaygroundStore,
  | 'run'
  | 'backend'
  | 'runId'
  | 'runState'
  | 'settings'
  | 'evals'
  | 'errors'
  | 'startScaleRun'
  | 'measureRuns'
  | 'endLab'
  | 'train'
  | 'pause'
>;

/** The playground store as the lab sees it (the real one, or a fake in tests). */
export interface LabPort {
  getState(): LabView;
  subscribe(listener: (state: LabView) => void): () => void;
}

/** The lab while it runs: the plans, which one is on, and the lab run it follows. */
export interface ActiveLab {
  plans: ScaleRunPlan[];
  budget: number;
  index: number;
  labId: number;
  /** 'measuring': timing the presets; 'starting': the lab run asked for; 'training': the run is ours. */
  phase: 'measuring' | 'starting' | 'training';
  /** The lab run being followed (training). */
  runId: number | null;
  labRunId: string | null;
}

export interface ScaleLabState {
  runs: LabRun[];
  /** The budget the person typed; null: the default, enough for FEW_STEPS steps of every ticked preset. */
  budget: number | null;
  presets: PresetName[];
  /** Measured times per run (timesKey), kept: this device's. */
  times: Record<string, StepTimes>;
  active: ActiveLab | null;
  /** Why the lab stopped, or what it refused (cleared by the next start). */
  message: string | null;
  setBudget(budget: number | null): void;
  togglePreset(preset: PresetName): void;
  /** Times the chosen presets on this device (for the estimate) without training them. */
  measure(): Promise<void>;
  /** Plans every chosen preset, times those not timed yet, and trains them in turn; a problem is said in `message`. */
  start(): Promise<void>;
  /** Pauses the lab's run, ends the lab (the person's run is back) and keeps the run so far, marked stopped. */
  stop(): void;
  /** Forgets every kept run. */
  clear(): void;
}

/** Which measured times a plan can use: the backend that ran, the preset, the vocabulary, the evaluation and sample sizes. */
export const timesKey = (plan: ScaleRunPlan, view: Pick<LabView, 'run' | 'backend'>): string =>
  [view.backend?.name ?? '?', plan.preset, personVocab(view), plan.settings.evalBatches, plan.settings.sampleLength].join('|');

/** The vocabulary of the person's text (also during another lab). */
const personVocab = (view: Pick<LabView, 'run'>): number => (view.run?.kept?.corpus ?? view.run?.corpus)?.vocabSize ?? 0;

let labRunCounter = 0;

/** Where the person's run was kept: "paused at step 1,200", or "not trained yet". */
const whereItWas = (step: number): string => (step > 0 ? `paused at step ${step.toLocaleString('en-US')}` : 'not trained yet');

/** The plans for the chosen presets at the budget on the person's text, or what is wrong. */
export function planLab(
  view: Pick<LabView, 'run' | 'settings'>,
  presets: readonly PresetName[],
  budgetAsked: number | null,
): { plans: ScaleRunPlan[]; budget: number } | string {
  const corpus = view.run ? personCorpus({ run: view.run, corpus: view.run.corpus }) : null; // the person's text, also during another lab
  if (presets.length === 0) return 'Choose at least one preset to train.';
  if (!corpus) return 'Wait for the text to load.';
  const budget = budgetAsked ?? defaultBudget(presets, corpus.vocabSize);
  const problem = budgetProblem(budget);
  if (problem) return problem;
  // The same seed, backend and evaluation windows for every run; the schedule from the defaults, so labs compare.
  const person = personRunSettings(view);
  const base = {
    ...DEFAULT_SETTINGS,
    backend: person.backend,
    seed: person.seed,
    evalBatches: person.evalBatches,
    sampleLength: person.sampleLength,
  };
  const plans = presets.map((p) => planRun(base, p, corpus.vocabSize, budget));
  const refusal = plans.find((p): p is string => typeof p === 'string');
  return refusal ?? { plans: plans.filter((p): p is ScaleRunPlan => typeof p !== 'string'), budget };
}

/**
 * The lab's time on this device, said in words, from each preset's measured times ("≈ 1 min 40 s
 * here: tiny 26 s, baby 31 s, small 43 s"); null until every chosen preset has been timed.
 */
export function labEstimate(
  lab: Pick<ScaleLabState, 'presets' | 'budget' | 'times'>,
  view: Pick<LabView, 'run' | 'settings' | 'backend'>,
): string | null {
  const planned = planLab(view, lab.presets, lab.budget);
  if (typeof planned === 'string') return null;
  const each = planned.plans.map((p) => ({ preset: p.preset, times: lab.times[timesKey(p, view)], plan: p }));
  if (each.some((e) => !e.times)) return null;
  const ms = each.map((e) => (e.times ? planMs(e.plan, e.times) : 0));
  const total = formatSpan(ms.reduce((a, b) => a + b, 0) / 1000);
  return `≈ ${total} here: ${each.map((e, i) => `${e.preset} ${formatSpan(ms[i] / 1000)}`).join(', ')} (each timed on this device)`;
}

/** A budget as the field shows it: "2.8e11". */
export const budgetString = (flops: number): string => flops.toExponential().replace('e+', 'e');

/** A scale lab driving `port`; state kept in `storage` (localStorage by default). */
export function createScaleLab(port: LabPort, storage?: () => StateStorage) {
  return create<ScaleLabState>()(
    persist((set, get) => {
      let unsubscribe: (() => void) | null = null;
      // What the lab last said stays only while the run it spoke of is on the page: it is tied
      // to the person's run once that is back (not a lab's), and goes when another run replaces it.
      let messageRun: number | null = null;
      port.subscribe((view) => {
        if (get().message === null || get().active) return;
        if (messageRun === null) messageRun = view.run?.lab ? null : view.runId;
        else if (view.runId !== messageRun) {
          messageRun = null;
          set({ message: null });
        }
      });
      const updateRun = (id: string | null, change: Partial<LabRun>) =>
        set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change } : r)) }));
      /** Ends the lab: the person's run comes back (the worker's lab.end), and the lab says why it ended. */
      const end = (message: string, status?: LabRun['status']) => {
        const a = get().active;
        if (a && status)
          updateRun(a.labRunId, { status, tookMs: Date.now() - (get().runs.find((r) => r.id === a.labRunId)?.startedAt ?? Date.now()) });
        unsubscribe?.();
        unsubscribe = null;
        messageRun = null;
        set({ active: null, message });
        const view = port.getState();
        if (view.run?.lab === 'scale') void view.endLab(); // never another lab the person chose meanwhile
      };
      /** Measures the plans not timed yet; false when the worker refused (said in `message`). */
      const timePlans = async (plans: ScaleRunPlan[]): Promise<boolean> => {
        const missing = plans.filter((p) => !get().times[timesKey(p, port.getState())]);
        if (missing.length === 0) return true;
        const times = await port.getState().measureRuns(missing.map((p) => p.settings));
        if (!times) return false;
        set((s) => ({ times: { ...s.times, ...Object.fromEntries(missing.map((p, i) => [timesKey(p, port.getState()), times[i]])) } }));
        return true;
      };
      const launch = async (index: number) => {
        const a = get().active;
        if (!a) return;
        const plan = a.plans[index];
        set({ active: { ...a, index, phase: 'starting', runId: null, labRunId: null } });
        const runId = await port.getState().startScaleRun(plan.settings);
        if (get().active?.labId !== a.labId) {
          if (runId !== null) void port.getState().endLab(); // stopped while its run was being built: that run goes too
          return;
        }
        if (runId === null)
          return end(`The ${plan.preset} run was refused: ${port.getState().errors.at(-1)?.message ?? 'see the message above.'}`);
        const times = get().times[timesKey(plan, port.getState())];
        const run: LabRun = {
          id: `lab-${Date.now()}-${labRunCounter++}`,
          labId: a.labId,
          preset: plan.preset,
          params: port.getState().run?.model.params ?? 0,
          flopsPerToken: plan.flopsPerToken,
          budget: a.budget,
          steps: plan.steps,
          corpus: port.getState().run?.corpus.name ?? '?',
          seed: plan.settings.seed,
          startedAt: Date.now(),
          estimatedMs: times && planMs(plan, times),
          points: [],
          status: 'running',
        };
        set((l) => ({ runs: [...l.runs, run].slice(-KEPT_RUNS), active: { ...a, index, phase: 'training', runId, labRunId: run.id } }));
        port.getState().train();
      };
      const follow = (s: LabView) => {
        const a = get().active;
        if (!a || a.phase !== 'training') return;
        const plan = a.plans[a.index];
        if (s.runId !== a.runId)
          return end('The lab stopped: its run was replaced (a Load, Apply or another text). Your own run is back.', 'stopped');
        const points = computePoints(plan, s.evals);
        if (points.length !== get().runs.find((r) => r.id === a.labRunId)?.points.length) updateRun(a.labRunId, { points });
        if (s.runState === 'failed')
          return end(`The ${plan.preset} run failed: ${s.errors.at(-1)?.message ?? 'see the message above.'}`, 'failed');
        if (s.runState !== 'done') return;
        updateRun(a.labRunId, {
          status: 'done',
          tookMs: Date.now() - (get().runs.find((r) => r.id === a.labRunId)?.startedAt ?? Date.now()),
        });
        if (a.index + 1 < a.plans.length) return void launch(a.index + 1);
        const kept = s.run?.kept;
        end(`Done. Your own run is back as it was${kept ? `: ${kept.corpus.name}, ${whereItWas(kept.step)}` : ''}.`);
      };
      return {
        runs: [],
        budget: null,
        presets: [...DEFAULT_PRESETS],
        times: {},
        active: null,
        message: null,
        setBudget: (budget) => set({ budget }),
        togglePreset: (preset) =>
          set((s) => ({ presets: PRESET_NAMES.filter((p) => (p === preset ? !s.presets.includes(p) : s.presets.includes(p))) })),
        async measure() {
          const lab = planLab(port.getState(), get().presets, get().budget);
          if (typeof lab === 'string') return void set({ message: lab });
          set({ message: null });
          await timePlans(lab.plans);
        },
        async start() {
          const { presets, budget, active } = get();
          if (active) return;
          const lab = planLab(port.getState(), presets, budget);
          if (typeof lab === 'string') return void set({ message: lab });
          const labId = Date.now();
          set({ message: null, active: { ...lab, index: 0, labId, phase: 'measuring', runId: null, labRunId: null } });
          if (!(await timePlans(lab.plans))) return end('The presets could not be timed on this device: see the message above.');
          if (get().active?.labId !== labId) return; // stopped while measuring
          unsubscribe = port.subscribe(follow);
          await launch(0);
        },
        stop() {
          const a = get().active;
          if (!a) return;
          if (a.phase === 'training' && port.getState().runState === 'running') port.getState().pause();
          const kept = port.getState().run?.kept;
          end(
            `Stopped. The lab's run so far is kept, marked "stopped"; your own run is back as it was${kept ? `, ${whereItWas(kept.step)}` : ''}.`,
            'stopped',
          );
        },
        clear: () => set({ runs: [] }),
      };
    }, keptOptions(storage)),
  );
}
