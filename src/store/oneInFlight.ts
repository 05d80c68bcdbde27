// One request of a kind in flight at a time: a newer one asked meanwhile waits (replacing any
// other waiting one) and goes when the answer comes, so a slow device never builds a queue of
// stale questions (the next-token score and the attention maps, asked on every keystroke).

/**
 * @param ask sends one request and settles when it is answered (or fails).
 * @returns the function to call with each new input.
 */
export function oneInFlight<T>(ask: (input: T) => Promise<unknown>): (input: T) => void {
  let busy = false;
  let waiting: { input: T } | null = null;
  const go = (input: T): void => {
    busy = true;
    void ask(input)
      .catch(() => undefined) // ask says its own failures
      .finally(() => {
        busy = false;
        const next = waiting;
        waiting = null;
        if (next) go(next.input);
      });
  };
  return (input) => {
    if (busy) waiting = { input };
    else go(input);
  };
}
