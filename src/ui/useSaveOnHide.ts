// A hidden tab may be closed or discarded without warning: save the run as it goes out of view
// (the worker saves at the next step boundary, and only if steps were trained since the last save).
import { useEffect } from 'react';
import { usePlayground } from '../store/store';

export function useSaveOnHide(): void {
  useEffect(() => {
    const onChange = () => {
      const s = usePlayground.getState();
      if (document.visibilityState === 'hidden' && s.step > 0) s.saveNow();
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
}
