// The person's completion: what they asked, the text streaming in, and what had to change about
// their prompt. Only events of the current request change it.
import type { CompletionRequest } from '../protocol/completion';
import type { EventReducer, SliceContext } from './slice';

export interface Completion {
  requestId: number;
  prompt: string;
  text: string;
  running: boolean;
  /** Characters skipped, prompt cropped: said on the page, never a crash. */
  notices: string[];
}

export interface CompletionSlice {
  completion: Completion | null;
  complete(request: CompletionRequest): void;
  stopCompletion(): void;
}

export const createCompletionSlice = ({ set, get, send, nextRequestId }: SliceContext): CompletionSlice => ({
  completion: null,
  complete(request) {
    const requestId = nextRequestId();
    set({ completion: { requestId, prompt: request.prompt, text: '', running: true, notices: [] } });
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
    case 'completion.token':
      return { completion: { ...c, text: c.text + e.text } };
    case 'completion.done':
    case 'error':
      return { completion: { ...c, running: false } };
    default:
      return {};
  }
};
