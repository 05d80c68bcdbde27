// Saved runs as the page knows them: the list the worker keeps in IndexedDB, when the current run
// was last saved, and the offer to resume the last run after a reload. Saving itself happens in
// the worker (autosave, Pause, the end of a run); the page only asks for a save when the tab is
// hidden, and asks to restore a run the person picks.
import type { SavedRun } from '../protocol/savedRuns';
import type { EventReducer, SliceContext } from './slice';

export interface SavedSlice {
  savedRuns: readonly SavedRun[];
  /** When the current run was last saved, and at which step. */
  lastSave: { step: number; savedAt: number } | null;
  /** The run offered for resuming after a reload (the newest saved run), until answered. */
  resumeOffer: SavedRun | null;
  /** A restore asked for and not yet answered: its request and the run. */
  restoring: { requestId: number; run: SavedRun } | null;
  /** The worker has sent its first list (the offer is made only then). */
  savedListed: boolean;
  /** Saves the current run now (at the next step boundary while training). */
  saveNow(): void;
  restoreRun(run: SavedRun): void;
  dismissResumeOffer(): void;
}

export const createSavedSlice = ({ set, get, send, nextRequestId }: SliceContext): SavedSlice => ({
  savedRuns: [],
  lastSave: null,
  resumeOffer: null,
  restoring: null,
  savedListed: false,
  saveNow: () => send({ type: 'run.save', runId: get().runId }),
  restoreRun(run) {
    const requestId = nextRequestId();
    set({ restoring: { requestId, run }, resumeOffer: null });
    send({ type: 'run.restore', requestId, savedId: run.id });
  },
  dismissResumeOffer: () => set({ resumeOffer: null }),
});

export const savedOnEvent: EventReducer = (s, e) => {
  switch (e.type) {
    case 'saved.list': {
      // The first list after start-up brings the offer; later ones only update the list.
      if (s.savedListed) return { savedRuns: e.runs };
      const newest = e.runs.at(0);
      return { savedRuns: e.runs, savedListed: true, resumeOffer: newest && newest.step > 0 ? newest : null };
    }
    case 'run.created': {
      const restored = s.restoring && s.restoring.requestId === e.requestId ? s.restoring.run : null;
      // A restored run is saved as of the step it resumes from.
      if (restored) return { restoring: null, lastSave: { step: restored.step, savedAt: restored.savedAt } };
      return { lastSave: null };
    }
    case 'run.saved':
      return { lastSave: { step: e.step, savedAt: e.savedAt } };
    case 'run.state':
      // Training the fresh run means the offer was declined.
      return e.state === 'running' && s.resumeOffer ? { resumeOffer: null } : {};
    case 'error':
      return s.restoring && e.requestId === s.restoring.requestId ? { restoring: null } : {};
    default:
      return {};
  }
};
