// Saved runs as the page knows them: the list the worker keeps in IndexedDB, when the current run
// was last saved, and the offer to resume the last run after a reload. Saving itself happens in
// the worker (autosave, Pause, the end of a run); the page only asks for a save when the tab is
// hidden, and asks to restore a run the person picks.
import type { SavedRun } from '../protocol/savedRuns';
import { stepsToRedo } from '../protocol/faults';
import type { EngineEvent } from '../protocol/events';
import { withNotice } from './alerts';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';

export interface SavedSlice {
  savedRuns: readonly SavedRun[];
  /** When the current run was last saved, at which step, and under which id in storage. */
  lastSave: { step: number; savedAt: number; savedId: string } | null;
  /** The run offered for resuming after a reload (the newest saved run), until answered. */
  resumeOffer: SavedRun | null;
  /** A restore asked for and not yet answered: its request, the run, and whether to train on once it is back. */
  restoring: { requestId: number; run: SavedRun; resume?: boolean } | null;
  /** A model file being imported: its request and name. */
  importing: { requestId: number; name: string } | null;
  /** The worker has sent its first list (the offer is made only then). */
  savedListed: boolean;
  /** 'reader': the page is open in another tab, which saves runs; this one trains unsaved (tabLock.ts). */
  tabRole: 'writer' | 'reader' | 'unknown';
  /** This tab's role, once the Web Lock says; the worker saves only in the writer. */
  setTabRole(writer: boolean): void;
  /** Saves the current run now (at the next step boundary while training). */
  saveNow(): void;
  restoreRun(run: SavedRun): void;
  deleteRun(run: SavedRun): void;
  /** Reads a .safetensors file the person picked or dropped and hands it to the worker. */
  importModel(file: File): Promise<void>;
  dismissResumeOffer(): void;
  /**
   * After the worker crashed and a fresh one was initialised: the run comes back from its last
   * save (training on if it was), or the page says it starts again.
   */
  recoverAfterCrash(why: string): void;
}

export const createSavedSlice = ({ set, get, send, nextRequestId }: SliceContext): SavedSlice => ({
  savedRuns: [],
  lastSave: null,
  resumeOffer: null,
  restoring: null,
  importing: null,
  savedListed: false,
  tabRole: 'unknown',
  setTabRole(writer) {
    // A reader does not offer to resume a run that the other tab may be training.
    set((s) => ({ tabRole: writer ? 'writer' : 'reader', resumeOffer: writer ? s.resumeOffer : null }));
    send({ type: 'storage.access', write: writer });
  },
  saveNow: () => send({ type: 'run.save', runId: get().runId }),
  restoreRun(run) {
    const requestId = nextRequestId();
    set({ restoring: { requestId, run }, resumeOffer: null });
    send({ type: 'run.restore', requestId, savedId: run.id });
  },
  deleteRun: (run) => send({ type: 'run.delete', savedId: run.id }),
  async importModel(file) {
    const requestId = nextRequestId();
    set({ importing: { requestId, name: file.name } });
    try {
      const bytes = await file.arrayBuffer();
      send({ type: 'model.import', requestId, name: file.name, bytes }, [bytes]);
    } catch {
      set((s) => ({ importing: null, ...withNotice(s, `${file.name} could not be read. Pick it again.`, 'error') }));
    }
  },
  dismissResumeOffer: () => set({ resumeOffer: null }),
  recoverAfterCrash(why) {
    const s = get();
    const [save, training] = [s.lastSave, s.runState === 'running'];
    const crashed = `The training worker crashed (${why.replace(/^Uncaught (Error: )?/, '').replace(/\.$/, '')}). A new one was started`;
    // Whatever the old worker was asked and never answered is forgotten with it.
    const forgotten = { applying: null, exporting: null, importing: null, restoring: null };
    if (!save || s.tabRole === 'reader') {
      const never = s.tabRole === 'reader' ? 'this tab does not save (the page is open in another tab)' : 'the run had not been saved yet';
      set({
        ...forgotten,
        ...withNotice(s, `${crashed}; ${never}, so it starts again from step 0 on the default text. Click Train to go on.`, 'error'),
      });
      return;
    }
    const requestId = nextRequestId();
    const redo = Math.max(0, s.step - save.step);
    const run = s.savedRuns.find((r) => r.id === save.savedId);
    set({
      ...forgotten,
      restoring: run ? { requestId, run, resume: training } : null,
      ...withNotice(s, `${crashed} and the run went back to its save at step ${save.step}: ${stepsToRedo(redo, training)}.`),
    });
    send({ type: 'run.restore', requestId, savedId: save.savedId });
  },
});

/** After the store has taken the event: a run restored after a crash trains on, if it was training. */
export function savedEffect(before: PlaygroundStore, e: EngineEvent, send: SliceContext['send']): void {
  if (e.type === 'run.created' && before.restoring?.resume && before.restoring.requestId === e.requestId)
    send({ type: 'run.resume', runId: e.runId });
}

export const savedOnEvent: EventReducer = (s, e) => {
  switch (e.type) {
    case 'saved.list': {
      // The first list after start-up brings the offer; later ones only update the list.
      // A deleted save is no save of the current run any more.
      const lastSave = s.lastSave && e.runs.some((r) => r.id === s.lastSave?.savedId) ? s.lastSave : null;
      if (s.savedListed) return { savedRuns: e.runs, lastSave };
      const newest = e.runs.at(0);
      return { savedRuns: e.runs, savedListed: true, resumeOffer: newest && newest.step > 0 && s.tabRole !== 'reader' ? newest : null };
    }
    case 'run.created': {
      const restored = s.restoring && s.restoring.requestId === e.requestId ? s.restoring.run : null;
      // A restored run is saved as of the step it resumes from.
      if (restored) return { restoring: null, lastSave: { step: restored.step, savedAt: restored.savedAt, savedId: restored.id } };
      const importing = s.importing;
      if (!importing || importing.requestId !== e.requestId) return { lastSave: null };
      const said = `Imported ${importing.name}: ${e.model.preset}, paused at its step. Prompt it, or Resume to train it on ${e.corpus.name} (AdamW starts afresh; the file holds weights only, so the charts start empty).`;
      return { lastSave: null, importing: null, ...withNotice(s, said) };
    }
    case 'run.saved':
      return { lastSave: { step: e.step, savedAt: e.savedAt, savedId: e.savedId } };
    case 'run.state':
      // Training the fresh run means the offer was declined.
      return e.state === 'running' && s.resumeOffer ? { resumeOffer: null } : {};
    case 'error':
      if (s.importing && e.requestId === s.importing.requestId) return { importing: null };
      return s.restoring && e.requestId === s.restoring.requestId ? { restoring: null } : {};
    default:
      return {};
  }
};
