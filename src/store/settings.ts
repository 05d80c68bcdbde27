// Settings the person asked for, until the worker accepts them: problems with URL parameters, and
// an Apply in flight. The Settings form and the address bar show the person's own run's settings
// (the kept run's during a lab: protocol/run.ts personSettings) and change only once the worker has
// built a run with them, so a link always reproduces the person's run; a refusal leaves both as they were.
import { personSettings, type RunDescription } from '../protocol/run';
import type { RunSettings } from '../protocol/settings';
import { parseSettings, settingsToParams, type SettingsProblem } from '../protocol/settingsUrl';
import type { EngineEvent } from '../protocol/events';
import { WorkerReplaced } from './requests';
import type { EventReducer, SliceContext } from './slice';

export interface SettingsSlice {
  /** Problems with URL parameters (their defaults were used instead). */
  settingsProblems: SettingsProblem[];
  /** An Apply the worker has not answered yet. */
  applying: { requestId: number; settings: RunSettings } | null;
  /** Bumped when the person's run's settings may have changed: the form shows them again. */
  settingsVersion: number;
  /** A fresh run with these settings (Apply; during a lab it ends the lab); the URL follows once the worker accepts them. */
  applySettings(settings: RunSettings): void;
  dismissProblems(): void;
}

type Own = keyof SettingsSlice;

export const createSettingsSlice = ({ set, request, alert }: SliceContext<Own>): SettingsSlice => ({
  settingsProblems: [],
  applying: null,
  settingsVersion: 0,
  applySettings(settings) {
    const { requestId, answer } = request((id) => ({ type: 'run.reset', requestId: id, settings }));
    set({ applying: { requestId, settings } });
    answer
      .then(() => set({ settingsProblems: [] }))
      .catch((e: Error) => (e instanceof WorkerReplaced ? undefined : alert(e.message)))
      .finally(() => set((s) => ({ applying: null, settingsVersion: s.settingsVersion + 1 })));
  },
  dismissProblems: () => set({ settingsProblems: [] }),
});

const sameSettings = (a: RunSettings, b: RunSettings): boolean => settingsToParams(a).toString() === settingsToParams(b).toString();

/** The person's run's settings as the page last showed them. */
const shownSettings = (run: RunDescription | null): RunSettings | null => (run ? personSettings(run) : null);

export const settingsOnEvent: EventReducer<Own> = (s, e) => {
  if (e.type !== 'run.replaced') return {};
  // Other settings for the person's run (a corpus's fallback shape, a loaded run): show them; the
  // same ones leave what the person is typing alone.
  const before = shownSettings(s.run);
  return before && sameSettings(before, personSettings(e.run)) ? {} : { settingsVersion: s.settingsVersion + 1 };
};

/**
 * After the store has taken the event: the person's run, replaced, writes its settings into the
 * URL. Not at start-up (the link stays as the person gave it) and never for a lab's run.
 */
export function settingsEffect(e: EngineEvent): void {
  if (e.type !== 'run.replaced' || e.cause === 'init' || e.run.lab) return;
  // The same settings as the link gives: the link stays exactly as the person wrote it.
  const params = new URLSearchParams(window.location.search);
  if (sameSettings(parseSettings((key) => params.get(key)).settings, e.run.settings)) return;
  const query = settingsToParams(e.run.settings).toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
  if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
}
