// Settings the person asked for, until the worker accepts them: problems with URL parameters,
// and an Apply in flight. The address bar changes only once the worker has built the run with
// the new settings, so a link always reproduces the run on the page; a refusal leaves it as it was.
import type { RunSettings } from '../protocol/settings';
import { settingsToParams, type SettingsProblem } from '../protocol/settingsUrl';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';
import type { EngineEvent } from '../protocol/events';

export interface SettingsSlice {
  /** Problems with URL parameters (their defaults were used instead). */
  settingsProblems: SettingsProblem[];
  /** An Apply the worker has not answered yet. */
  applying: { requestId: number; settings: RunSettings } | null;
  /** Bumped when the worker answers an Apply or the run's settings change: the form shows the run's settings again. */
  settingsVersion: number;
  /** A fresh run with these settings (Apply); the URL follows once the worker accepts them. */
  applySettings(settings: RunSettings): void;
  dismissProblems(): void;
}

export const createSettingsSlice = ({ set, send, nextRequestId }: SliceContext): SettingsSlice => ({
  settingsProblems: [],
  applying: null,
  settingsVersion: 0,
  applySettings(settings) {
    const requestId = nextRequestId();
    set({ applying: { requestId, settings } });
    send({ type: 'run.reset', requestId, settings });
  },
  dismissProblems: () => set({ settingsProblems: [] }),
});

const sameSettings = (a: RunSettings, b: RunSettings): boolean => settingsToParams(a).toString() === settingsToParams(b).toString();

const answers = (s: PlaygroundStore, e: EngineEvent): boolean =>
  s.applying !== null && 'requestId' in e && e.requestId === s.applying.requestId && (e.type === 'run.created' || e.type === 'error');

export const settingsOnEvent: EventReducer = (s, e) => {
  if (answers(s, e)) {
    const accepted = e.type === 'run.created';
    return { applying: null, settingsVersion: s.settingsVersion + 1, ...(accepted ? { settingsProblems: [] } : {}) };
  }
  // Another new run (a corpus change) with other settings (a fallback): show them; the same
  // settings leave what the person is typing alone.
  if (e.type === 'run.created' && sameSettings(e.settings, s.settings)) return {};
  if (e.type === 'run.created') return { settingsVersion: s.settingsVersion + 1 };
  return {};
};

/** After the store has taken the event: an accepted Apply, or a restored run, writes its settings into the URL. */
export function settingsEffect(before: PlaygroundStore, e: EngineEvent): void {
  const restored = e.type === 'run.created' && e.requestId !== undefined && e.requestId === before.restoring?.requestId;
  if (e.type !== 'run.created' || !(answers(before, e) || restored)) return;
  const query = settingsToParams(e.settings).toString();
  window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
}
