// Saved runs and exports: when this run was last saved, the runs kept in this browser (load or
// delete any of them) with the storage they take, the files a person takes away (the model for
// PyTorch or for Hugging Face transformers, the metrics as JSON), and a model file brought back (import).
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import type { SavedRun } from '../protocol/savedRuns';
import { SavedRunsTable } from './SavedRunsTable';
import { fmtAgo, fmtBytes, fmtInt } from './format';
import { useConfirm } from './useConfirm';
import { useReplaceRun } from './useReplaceRun';
import { useStorageEstimate } from './useStorageEstimate';
import { echo } from '../protocol/echo';
import { checkModelFile } from './checkModelFile';

export function SavedRunsPanel() {
  const s = usePlayground(
    useShallow((s) => ({
      runs: s.savedRuns,
      saved: s.run?.saved,
      current: s.run?.savedId,
      kept: s.run?.kept?.savedId,
      runState: s.runState,
      exporting: s.exporting !== null,
      exportingForHub: s.exporting !== null && s.exportingFormat === 'huggingface',
      busy: s.restoring !== null || s.importing !== null,
      importing: s.importing?.name,
      reader: s.tabRole === 'reader',
      restoreRun: s.restoreRun,
      deleteRun: s.deleteRun,
      importModel: s.importModel,
      pushAlert: s.pushAlert,
      exportModel: s.exportModel,
      exportHuggingFace: s.exportHuggingFace,
      exportRunFile: s.exportRunFile,
    })),
  );
  const [replaceDialog, confirmReplace] = useReplaceRun();
  const [deleteDialog, askDelete] = useConfirm('Delete');
  const picker = useRef<HTMLInputElement>(null);
  const storage = useStorageEstimate(s.runs);
  const training = s.runState === 'running';
  const loading = s.runState === 'loading';

  const load = async (run: SavedRun) => {
    // A lab's run comes back as a lab run, the person's kept aside: nothing of theirs is replaced.
    const lab = (run.group ?? 'own') !== 'own';
    if (lab || (await confirmReplace(`Loading ${run.corpusName} at step ${fmtInt(run.step)}`))) s.restoreRun(run);
  };
  const remove = async (run: SavedRun) => {
    // The run on the page (or kept during a lab) goes on, and saves itself anew at its next save.
    const onPage = run.id === s.current || run.id === s.kept ? ' The run on the page goes on, and is saved again when it next saves.' : '';
    const what = `the saved run of ${run.corpusName} at step ${fmtInt(run.step)} (${fmtBytes(run.bytes)})`;
    if (await askDelete(`Delete ${what}? It cannot be brought back.${onPage}`)) s.deleteRun(run);
  };
  const pick = async (file: File | undefined) => {
    if (picker.current) picker.current.value = ''; // the same file can be picked again
    if (!file) return;
    // A broken file is refused before the person is asked to give up their run for it.
    const problem = await checkModelFile(file);
    if (problem) return s.pushAlert(problem);
    if (await confirmReplace(`Importing ${echo(file.name)}`)) void s.importModel(file);
  };

  return (
    <section className="card" aria-label="Saved runs and export">
      <h2>Saved runs and export</h2>
      <p className="muted">
        Runs save themselves in this browser every 200 steps or minute of training, on Pause, at the end and when you leave or reload the
        tab; after a reload the page offers your last run back. Your runs stay until you delete them; each lab keeps its newest 3.{' '}
        {s.saved ? `This run: saved at step ${fmtInt(s.saved.step)}, ${fmtAgo(s.saved.savedAt)}.` : 'This run is not saved yet.'}
      </p>
      <div className="row">
        <button type="button" onClick={s.exportModel} disabled={training || s.exporting || loading}>
          Export model (.safetensors)
        </button>
        <button
          type="button"
          onClick={s.exportHuggingFace}
          disabled={training || s.exporting || loading}
          title="A .zip of a folder that Hugging Face transformers loads as GPT-2 (AutoModelForCausalLM, AutoTokenizer), with a model card"
        >
          {s.exportingForHub ? 'Exporting for Hugging Face…' : 'Export for Hugging Face'}
        </button>
        <button type="button" onClick={s.exportRunFile} disabled={loading}>
          Export metrics (.json)
        </button>
        <button type="button" onClick={() => picker.current?.click()} disabled={s.busy || loading}>
          {s.importing ? `Importing ${s.importing}…` : 'Import model…'}
        </button>
        <input
          ref={picker}
          type="file"
          accept=".safetensors"
          hidden
          aria-label="Model file to import"
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        <span className="muted small">
          {training
            ? 'Pause to export the model.'
            : 'PyTorch: python3 scripts/load_in_pytorch.py <file> --prompt "Call me". Hugging Face: unzip, then AutoModelForCausalLM.from_pretrained(<folder>).'}
        </span>
      </div>
      {s.runs.length > 0 && (
        <SavedRunsTable
          runs={s.runs}
          current={s.current}
          kept={s.kept}
          disabled={s.busy || loading}
          reader={s.reader}
          load={(r) => void load(r)}
          remove={(r) => void remove(r)}
        />
      )}
      {storage && (
        <p className="muted small">
          This page uses {fmtBytes(storage.usage)} of the {fmtBytes(storage.quota)} this browser allows it. Runs are kept on this machine
          only.
        </p>
      )}
      {replaceDialog}
      {deleteDialog}
    </section>
  );
}
