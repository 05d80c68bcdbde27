// What the page says after the engine brought a run back from a fault (engine.ts recover): the
// cause, where the run went back to and why there, and what it cost.
import { LR_HALVED_STEPS } from '../train/divergence';
import { stepsToRedo } from '../protocol/faults';
import type { BackendInfo } from '../protocol/reports';

export interface Recovery {
  /** The cause, one or more sentences ("The GPU device was lost (…) at step 57."). */
  why: string;
  /** A lost device (the backend started again) or a diverged run (three non-finite steps). */
  kind: 'device' | 'diverged';
  /** The backend the run lives on now. */
  backend: BackendInfo | null;
  /** The save the run went back to, or why there was none to go back to. */
  save: { step: number } | { none: 'never saved' | 'this tab does not save' | string };
  /** The step the run had reached. */
  reachedStep: number;
  /** Training goes on (true) or waits for the person (false). */
  training: boolean;
  /** The same save has already been gone back to for the same fault: training stays paused. */
  again: boolean;
}

/**
 * E.g. "The GPU device was lost (Device was destroyed) at step 7. WebGPU started again on a new
 * device, and the run went back to its save at step 1: 6 steps are being redone."
 */
export function recoveryNotice(r: Recovery): string {
  const from = 'step' in r.save ? r.save.step : 0;
  const to =
    'step' in r.save
      ? `its save at step ${from}`
      : `the start (${r.save.none === 'never saved' ? 'it had not been saved yet' : r.save.none})`;
  let who = 'The run';
  if (r.kind === 'device') {
    const name = r.backend?.name;
    who =
      name === 'webgpu'
        ? 'WebGPU started again on a new device, and the run'
        : `Training moved to ${name ?? 'another backend'}${r.backend?.fallbackReason ? ` (${r.backend.fallbackReason})` : ''}, and the run`;
  }
  const cost = r.again ? 'training is paused' : stepsToRedo(r.reachedStep - from, r.training);
  const halved = r.kind === 'diverged' && !r.again ? `, at half the learning rate for ${LR_HALVED_STEPS} steps` : '';
  const advice =
    r.kind !== 'diverged'
      ? ''
      : r.again
        ? ' It went wrong again after going back to the same save: lower the learning rate in Settings and Apply, or Resume to try once more.'
        : ' If it keeps happening, lower the learning rate in Settings.';
  return `${r.why} ${who} went back to ${to}: ${cost}${halved}.${advice}`;
}
