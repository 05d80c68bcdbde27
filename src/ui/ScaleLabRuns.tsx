// The scale lab's kept runs, newest first: each preset's final (or last, when cut short)
// validation loss at its step, and how long it took against the time the lab estimated for it.
import type { LabRun } from '../store/scaleLabKept';
import { formatSI, formatSpan } from '../protocol/units';
import { PRESET_COLORS } from './ScaleLabChart';
import { fmtAgo, fmtInt, fmtLoss } from './format';

const seconds = (ms: number | undefined): string => (ms === undefined ? '—' : formatSpan(ms / 1000));

export function ScaleLabRuns({ runs }: { runs: readonly LabRun[] }) {
  return (
    <div className="table-scroll">
      <table className="saved-runs" aria-label="Scale lab runs">
        <thead>
          <tr>
            <th>preset</th>
            <th>parameters</th>
            <th>budget</th>
            <th>steps</th>
            <th>final val loss</th>
            <th>time (estimated)</th>
            <th>text</th>
            <th>when</th>
          </tr>
        </thead>
        <tbody>
          {[...runs].reverse().map((r) => (
            <tr key={r.id}>
              <td>
                <span className="swatch" style={{ background: PRESET_COLORS[r.preset] }} /> {r.preset}
              </td>
              <td>{fmtInt(r.params)}</td>
              <td>{formatSI(r.budget, 'FLOP')}</td>
              <td>
                {fmtInt(r.points.at(-1)?.step ?? 0)} / {fmtInt(r.steps)}
              </td>
              <td>
                {fmtLoss(r.points.at(-1)?.valLoss)}
                {r.status !== 'done' && <span className="muted"> ({r.status})</span>}
              </td>
              <td data-testid="lab-run-time">
                {seconds(r.tookMs)} <span className="muted">({seconds(r.estimatedMs)})</span>
              </td>
              <td>{r.corpus}</td>
              <td>{fmtAgo(r.startedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
