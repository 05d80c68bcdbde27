// The person's completions: what they asked, the n columns streaming in, their speed, and what
// had to change about the prompt. Only events of the current request change it.
import type { CompletionRequest } from '../protocol/completion';
import type { EventReducer, SliceContext } from './slice';

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

export const createCompletionSlice = ({ set, get, send, nextRequestId }: SliceContext): CompletionSlice => ({
  prompt: 'Call me Ishmael. ',
  setPrompt: (prompt) => set({ prompt }),
  completion: null,
  complete(request) {
    const requestId = nextRequestId();
    set({
      completion: { requestId, prompt: request.prompt, texts: Array.from({ length: request.n }, () => ''), running: true, notices: [] },
    });
    send({ type: 'completion.start', requestId, request });
  },
  stopCompletion() {
    const c = get().completion;
    if (c?.running) send({ type: 'completion.stop', requestId: c.requestId });
  },
});

export const completionOnEvent: EventReducer = (s, e) => {
  const c = s.completion;
  // A new run has new weights: the old model's completion goes (the engine stopped it).
  if (e.type === 'run.created') return { completion: null };
  if (!('requestId' in e) || c === null || e.requestId !== c.requestId) return {};
  switch (e.type) {
    case 'completion.started':
      return { completion: { ...c, notices: e.notices } };
    case 'completion.tokens':
      return {
        completion: { ...c, texts: c.texts.map((t, i) => t + (e.texts[i] ?? '')), tokensPerSecond: e.tokensPerSecond ?? c.tokensPerSecond },
      };
    case 'completion.done':
    case 'error':
      return { completion: { ...c, running: false } };
    default:
      return {};
  }
};
