// Compare runs, on the page: two or three saved runs answer one prompt with the same seed and
// settings, a column each as the worker writes it (protocol/compare.ts). One comparison at a time;
// a newer one replaces the old, whose late columns are dropped.
import type { CompareColumn } from '../protocol/compare';
import type { CompletionRequest } from '../protocol/completion';
import { WorkerReplaced } from './requests';
import type { SliceContext } from './slice';

export interface Comparison {
  requestId: number;
  prompt: string;
  /** One per run asked for, in the order asked; null until that run has answered. */
  columns: (CompareColumn | null)[];
  running: boolean;
  /** Why it stopped short, if it did. */
  error: string | null;
}

export interface CompareSlice {
  comparison: Comparison | null;
  /** Asks the saved runs (2 or 3 ids) for the request's prompt, one completion column each. */
  compareRuns(savedIds: readonly string[], ask: Omit<CompletionRequest, 'n'>): void;
}

type Own = keyof CompareSlice;

export const createCompareSlice = ({ set, get, request }: SliceContext<Own>): CompareSlice => {
  /** The comparison, if `requestId` is still the current one. */
  const current = (requestId: number) => {
    const c = get().comparison;
    return c?.requestId === requestId ? c : null;
  };
  return {
    comparison: null,
    compareRuns(savedIds, ask) {
      const { requestId, answer } = request(
        (id) => ({ type: 'compare.runs', requestId: id, savedIds: [...savedIds], request: { ...ask, n: 1 } }),
        {
          onEvent: (e) => {
            const c = current(requestId);
            if (c && e.type === 'compare.column')
              set({ comparison: { ...c, columns: c.columns.map((col, i) => (i === e.index ? e.column : col)) } });
          },
        },
      );
      set({ comparison: { requestId, prompt: ask.prompt, columns: savedIds.map(() => null), running: true, error: null } });
      answer
        .catch((e: unknown) => {
          const c = current(requestId);
          if (c && !(e instanceof WorkerReplaced)) set({ comparison: { ...c, error: e instanceof Error ? e.message : String(e) } });
        })
        .finally(() => {
          const c = current(requestId);
          if (c) set({ comparison: { ...c, running: false } });
        });
    },
  };
};
