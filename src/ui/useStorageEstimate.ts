// How much of this browser's storage the page uses, and its quota (navigator.storage.estimate),
// read again whenever `version` changes (the saved-runs list). Null where the browser does not say.
import { useEffect, useState } from 'react';

export interface StorageEstimate {
  usage: number;
  quota: number;
}

export function useStorageEstimate(version: unknown): StorageEstimate | null {
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  useEffect(() => {
    let live = true;
    void navigator.storage
      ?.estimate?.()
      .then(({ usage, quota }) => {
        if (live && usage !== undefined && quota !== undefined) setEstimate({ usage, quota });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version]);
  return estimate;
}
