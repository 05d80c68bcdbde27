// What the model makes of the text in the prompt box: how surprised it is by each token, and the
// tokens it expects next. One request is in flight at a time (oneInFlight.ts). Its failures show
// in the panels, not as alerts (they would repeat every few seconds).
import type { TextScore } from '../protocol/scoring';
import { oneInFlight } from './oneInFlight';
import type { SliceContext } from './slice';

export interface ScoringSlice {
  /** The latest score, and why the last request failed (weights diverged, say; cleared by the next answer). */
  textScore: { score: TextScore | null; error: string | null };
  /** Scores `text` at this temperature (0 is shown as 1: greedy picks the top bar). */
  requestScore(text: string, temperature: number): void;
}

export const createScoringSlice = ({ set, request }: SliceContext<keyof ScoringSlice>): ScoringSlice => {
  const ask = oneInFlight(async ({ text, temperature }: { text: string; temperature: number }) => {
    try {
      const e = await request((requestId) => ({ type: 'text.score', requestId, text, temperature })).answer;
      if (e.type === 'text.scored') set({ textScore: { score: e.score, error: null } });
    } catch (e) {
      set((s) => ({ textScore: { ...s.textScore, error: e instanceof Error ? e.message : String(e) } }));
    }
  });
  return {
    textScore: { score: null, error: null },
    requestScore: (text, temperature) => ask({ text, temperature }),
  };
};
