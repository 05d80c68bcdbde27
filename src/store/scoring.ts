// What the model makes of the text in the prompt box: how surprised it is by each token, and the
// tokens it expects next. The page asks again when the text, the temperature or the weights
// change; only the latest request's answer is kept.
import type { TextScore } from '../protocol/scoring';
import type { EventReducer, SliceContext } from './slice';

export interface ScoringSlice {
  /** The latest request and, once answered, its score. */
  textScore: { requestId: number; text: string; score: TextScore | null; failed?: boolean } | null;
  /** Scores `text` at this temperature (0 is shown as 1: greedy picks the top bar). */
  requestScore(text: string, temperature: number): void;
}

export const createScoringSlice = ({ set, send, nextRequestId }: SliceContext): ScoringSlice => ({
  textScore: null,
  requestScore(text, temperature) {
    const requestId = nextRequestId();
    set((s) => ({ textScore: { requestId, text, score: s.textScore?.score ?? null } }));
    send({ type: 'text.score', requestId, text, temperature });
  },
});

export const scoringOnEvent: EventReducer = (s, e) => {
  const t = s.textScore;
  if (t === null || !('requestId' in e) || e.requestId !== t.requestId) return {};
  if (e.type === 'text.scored') return { textScore: { ...t, score: e.score } };
  if (e.type === 'error') return { textScore: { ...t, failed: true } };
  return {};
};
