// The few-shot lab on the page: the curves measured on the current run (accuracy against the
// number of examples in the prompt, at the steps they were taken), a measurement in progress,
// and the probabilities of a person's candidate answers.
import type { CandidateResult, FewShotResult } from '../protocol/fewShot';
import type { EventReducer, SliceContext } from './slice';

export interface FewShotCurve {
  step: number;
  result: FewShotResult;
}

export interface FewShotSlice {
  /** Curves of the current run, oldest first. */
  fewShotCurves: FewShotCurve[];
  /** A measurement the worker is making. */
  fewShotMeasuring: { requestId: number; done: number; total: number } | null;
  candidateScores: { requestId: number; result: CandidateResult | null } | null;
  measureFewShot(): void;
  scoreCandidates(prompt: string, candidates: string[]): void;
}

export const createFewShotSlice = ({ set, get, send, nextRequestId }: SliceContext): FewShotSlice => ({
  fewShotCurves: [],
  fewShotMeasuring: null,
  candidateScores: null,
  measureFewShot() {
    if (get().fewShotMeasuring) return;
    const requestId = nextRequestId();
    set({ fewShotMeasuring: { requestId, done: 0, total: 1 } });
    send({ type: 'fewshot.measure', requestId, runId: get().runId });
  },
  scoreCandidates(prompt, candidates) {
    const requestId = nextRequestId();
    set({ candidateScores: { requestId, result: null } });
    send({ type: 'candidates.score', requestId, prompt, candidates });
  },
});

export const fewShotOnEvent: EventReducer = (s, e) => {
  if (e.type === 'run.created') return { fewShotCurves: [], fewShotMeasuring: null, candidateScores: null };
  const measuring = s.fewShotMeasuring;
  if (measuring && 'requestId' in e && e.requestId === measuring.requestId) {
    if (e.type === 'fewshot.progress') return { fewShotMeasuring: { ...measuring, done: e.done, total: e.total } };
    if (e.type === 'fewshot.measured') {
      const curves = [...s.fewShotCurves.filter((c) => c.step !== e.step), { step: e.step, result: e.result }];
      return { fewShotMeasuring: null, fewShotCurves: curves };
    }
    if (e.type === 'error') return { fewShotMeasuring: null };
  }
  const c = s.candidateScores;
  if (c && 'requestId' in e && e.requestId === c.requestId) {
    if (e.type === 'candidates.scored') return { candidateScores: { ...c, result: e.result } };
    if (e.type === 'error') return { candidateScores: null };
  }
  return {};
};
