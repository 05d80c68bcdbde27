// Compare runs, on the page: two or three saved runs answer one prompt with the same seed and
// settings, a column each as the worker writes it (protocol/compare.ts); a run that cannot answer
// is said in its place. One comparison at a time: a newer one stops and replaces the old, whose
// late columns are dropped; Stop ends it, and so does a command that replaces the run (the worker
// says why).
import type { CompareColumn } from '../protocol/compare';
import type { CompletionRequest } from '../protocol/completion';
import { WorkerReplaced } from './requests';
import type { SliceContext } from './slice';

export interface Comparison {
  requestId: number;
  prompt: string;
  /** The runs asked for, in order. */
  savedIds: string[];
  /** One per run asked for, in the order asked; null until that run has answered. */
  columns: (CompareColumn | null)[];
  /** Why a run could not answer, in its place; null for the others. */
  failures: (string | null)[];
  running: boolean;
  /** Why it stopped short, if it did. */
  error: string | null;
  /** Why it was stopped ("Stopped.", "Stopped to reset the run."), if it was. */
  stopped: string | null;
}

export interface CompareSlice {
  comparison: Comparison | null;
  /** Asks the saved runs (2 or 3 ids) for the request's prompt, one completion column each. */
  compareRuns(savedIds: readonly string[], ask: Omit<CompletionRequest, 'n'>): void;
  /** Stops the running comparison; the columns written so far stay. */
  stopComparison(): void;
}

type Own = keyof CompareSlice;

export const createCompareSlice = ({ set, get, send, request }: SliceContext<Own>): CompareSlice => {
  /** The comparison, if `requestId` is still the current one. */
  const current = (requestId: number) => {
    const c = get().comparison;
    return c?.requestId === requestId ? c : null;
  };
  const change = (requestId: number, f: (c: Comparison) => Partial<Comparison>) => {
    const c = current(requestId);
    if (c) set({ comparison: { ...c, ...f(c) } });
  };
  const stopComparison = () => {
    const c = get().comparison;
    if (c?.running) send({ type: 'compare.stop', requestId: c.requestId });
  };
  return {
    comparison: null,
    stopComparison,
    compareRuns(savedIds, ask) {
      stopComparison(); // the worker would finish the old one first, holding its queue
      const { requestId, answer } = request(
        (id) => ({ type: 'compare.runs', requestId: id, savedIds: [...savedIds], request: { ...ask, n: 1 } }),
        {
          onEvent: (e) => {
            if (e.type === 'compare.column')
              change(requestId, (c) => ({ columns: c.columns.map((col, i) => (i === e.index ? e.column : col)) }));
            if (e.type === 'compare.failed')
              change(requestId, (c) => ({ failures: c.failures.map((f, i) => (i === e.index ? e.message : f)) }));
          },
        },
      );
      const empty = savedIds.map(() => null);
      set({
        comparison: {
          requestId,
          prompt: ask.prompt,
          savedIds: [...savedIds],
          columns: empty,
          failures: empty,
          running: true,
          error: null,
          stopped: null,
        },
      });
      answer
        .then((e) => (e.type === 'compare.stopped' ? change(requestId, () => ({ stopped: e.reason ?? 'Stopped.' })) : undefined))
        .catch((e: unknown) => {
          if (!(e instanceof WorkerReplaced)) change(requestId, () => ({ error: e instanceof Error ? e.message : String(e) }));
        })
        .finally(() => change(requestId, () => ({ running: false })));
    },
  };
};
