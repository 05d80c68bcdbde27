// Leaving, reloading or hiding the tab keeps the run where it is. A hidden tab may be closed or
// discarded without warning: the worker saves at the next step boundary (only if steps were
// trained since the last save). A reload or a closed tab ends the worker within milliseconds of
// `pagehide`, too soon for that: the page writes the worker's latest snapshot itself (store/
// lastSteps.ts), and the next worker folds it into the saved run.
import { useEffect } from 'react';
import { usePlayground } from '../store/store';

export function useSaveOnHide(): void {
  useEffect(() => {
    const onVisibility = () => {
      const s = usePlayground.getState();
      if (document.visibilityState === 'hidden' && s.step > 0) s.saveNow();
    };
    // Written as early as the page can know it is going (beforeunload comes 10-40 ms before
    // pagehide on a reload, time for the write to land) and again at pagehide (a tab closed without
    // beforeunload, a phone): the same record, so twice costs nothing.
    const onLeave = () => usePlayground.getState().keepLastSteps();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('beforeunload', onLeave);
    window.addEventListener('pagehide', onLeave);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('beforeunload', onLeave);
      window.removeEventListener('pagehide', onLeave);
    };
  }, []);
}
