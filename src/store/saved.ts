// Saved runs as the page knows them: the list the worker keeps in IndexedDB, the offer to resume
// the person's last run after a reload (or their run on a text they switch back to), and a Load or
// Import under way. When the current run was
// last saved is the run's own description (run.saved). Saving itself happens in the worker
// (autosave, Pause, the end of a run); the page asks for a save when the tab goes away.
import type { SavedRun } from '../protocol/savedRuns';
import type { RunDescription } from '../protocol/run';
import { stepsToRedo } from '../protocol/faults';
import { WorkerReplaced } from './requests';
import { writeLastSteps } from './lastSteps';
import type { EventReducer, SliceContext } from './slice';
import { echo } from '../protocol/echo';

export interface SavedSlice {
  savedRuns: readonly SavedRun[];
  /**
   * The person's run offered for resuming, until answered: after a reload their newest saved run;
   * after a switch of text, their newest saved run on that text. Offered, never loaded unasked.
   */
  resumeOffer: SavedRun | null;
  /** Why it is offered: a reload, or a switch to a text the person trained on before. */
  resumeOfferWhy: 'reload' | 'text';
  /** A restore asked for and not yet answered. */
  restoring: { requestId: number } | null;
  /** A model file being imported: its name. */
  importing: { requestId: number; name: string } | null;
  /** The worker has sent its first list (the offer is made only then). */
  savedListed: boolean;
  /** 'reader': the page is open in another tab, which saves runs; this one trains unsaved (tabLock.ts). */
  tabRole: 'writer' | 'reader' | 'unknown';
  /** This tab's role, once the Web Lock says; the worker saves only in the writer. */
  setTabRole(writer: boolean): void;
  /** Saves the current run now (at the next step boundary while training): the tab is hidden. */
  saveNow(): void;
  /** The page is going away (a reload, a closed tab): the last steps since the run's save are written here (store/lastSteps.ts). */
  keepLastSteps(): void;
  restoreRun(run: SavedRun): void;
  deleteRun(run: SavedRun): void;
  /** Reads a .safetensors file the person picked or dropped and hands it to the worker. */
  importModel(file: File): Promise<void>;
  dismissResumeOffer(): void;
  /**
   * After the worker crashed and a fresh one was initialised: the person's run comes back from its
   * last save (training on if it was), or the page says it starts again.
   */
  recoverAfterCrash(why: string): void;
}

type Own = keyof SavedSlice;

export const createSavedSlice = ({ set, get, send, request, alert }: SliceContext<Own>): SavedSlice => {
  /** Loads a saved run; with `resume`, it trains on once it is back. */
  const restore = (savedId: string, resume = false) => {
    const { requestId, answer } = request((id) => ({ type: 'run.restore', requestId: id, savedId }));
    set({ restoring: { requestId }, resumeOffer: null });
    answer
      .then((e) => {
        if (resume && e.type === 'run.replaced') send({ type: 'run.resume', runId: e.run.runId });
      })
      .catch((e: Error) => (e instanceof WorkerReplaced ? undefined : alert(e.message)))
      .finally(() => set((s) => (s.restoring?.requestId === requestId ? { restoring: null } : {})));
  };
  return {
    savedRuns: [],
    resumeOffer: null,
    resumeOfferWhy: 'reload',
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
    keepLastSteps() {
      const { run, points, evals, samples } = get();
      writeLastSteps(run?.savedId, { points: [...points], evals: [...evals], samples: [...samples] });
    },
    restoreRun: (run) => restore(run.id),
    deleteRun: (run) => send({ type: 'run.delete', savedId: run.id }),
    async importModel(file) {
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch {
        return alert(`${echo(file.name)} could not be read. Pick it again.`);
      }
      const { requestId, answer } = request((id) => ({ type: 'model.import', requestId: id, name: file.name, bytes }), {
        transfer: [bytes],
      });
      set({ importing: { requestId, name: echo(file.name) } });
      try {
        const e = await answer;
        if (e.type !== 'run.replaced') return;
        const { model, corpus } = e.run;
        alert(
          `Imported ${echo(file.name)}: ${model.preset}, paused at its step. Prompt it, or Resume to train it on ${corpus.name} (AdamW starts afresh; the file holds weights only, so the charts start empty).`,
          'notice',
        );
      } catch (e) {
        if (!(e instanceof WorkerReplaced)) alert(e instanceof Error ? e.message : String(e));
      } finally {
        set({ importing: null });
      }
    },
    dismissResumeOffer: () => set({ resumeOffer: null }),
    recoverAfterCrash(why) {
      const s = get();
      const run = s.run;
      const person = run?.kept ?? run;
      const training = s.runState === 'running' && !run?.kept; // a lab's run stops with the lab
      const saved = person?.saved;
      const crashed = `The training worker crashed (${why.replace(/^Uncaught (Error: )?/, '').replace(/\.$/, '')}). A new one was started`;
      if (!person || !saved || s.tabRole === 'reader') {
        const never =
          s.tabRole === 'reader' ? 'this tab does not save (the page is open in another tab)' : 'the run had not been saved yet';
        return alert(`${crashed}; ${never}, so it starts again from step 0 on the default text. Click Train to go on.`);
      }
      const redo = Math.max(0, (run?.kept ? run.kept.step : s.step) - saved.step);
      const lab = run?.kept ? ' The lab stopped; this is your own run.' : '';
      alert(`${crashed} and the run went back to its save at step ${saved.step}: ${stepsToRedo(redo, training)}.${lab}`, 'notice');
      restore(person.savedId, training);
    },
  };
};

/**
 * The person's newest saved run on the text the run just switched to, other than the fresh run
 * itself: switching away and back would otherwise start afresh with only Saved runs → Load leading
 * back. A second tab (it does not save) is offered nothing, as after a reload.
 */
function savedOnText(s: Pick<SavedSlice, 'savedRuns' | 'tabRole'>, run: RunDescription): SavedRun | null {
  if (s.tabRole === 'reader') return null;
  return (
    s.savedRuns.find((r) => (r.group ?? 'own') === 'own' && r.corpusName === run.corpus.name && r.step > 0 && r.id !== run.savedId) ?? null
  );
}

export const savedOnEvent: EventReducer<Own> = (s, e) => {
  switch (e.type) {
    case 'saved.list': {
      // The first list after start-up brings the offer (the person's newest run); later ones only update the list.
      if (s.savedListed) return { savedRuns: e.runs };
      const newest = e.runs.find((r) => (r.group ?? 'own') === 'own');
      const offer = newest && newest.step > 0 && s.tabRole !== 'reader' ? newest : null;
      return { savedRuns: e.runs, savedListed: true, resumeOffer: offer, resumeOfferWhy: 'reload' };
    }
    case 'run.replaced':
      return e.cause === 'corpus' && !e.run.lab ? { resumeOffer: savedOnText(s, e.run), resumeOfferWhy: 'text' } : {};
    case 'run.state':
      // Training the fresh run means the offer was declined.
      return e.state === 'running' && s.resumeOffer ? { resumeOffer: null } : {};
    default:
      return {};
  }
};
