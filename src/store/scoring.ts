// What the model makes of the text in the prompt box: how surprised it is by each token, and the
// tokens it expects next. One request is in flight at a time: a newer text waits and goes when
// the answer comes, so a slow device never builds a queue of stale scores. Its failures show in
// the panels, not as alerts (they would repeat every few seconds).
import type { TextScore } from '../protocol/scoring';
import type { EngineEvent } from '../protocol/events';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';

interface ScoreRequest {
  text: string;
  temperature: number;
}

export interface ScoringSlice {
  /** The latest score, the request in flight, and the one waiting for it to finish. */
  textScore: {
    score: TextScore | null;
    inFlight: number | null;
    waiting: ScoreRequest | null;
    /** Why the last request failed (weights diverged, say); cleared by the next answer. */
    error: string | null;
  };
  /** Scores `text` at this temperature (0 is shown as 1: greedy picks the top bar). */
  requestScore(text: string, temperature: number): void;
}

export const createScoringSlice = ({ set, get, send, nextRequestId }: SliceContext): ScoringSlice => ({
  textScore: { score: null, inFlight: null, waiting: null, error: null },
  requestScore(text, temperature) {
    const t = get().textScore;
    if (t.inFlight !== null) return set({ textScore: { ...t, waiting: { text, temperature } } });
    const requestId = nextRequestId();
    set({ textScore: { ...t, inFlight: requestId, waiting: null } });
    send({ type: 'text.score', requestId, text, temperature });
  },
});

/** Whether the event answers the score in flight. */
export const answersScore = (s: PlaygroundStore, e: EngineEvent): boolean =>
  s.textScore.inFlight !== null && 'requestId' in e && e.requestId === s.textScore.inFlight;

export const scoringOnEvent: EventReducer = (s, e) => {
  if (!answersScore(s, e)) return {};
  const t = { ...s.textScore, inFlight: null };
  if (e.type === 'text.scored') return { textScore: { ...t, score: e.score, error: null } };
  if (e.type === 'error') return { textScore: { ...t, error: e.message } };
  return {};
};

/** After the store has taken the event: a text that waited goes now. */
export function scoringEffect(after: PlaygroundStore): void {
  const { inFlight, waiting } = after.textScore;
  if (inFlight === null && waiting !== null) after.requestScore(waiting.text, waiting.temperature);
}
