// Messages a person must see: errors from the worker or the GPU that answer no request, notices
// (a fault survived), and what slices say about their own requests (ctx.alert). Each can be
// dismissed; nothing else on the page is lost.
import type { EventReducer, SliceContext } from './slice';

export interface AppError {
  id: number;
  message: string;
  /** 'notice': something survived (a fault recovered), said without alarm; an error if absent. */
  kind?: 'error' | 'notice';
}

export interface AlertsSlice {
  errors: AppError[];
  /** Shows one more message (an error unless said otherwise). */
  pushAlert(message: string, kind?: 'error' | 'notice'): void;
  dismissError(id: number): void;
}

type Own = keyof AlertsSlice;

let nextErrorId = 1;

const withAlert = (errors: readonly AppError[], message: string, kind: 'error' | 'notice'): AppError[] => [
  ...errors,
  { id: nextErrorId++, message, kind },
];

export const createAlertsSlice = ({ set }: SliceContext<Own>): AlertsSlice => ({
  errors: [],
  pushAlert: (message, kind = 'error') => set((s) => ({ errors: withAlert(s.errors, message, kind) })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
});

// An error answering a request belongs to the slice that asked (requests.ts); the others are said here.
export const alertsOnEvent: EventReducer<Own> = (s, e) => {
  if (e.type === 'error' && e.requestId === undefined) return { errors: withAlert(s.errors, e.message, 'error') };
  if (e.type === 'notice') return { errors: withAlert(s.errors, e.message, 'notice') };
  return {};
};
