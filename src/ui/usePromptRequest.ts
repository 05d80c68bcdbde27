// One rhythm for the views that read the model on the prompt box's text (the next-token score,
// the attention maps): asked a moment after the text or a setting changes, when a new run starts
// or training pauses or ends (the weights moved), and while training every `everyMs`, but only
// once the page has seen the step move since the last ask. The same weights give the same
// answer, and on a slow GPU these forward passes would otherwise cost more dispatches than the
// training step itself (the bench counted 65–670 a step between steps at 13–34 s a step). A
// failed request is not re-asked on a timer: the view says why, and the next edit asks again.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';

export interface PromptRequestTiming {
  /** Wait after an edit before asking, ms. */
  debounceMs: number;
  /** Least time between asks while training, ms. */
  everyMs: number;
}

/**
 * Calls `request(prompt)` on the rhythm above.
 * @param request asks the worker (the store keeps one request in flight); a new function asks
 *   again (memoise it on what it reads, e.g. the temperature).
 * @param failed the last answer was an error: no timed asks until the next edit.
 */
export function usePromptRequest(request: (prompt: string) => void, failed: boolean, { debounceMs, everyMs }: PromptRequestTiming): void {
  const { prompt, runId, ready, training } = usePlayground(
    useShallow((s) => ({
      prompt: s.prompt,
      runId: s.runId,
      ready: s.model !== null && s.runState !== 'loading',
      training: s.runState === 'running',
    })),
  );
  const askedAt = useRef(-1); // the step the page knew at the last ask
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => {
      askedAt.current = usePlayground.getState().step;
      request(prompt);
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [prompt, runId, ready, training, debounceMs, request]); // runId, training: the weights moved
  useEffect(() => {
    if (!training || failed) return;
    const timer = setInterval(() => {
      const { step, prompt: text } = usePlayground.getState();
      if (step === askedAt.current) return; // same weights as the last answer's
      askedAt.current = step;
      request(text);
    }, everyMs);
    return () => clearInterval(timer);
  }, [training, failed, everyMs, request]);
}
