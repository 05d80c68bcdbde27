// Before something replaces the current run (loading a saved run, importing a model): ask, when
// the run has trained past its last save, since those steps would be lost.
import { useCallback } from 'react';
import { usePlayground } from '../store/store';
import { useConfirm } from './useConfirm';
import { fmtInt } from './format';

/** @returns the dialog to render, and `confirmReplace(what)`: true at once when nothing would be lost. */
export function useReplaceRun(): [dialog: React.ReactElement, confirmReplace: (what: string) => Promise<boolean>] {
  const [dialog, ask] = useConfirm('Replace it');
  const confirmReplace = useCallback(
    (what: string) => {
      const { step, lastSave, runState } = usePlayground.getState();
      const unsaved = step - (lastSave?.step ?? 0);
      if (step === 0 || unsaved <= 0) return Promise.resolve(true);
      const saved = lastSave ? `its last save is at step ${fmtInt(lastSave.step)}` : 'it has not been saved';
      const lost = `${fmtInt(unsaved)} step${unsaved === 1 ? '' : 's'}`;
      return ask(
        `${what} replaces the current run, trained for ${fmtInt(step)} steps${runState === 'running' ? ' and counting' : ''}; ${saved}, so ${lost} would be lost. Continue?`,
      );
    },
    [ask],
  );
  return [dialog, confirmReplace];
}
