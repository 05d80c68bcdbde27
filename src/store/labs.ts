// The labs' runs, as the page asks for them: a few-shot task, or one preset of the scale lab on
// the person's text. The worker keeps the person's own run aside, paused, while a lab's run
// trains, and gives it back when the lab ends (Back to your run, the scale lab's end or Stop, or
// anything the person does to their own run). A lab never writes the URL, the Settings form or
// the person's saved runs; what the page shows follows the run's description (run.lab, run.kept).
import type { SyntheticTaskId } from '../protocol/fewShot';
import type { RunSettings } from '../protocol/settings';
import { sayFailure } from './requests';
import type { StepTimes } from '../protocol/run';
import type { SliceContext } from './slice';

export interface LabsSlice {
  /** A lab's start or end the worker has not answered yet. */
  labPending: boolean;
  /** Trains a few-shot task with the model it is known to learn with, at once; the person's run is kept aside. */
  startTask(task: SyntheticTaskId): Promise<void>;
  /**
   * Trains the scale lab's run of one preset (`settings`) on the person's text.
   * @returns the lab run's id, or null when the worker refused it (the refusal is said).
   */
  startScaleRun(settings: RunSettings): Promise<number | null>;
  /**
   * Times each run on this device with a short trial (the current run is paused meanwhile).
   * @returns each run's times, in order; null when the worker refused (the refusal is said).
   */
  measureRuns(runs: RunSettings[]): Promise<StepTimes[] | null>;
  /** Ends the lab: its run is let go (kept among the lab's saved runs) and the person's run is back, paused. */
  endLab(): Promise<void>;
}

type Own = keyof LabsSlice;

export const createLabsSlice = ({ set, send, request, alert }: SliceContext<Own>): LabsSlice => {
  /**
   * Sends a lab command and waits for the run it brings; a refusal is said (unless `quiet`), and gives null.
   * @returns the new run's id, or null.
   */
  const ask = async (make: Parameters<SliceContext['request']>[0], quiet = false): Promise<number | null> => {
    set({ labPending: true });
    try {
      const e = await request(make).answer;
      return e.type === 'run.replaced' ? e.run.runId : null;
    } catch (e) {
      if (!quiet) sayFailure(alert)(e);
      return null;
    } finally {
      set({ labPending: false });
    }
  };
  return {
    labPending: false,
    async startTask(task) {
      const runId = await ask((requestId) => ({ type: 'lab.start', requestId, lab: { kind: 'fewshot', task } }));
      if (runId !== null) send({ type: 'run.start', runId }); // choosing a task trains it, as the lab says
    },
    startScaleRun: (settings) => ask((requestId) => ({ type: 'lab.start', requestId, lab: { kind: 'scale', settings } })),
    // A lab already over is what was asked for: nothing to say.
    endLab: async () => void (await ask((requestId) => ({ type: 'lab.end', requestId }), true)),
    async measureRuns(runs) {
      try {
        const e = await request((requestId) => ({ type: 'lab.measure', requestId, runs })).answer;
        return e.type === 'lab.measured' ? e.times : null;
      } catch (e) {
        sayFailure(alert)(e);
        return null;
      }
    },
  };
};
