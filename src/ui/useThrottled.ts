// A value that follows its source at most once per interval: charts redraw twice a second
// instead of on every metrics batch, so drawing never crowds out input.
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastUpdate = useRef(0);
  useEffect(() => {
    const wait = lastUpdate.current + intervalMs - Date.now();
    const timer = setTimeout(() => {
      lastUpdate.current = Date.now();
      setShown(value);
    }, Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [value, intervalMs]);
  return shown;
}
