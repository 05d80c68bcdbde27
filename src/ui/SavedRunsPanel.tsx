// Saved runs and exports: when this run was last saved, the runs kept in this browser (load or
// delete any of them) with the storage they take, the files a person takes away (the model for
// PyTorch, the metrics as JSON), and a model file brought back (import).
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import type { SavedRun } from '../protocol/savedRuns';
import { fmtAgo, fmtBytes, fmtFixed, fmtInt } from './format';
import { useConfirm } from './useConfirm';
import { useReplaceRun } from './useReplaceRun';
import { useStorageEstimate } from './useStorageEstimate';

export function SavedRunsPanel() {
  const s = usePlayground(
    useShallow((s) => ({
      runs: s.savedRuns,
      lastSave: s.lastSave,
      runState: s.runState,
      exporting: s.exporting !== null,
      busy: s.restoring !== null || s.importing !== null,
      importing: s.importing?.name,
      reader: s.tabRole === 'reader',
      restoreRun: s.restoreRun,
      deleteRun: s.deleteRun,
      importModel: s.importModel,
      exportModel: s.exportModel,
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
    if (await confirmReplace(`Loading ${run.corpusName} at step ${fmtInt(run.step)}`)) s.restoreRun(run);
  };
  const remove = async (run: SavedRun) => {
    if (
      await askDelete(
        `Delete the saved run of ${run.corpusName} at step ${fmtInt(run.step)} (${fmtBytes(run.bytes)})? It cannot be brought back.`,
      )
    )
      s.deleteRun(run);
  };
  const pick = async (file: File | undefined) => {
    if (picker.current) picker.current.value = ''; // the same file can be picked again
    if (file && (await confirmReplace(`Importing ${file.name}`))) void s.importModel(file);
  };

  return (
    <section className="card" aria-label="Saved runs and export">
      <h2>Saved runs and export</h2>
      <p className="muted">
        Runs save themselves in this browser every 200 steps or minute of training, on Pause, at the end and when you leave the tab; after a
        reload the page offers the last one back.{' '}
        {s.lastSave ? `This run: saved at step ${fmtInt(s.lastSave.step)}, ${fmtAgo(s.lastSave.savedAt)}.` : 'This run is not saved yet.'}
      </p>
      <div className="row">
        <button type="button" onClick={s.exportModel} disabled={training || s.exporting || loading}>
          Export model (.safetensors)
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
          {training ? 'Pause to export the model.' : 'PyTorch: python3 scripts/load_in_pytorch.py <file> --prompt "Call me"'}
        </span>
      </div>
      {s.runs.length > 0 && (
        <table className="saved-runs">
          <thead>
            <tr>
              <th>Corpus</th>
              <th>Preset</th>
              <th>Step</th>
              <th>Val loss</th>
              <th>Saved</th>
              <th>Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {s.runs.map((r) => (
              <tr key={r.id}>
                <td>{r.corpusName}</td>
                <td>{r.preset}</td>
                <td>
                  {fmtInt(r.step)} of {fmtInt(r.maxSteps)}
                </td>
                <td>{fmtFixed(r.valLoss, 3)}</td>
                <td>{fmtAgo(r.savedAt)}</td>
                <td>{fmtBytes(r.bytes)}</td>
                <td className="row">
                  <button
                    type="button"
                    aria-label={`Load ${r.corpusName} at step ${r.step}`}
                    onClick={() => void load(r)}
                    disabled={s.busy || loading}
                  >
                    Load
                  </button>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Delete ${r.corpusName} at step ${r.step}`}
                    onClick={() => void remove(r)}
                    disabled={s.reader}
                    title={s.reader ? 'The tab that saves runs deletes them' : undefined}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
