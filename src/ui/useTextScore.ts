// Keeps the score of the prompt box's text fresh: asked again a moment after the text or the
// temperature changes, when a new run starts or training pauses or ends (the weights moved), and
// every couple of seconds while training moves them. A failed score is not re-asked on a timer:
// the panel shows why, and the next edit asks again.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';

const DEBOUNCE_MS = 250;
const WHILE_TRAINING_MS = 2000;

export function useTextScore(temperature: number): void {
  const { prompt, runId, ready, training, failed, requestScore } = usePlayground(
    useShallow((s) => ({
      prompt: s.prompt,
      runId: s.runId,
      ready: s.model !== null && s.runState !== 'loading',
      training: s.runState === 'running',
      failed: s.textScore.error !== null,
      requestScore: s.requestScore,
    })),
  );
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => requestScore(prompt, temperature), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [prompt, temperature, runId, ready, training, requestScore]);
  useEffect(() => {
    if (!training || failed) return;
    const timer = setInterval(() => requestScore(usePlayground.getState().prompt, temperature), WHILE_TRAINING_MS);
    return () => clearInterval(timer);
  }, [training, failed, temperature, requestScore]);
}
