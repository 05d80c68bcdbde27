// Where the model looks in the prompt: the attention maps of its last tokens, every layer and
// head. One request is in flight at a time (oneInFlight.ts). Failures show in the panel, not as
// alerts.
import type { AttentionMaps } from '../protocol/attention';
import { oneInFlight } from './oneInFlight';
import type { SliceContext } from './slice';

export interface AttentionSlice {
  attention: {
    /** The latest maps. */
    maps: AttentionMaps | null;
    /** Maps are being read. */
    pending: boolean;
    /** Why the last request failed; cleared by the next answer. */
    error: string | null;
  };
  /** Asks the worker for the attention maps of the last tokens of `text`. */
  requestAttention(text: string): void;
}

export const createAttentionSlice = ({ set, request }: SliceContext<keyof AttentionSlice>): AttentionSlice => ({
  attention: { maps: null, pending: false, error: null },
  requestAttention: oneInFlight(async (text: string) => {
    set((s) => ({ attention: { ...s.attention, pending: true } }));
    try {
      const e = await request((requestId) => ({ type: 'attention.maps', requestId, text })).answer;
      if (e.type === 'attention.mapped') set({ attention: { maps: e.maps, pending: false, error: null } });
    } catch (e) {
      set((s) => ({ attention: { ...s.attention, pending: false, error: e instanceof Error ? e.message : String(e) } }));
    }
  }),
});
