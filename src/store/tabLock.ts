// One tab saves: the page's tabs share one IndexedDB, so the first tab to open holds a Web Lock
// for its life and writes saved runs; a tab opened while it lives trains unsaved (no double
// writes, no resuming a run trained elsewhere) and takes over when the first one closes.
// Where the browser has no Web Locks (plain http on another host), every tab saves.

const LOCK_NAME = 'pretrain-playground-saves';

/**
 * Calls `onRole(true)` once this tab holds the lock (at once if it is free), `onRole(false)`
 * while another tab holds it. The lock is held until the tab closes.
 */
export function watchTabLock(onRole: (writer: boolean) => void): void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return onRole(true);
  const holdForever = () => new Promise<void>(() => undefined);
  void locks
    .request(LOCK_NAME, { ifAvailable: true }, (lock) => {
      if (lock) {
        onRole(true);
        return holdForever();
      }
      onRole(false);
      // Queue for it: granted when the other tab closes.
      void locks
        .request(LOCK_NAME, () => {
          onRole(true);
          return holdForever();
        })
        .catch(() => undefined); // the browser refused the queue: this tab stays unsaved
      return undefined;
    })
    .catch(() => onRole(true));
}
