// Leaving, reloading or hiding the tab saves the run where it is: a hidden tab may be closed or
// discarded without warning, and a reload ends the worker. The worker saves at the next step
// boundary (only if steps were trained since the last save); `pagehide` covers a reload or a
// navigation, `visibilitychange` a tab put in the background (README: what a reload keeps).
import { useEffect } from 'react';
import { usePlayground } from '../store/store';

export function useSaveOnHide(): void {
  useEffect(() => {
    const save = () => {
      const s = usePlayground.getState();
      if (s.step > 0) s.saveNow();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') save();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', save);
    window.addEventListener('beforeunload', save);
    return () => {
      window.removeEventListener('beforeunload', save);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', save);
    };
  }, []);
}
