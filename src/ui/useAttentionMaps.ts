// Keeps the attention maps of the prompt box's text fresh: asked again a moment after the text
// changes, when a new run starts or training pauses or ends (the weights moved), and every few
// seconds while training moves them. A failed request is not re-asked on a timer: the view says
// why, and the next edit asks again.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';

const DEBOUNCE_MS = 300;
/** Slower than the scores: the maps are a bigger read (up to nLayer·nHead·64² floats). */
const WHILE_TRAINING_MS = 4000;

/** Asks for the prompt's attention maps whenever they may have changed (see above); the store holds the answer. */
export function useAttentionMaps(): void {
  const { prompt, runId, ready, training, failed, requestAttention } = usePlayground(
    useShallow((s) => ({
      prompt: s.prompt,
      runId: s.runId,
      ready: s.model !== null && s.runState !== 'loading',
      training: s.runState === 'running',
      failed: s.attention.error !== null,
      requestAttention: s.requestAttention,
    })),
  );
  useEffect(() => {
    if (!ready || prompt.length === 0) return;
    const timer = setTimeout(() => requestAttention(prompt), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [prompt, runId, ready, training, requestAttention]);
  useEffect(() => {
    if (!training || failed) return;
    const timer = setInterval(() => {
      const text = usePlayground.getState().prompt;
      if (text.length > 0) requestAttention(text);
    }, WHILE_TRAINING_MS);
    return () => clearInterval(timer);
  }, [training, failed, requestAttention]);
}
