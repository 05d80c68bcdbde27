// Keeps the score of the prompt box's text fresh (usePromptRequest's rhythm), and again when the
// temperature changes.
import { useCallback } from 'react';
import { usePlayground } from '../store/store';
import { usePromptRequest } from './usePromptRequest';

const TIMING = { debounceMs: 250, everyMs: 2000 };

export function useTextScore(temperature: number): void {
  const failed = usePlayground((s) => s.textScore.error !== null);
  const requestScore = usePlayground((s) => s.requestScore);
  usePromptRequest(
    useCallback((prompt: string) => requestScore(prompt, temperature), [requestScore, temperature]),
    failed,
    TIMING,
  );
}
