// Where the model looks in the prompt: the attention maps of its last tokens, every layer and
// head. One request is in flight at a time: a newer text waits and goes when the answer comes,
// so a slow device never builds a queue of stale maps (as the scoring slice does). Failures
// show in the panel, not as alerts.
import type { AttentionMaps } from '../protocol/attention';
import type { EngineEvent } from '../protocol/events';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';

export interface AttentionSlice {
  attention: {
    /** The latest maps. */
    maps: AttentionMaps | null;
    inFlight: number | null;
    /** The text asked for while another request was in flight. */
    waiting: string | null;
    /** Why the last request failed; cleared by the next answer. */
    error: string | null;
  };
  /** Asks the worker for the attention maps of the last tokens of `text`. */
  requestAttention(text: string): void;
}

export const createAttentionSlice = ({ set, get, send, nextRequestId }: SliceContext): AttentionSlice => ({
  attention: { maps: null, inFlight: null, waiting: null, error: null },
  requestAttention(text) {
    const a = get().attention;
    if (a.inFlight !== null) return set({ attention: { ...a, waiting: text } });
    const requestId = nextRequestId();
    set({ attention: { ...a, inFlight: requestId, waiting: null } });
    send({ type: 'attention.maps', requestId, text });
  },
});

/** Whether the event answers the maps request in flight. */
export const answersAttention = (s: PlaygroundStore, e: EngineEvent): boolean =>
  s.attention.inFlight !== null && 'requestId' in e && e.requestId === s.attention.inFlight;

export const attentionOnEvent: EventReducer = (s, e) => {
  if (!answersAttention(s, e)) return {};
  const a = { ...s.attention, inFlight: null };
  if (e.type === 'attention.mapped') return { attention: { ...a, maps: e.maps, error: null } };
  if (e.type === 'error') return { attention: { ...a, error: e.message } };
  return {};
};

/** After the store has taken the event: a text that waited goes now. */
export function attentionEffect(after: PlaygroundStore): void {
  const { inFlight, waiting } = after.attention;
  if (inFlight === null && waiting !== null) after.requestAttention(waiting);
}
