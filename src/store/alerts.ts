// Messages a person must see: errors from the worker or the GPU, and refusals. Each can be
// dismissed; nothing else on the page is lost.
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';
import { answersScore } from './scoring';
import { answersAttention } from './attention';

export interface AppError {
  id: number;
  message: string;
  /** 'notice': something survived (a fault recovered), said without alarm; an error if absent. */
  kind?: 'error' | 'notice';
}

export interface AlertsSlice {
  errors: AppError[];
  dismissError(id: number): void;
}

let nextErrorId = 1;

/** The store change that shows one more message (an error unless said otherwise). */
export const withNotice = (
  s: Pick<PlaygroundStore, 'errors'>,
  message: string,
  kind: 'error' | 'notice' = 'notice',
): Pick<PlaygroundStore, 'errors'> => ({
  errors: [...s.errors, { id: nextErrorId++, message, kind }],
});

/** The store change that shows one more error. */
export const withError = (s: Pick<PlaygroundStore, 'errors'>, message: string): Pick<PlaygroundStore, 'errors'> =>
  withNotice(s, message, 'error');

export const createAlertsSlice = ({ set }: SliceContext): AlertsSlice => ({
  errors: [],
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
});

export const alertsOnEvent: EventReducer = (s, e) => {
  if (e.type === 'error' && answersScore(s, e)) return {}; // shown in the scoring panels
  if (e.type === 'error' && answersAttention(s, e)) return {}; // shown in the attention view
  if (e.type === 'error') return withError(s, e.message);
  if (e.type === 'notice') return withNotice(s, e.message);
  if (e.type === 'corpus.rejected' && e.message !== undefined) return withError(s, e.message);
  return {};
};
