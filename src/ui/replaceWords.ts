// What happens to a trained run that something is about to replace, said plainly in every
// question that asks first (Reset, Apply, another text): a run saved at its step stays in Saved
// runs; steps since its last save are lost; "discarded" only when nothing of it is kept.
import { fmtInt } from './format';

const steps = (n: number): string => `${fmtInt(n)} step${n === 1 ? '' : 's'}`;

/**
 * @param reached the steps the run has trained.
 * @param saved its last save, if it has one.
 * @param running it is training now (its count goes on until it is replaced).
 */
export function fateOfRun(reached: number, saved: { step: number } | null | undefined, running: boolean): string {
  const counting = running ? ' and counting' : '';
  if (!saved) return `the run trained so far (${steps(reached)}${counting}) is not saved, so it is discarded`;
  const lost = reached - saved.step;
  if (lost <= 0 && !running) return `the run trained so far stays in Saved runs (saved at step ${fmtInt(saved.step)})`;
  const since = running
    ? `the steps since (${fmtInt(Math.max(0, lost))} so far) are lost`
    : `the ${steps(lost)} since ${lost === 1 ? 'is' : 'are'} lost`;
  return `the run trained so far stays in Saved runs at step ${fmtInt(saved.step)}; ${since}`;
}
