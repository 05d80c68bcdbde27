// The few-shot lab on the page: the curves measured on the current run (accuracy against the
// number of examples in the prompt, at the steps they were taken), a measurement in progress,
// and the probabilities of a person's candidate answers.
import type { CandidateResult, FewShotResult } from '../protocol/fewShot';
import { sayFailure } from './requests';
import type { EventReducer, SliceContext } from './slice';

export interface FewShotCurve {
  step: number;
  result: FewShotResult;
}

export interface FewShotSlice {
  /** Curves of the current run, oldest first. */
  fewShotCurves: FewShotCurve[];
  /** A measurement the worker is making (its request, and how far it is). */
  fewShotMeasuring: { requestId: number; done: number; total: number } | null;
  /** The latest candidates' probabilities (null while they are computed). */
  candidateScores: { result: CandidateResult | null } | null;
  measureFewShot(): void;
  scoreCandidates(prompt: string, candidates: string[]): void;
}

type Own = keyof FewShotSlice;

export const createFewShotSlice = ({ set, get, request, alert }: SliceContext<Own>): FewShotSlice => {
  let candidatesAsked = 0;
  return {
    fewShotCurves: [],
    fewShotMeasuring: null,
    candidateScores: null,
    measureFewShot() {
      if (get().fewShotMeasuring) return;
      const runId = get().runId;
      const mine = (): boolean => get().fewShotMeasuring?.requestId === requestId;
      const { requestId, answer } = request((id) => ({ type: 'fewshot.measure', requestId: id, runId }), {
        onEvent: (e) =>
          e.type === 'fewshot.progress' && mine() ? set({ fewShotMeasuring: { requestId, done: e.done, total: e.total } }) : undefined,
      });
      set({ fewShotMeasuring: { requestId, done: 0, total: 1 } });
      answer
        .then((e) => {
          if (e.type !== 'fewshot.measured' || e.runId !== get().runId) return; // measured on a run the page has left
          set((s) => ({ fewShotCurves: [...s.fewShotCurves.filter((c) => c.step !== e.step), { step: e.step, result: e.result }] }));
        })
        .catch((e: unknown) => (get().runId === runId ? sayFailure(alert)(e) : undefined)) // a run left meanwhile: nothing to say
        .finally(() => (mine() ? set({ fewShotMeasuring: null }) : undefined));
    },
    scoreCandidates(prompt, candidates) {
      const asked = ++candidatesAsked;
      set({ candidateScores: { result: null } });
      request((requestId) => ({ type: 'candidates.score', requestId, prompt, candidates }))
        .answer.then((e) =>
          asked === candidatesAsked && e.type === 'candidates.scored' ? set({ candidateScores: { result: e.result } }) : undefined,
        )
        .catch((e: unknown) => {
          if (asked === candidatesAsked) set({ candidateScores: null });
          sayFailure(alert)(e);
        });
    },
  };
};

// A new run: its own curves (none yet).
export const fewShotOnEvent: EventReducer<Own> = (_s, e) =>
  e.type === 'run.replaced' ? { fewShotCurves: [], fewShotMeasuring: null, candidateScores: null } : {};
