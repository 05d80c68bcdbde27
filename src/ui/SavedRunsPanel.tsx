// Saved runs and exports: when this run was last saved, the runs kept in this browser (load
// any of them), and the files a person takes away (the model for PyTorch, the metrics as JSON).
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { fmtAgo, fmtBytes, fmtFixed, fmtInt } from './format';

export function SavedRunsPanel() {
  const { runs, lastSave, runState, exporting, restoreRun, exportModel, exportRunFile, restoring } = usePlayground(
    useShallow((s) => ({
      runs: s.savedRuns, lastSave: s.lastSave, runState: s.runState, exporting: s.exporting !== null, restoring: s.restoring !== null,
      restoreRun: s.restoreRun, exportModel: s.exportModel, exportRunFile: s.exportRunFile,
    })),
  );
  const training = runState === 'running';
  return (
    <section className="card" aria-label="Saved runs and export">
      <h2>Saved runs and export</h2>
      <p className="muted">
        Runs save themselves in this browser every 200 steps or minute of training, on Pause, at the end and when you leave the
        tab; after a reload the page offers the last one back. {lastSave ? `This run: saved at step ${fmtInt(lastSave.step)}, ${fmtAgo(lastSave.savedAt)}.` : 'This run is not saved yet.'}
      </p>
      <div className="row">
        <button type="button" onClick={exportModel} disabled={training || exporting || runState === 'loading'}>Export model (.safetensors)</button>
        <button type="button" onClick={exportRunFile} disabled={runState === 'loading'}>Export metrics (.json)</button>
        <span className="muted small">{training ? 'Pause to export the model.' : 'PyTorch: python3 scripts/load_in_pytorch.py <file> --prompt "Call me"'}</span>
      </div>
      {runs.length > 0 && (
        <table className="saved-runs">
          <thead>
            <tr><th>Corpus</th><th>Preset</th><th>Step</th><th>Val loss</th><th>Saved</th><th>Size</th><th /></tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{r.corpusName}</td>
                <td>{r.preset}</td>
                <td>{fmtInt(r.step)} of {fmtInt(r.maxSteps)}</td>
                <td>{fmtFixed(r.valLoss, 3)}</td>
                <td>{fmtAgo(r.savedAt)}</td>
                <td>{fmtBytes(r.bytes)}</td>
                <td><button type="button" aria-label={`Load ${r.corpusName} at step ${r.step}`} onClick={() => restoreRun(r)} disabled={restoring || runState === 'loading'}>Load</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
