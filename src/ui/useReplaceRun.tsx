// Before something replaces the person's run (loading a saved run, importing a model): ask, when
// the run has trained past its last save, since those steps would be lost. A run saved at its
// step is kept in Saved runs, so replacing it loses nothing and asks nothing.
import { useCallback } from 'react';
import { usePlayground } from '../store/store';
import { useConfirm } from './useConfirm';
import { fmtInt } from './format';

/** @returns the dialog to render, and `confirmReplace(what)`: true at once when nothing would be lost. */
export function useReplaceRun(): [dialog: React.ReactElement, confirmReplace: (what: string) => Promise<boolean>] {
  const [dialog, ask] = useConfirm('Replace it');
  const confirmReplace = useCallback(
    (what: string) => {
      const { step, run, runState } = usePlayground.getState();
      // During a lab, the person's own run is the one replaced (the lab ends first).
      const kept = run?.kept;
      const [reached, saved] = kept ? [kept.step, kept.saved] : [step, run?.saved];
      const unsaved = reached - (saved?.step ?? 0);
      if (reached === 0 || unsaved <= 0) return Promise.resolve(true);
      const savedAt = saved ? `its last save is at step ${fmtInt(saved.step)}` : 'it has not been saved';
      const lost = `${fmtInt(unsaved)} step${unsaved === 1 ? '' : 's'}`;
      const counting = runState === 'running' && !kept ? ' and counting' : '';
      return ask(
        `${what} replaces your run, trained for ${fmtInt(reached)} steps${counting}; ${savedAt}, so ${lost} would be lost. Continue?`,
      );
    },
    [ask],
  );
  return [dialog, confirmReplace];
}
