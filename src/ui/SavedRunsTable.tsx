// The runs kept in this browser, as two groups: the person's own (kept until they delete them)
// and the labs' (each lab keeps its newest few). Each row says the run's text, its real shape, its
// step, its last validation loss and the step it was taken at, and offers Load and Delete; the run
// on the page is marked. On a phone the rows stack (styles/phone.css), each value with its column's name.
import type { SavedRun } from '../protocol/savedRuns';
import { PRESETS } from '../protocol/settings';
import { fmtAgo, fmtBytes, fmtInt, fmtLoss } from './format';

/** The preset's name when the run has its shape, else the shape itself ("2 layers, width 64"). */
export function shapeLabel(r: SavedRun): string {
  const preset = PRESETS[r.preset];
  if (r.nLayer === undefined || r.nEmbd === undefined) return r.preset;
  // A few-shot task's model is its own (its context, batch and rate are not the preset's): always its shape.
  const own = (r.group ?? 'own') !== 'fewshot' && r.nLayer === preset.nLayer && r.nEmbd === preset.nEmbd;
  if (own) return r.preset;
  return `${r.nLayer} layer${r.nLayer === 1 ? '' : 's'}, width ${r.nEmbd}`;
}

const GROUP_NAMES = { own: 'Your runs', fewshot: 'Few-shot lab', scale: 'Scale lab' } as const;

interface Props {
  runs: readonly SavedRun[];
  /** Ids of the run on the page and of the person's run kept during a lab. */
  current: string | undefined;
  kept: string | undefined;
  disabled: boolean;
  reader: boolean;
  load(run: SavedRun): void;
  remove(run: SavedRun): void;
}

export function SavedRunsTable({ runs, current, kept, disabled, reader, load, remove }: Props) {
  const groups = (['own', 'fewshot', 'scale'] as const)
    .map((g) => ({ g, rows: runs.filter((r) => (r.group ?? 'own') === g) }))
    .filter(({ rows }) => rows.length > 0);
  return (
    <div className="table-scroll">
      <table className="saved-runs" aria-label="Saved runs">
        <thead>
          <tr>
            <th>Text</th>
            <th>Model</th>
            <th>Step</th>
            <th>Val loss</th>
            <th>Saved</th>
            <th>Size</th>
            <th />
          </tr>
        </thead>
        {groups.map(({ g, rows }) => (
          <tbody key={g}>
            <tr className="group-row">
              <th colSpan={7} scope="rowgroup">
                {GROUP_NAMES[g]}
                {g !== 'own' && <span className="muted small"> (3 are kept: runs cut short go first)</span>}
              </th>
            </tr>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.corpusName}
                  {r.id === current && <span className="tag">on the page</span>}
                  {r.id === kept && <span className="tag">your run, kept during the lab</span>}
                </td>
                <td data-label="model">{shapeLabel(r)}</td>
                <td data-label="step">
                  {fmtInt(r.step)} of {fmtInt(r.maxSteps)}
                </td>
                <td data-label="val loss">
                  {fmtLoss(r.valLoss)}
                  {r.valLossStep !== undefined && r.valLossStep !== r.step && (
                    <span className="muted small"> (step {fmtInt(r.valLossStep)})</span>
                  )}
                </td>
                <td data-label="saved">{fmtAgo(r.savedAt)}</td>
                <td data-label="size">{fmtBytes(r.bytes)}</td>
                <td className="row">
                  <button type="button" aria-label={`Load ${r.corpusName} at step ${r.step}`} onClick={() => load(r)} disabled={disabled}>
                    Load
                  </button>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Delete ${r.corpusName} at step ${r.step}`}
                    onClick={() => remove(r)}
                    disabled={reader}
                    title={reader ? 'The tab that saves runs deletes them' : undefined}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
