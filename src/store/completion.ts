// The person's completions: what they asked, the n columns streaming in, their speed, and what
// had to change about the prompt. Only the current request's events change it (a newer one
// replaces it; a new run's weights end it).
import type { CompletionRequest } from '../protocol/completion';
import type { EventReducer, SliceContext } from './slice';
import { sayFailure } from './requests';

export interface Completion {
  requestId: number;
  prompt: string;
  /** One text per column. */
  texts: string[];
  running: boolean;
  /** New tokens per second over all columns, as the worker measures it. */
  tokensPerSecond?: number;
  /** Characters skipped, prompt cropped: said on the page, never a crash. */
  notices: string[];
}

export interface CompletionSlice {
  /** The prompt box's text: what Generate continues and what the next-token and surprise views read. */
  prompt: string;
  setPrompt(text: string): void;
  completion: Completion | null;
  complete(request: CompletionRequest): void;
  stopCompletion(): void;
}

type Own = keyof CompletionSlice;

export const createCompletionSlice = ({ set, get, send, request, alert }: SliceContext<Own>): CompletionSlice => {
  /** The completion, if `requestId` is still the current one. */
  const current = (requestId: number) => {
    const c = get().completion;
    return c?.requestId === requestId ? c : null;
  };
  return {
    prompt: 'Call me Ishmael. ',
    setPrompt: (prompt) => set({ prompt }),
    completion: null,
    complete(ask) {
      const { requestId, answer } = request((id) => ({ type: 'completion.start', requestId: id, request: ask }), {
        onEvent: (e) => {
          const c = current(requestId);
          if (!c) return;
          if (e.type === 'completion.started') set({ completion: { ...c, notices: e.notices } });
          if (e.type === 'completion.tokens')
            set({
              completion: {
                ...c,
                texts: c.texts.map((t, i) => t + (e.texts[i] ?? '')),
                tokensPerSecond: e.tokensPerSecond ?? c.tokensPerSecond,
              },
            });
        },
      });
      set({ completion: { requestId, prompt: ask.prompt, texts: Array.from({ length: ask.n }, () => ''), running: true, notices: [] } });
      answer
        .catch((e: unknown) => (current(requestId) ? sayFailure(alert)(e) : undefined))
        .finally(() => {
          const c = current(requestId);
          if (c) set({ completion: { ...c, running: false } });
        });
    },
    stopCompletion() {
      const c = get().completion;
      if (c?.running) send({ type: 'completion.stop', requestId: c.requestId });
    },
  };
};

// A new run has new weights: the old model's completion goes (the engine stopped it).
export const completionOnEvent: EventReducer<Own> = (_s, e) => (e.type === 'run.replaced' ? { completion: null } : {});
