// Keeps the attention maps of the prompt box's text fresh (usePromptRequest's rhythm).
import { useCallback } from 'react';
import { usePlayground } from '../store/store';
import { usePromptRequest } from './usePromptRequest';

/** Slower than the scores: the maps are a bigger read (up to nLayer·nHead·64² floats). */
const TIMING = { debounceMs: 300, everyMs: 4000 };

/** Asks for the prompt's attention maps whenever they may have changed; the store holds the answer. */
export function useAttentionMaps(): void {
  const failed = usePlayground((s) => s.attention.error !== null);
  const requestAttention = usePlayground((s) => s.requestAttention);
  const request = useCallback(
    (prompt: string) => {
      if (prompt.length > 0) requestAttention(prompt);
    },
    [requestAttention],
  );
  usePromptRequest(request, failed, TIMING);
}
