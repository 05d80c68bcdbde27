// The scale lab's chart: validation loss against training compute (FLOPs, log scale), one line
// per kept run, coloured by preset; runs of earlier labs drawn lighter, so a new lab overlays them.
import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabRun } from '../store/scaleLabKept';
import { formatSI } from '../protocol/units';
import { chartLabel } from './ChartCard';

export const PRESET_COLORS: Record<LabRun['preset'], string> = { tiny: '#059669', baby: '#2563eb', small: '#ea580c', large: '#7c3aed' };

/** Powers of ten spanning the points (log axes read best on decades). */
function decades(runs: readonly LabRun[]): number[] {
  const flops = runs.flatMap((r) => r.points.map((p) => p.flops)).filter((f) => f > 0);
  if (flops.length === 0) return [1e9, 1e12];
  const lo = Math.floor(Math.log10(Math.min(...flops)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...flops))));
  return Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
}

const label = (r: LabRun): string =>
  `val loss, ${r.preset}${r.status === 'done' ? '' : ` (${r.status})`}, ${new Date(r.startedAt).toLocaleTimeString()}`;

/** @param latest ids of the runs of the newest lab, drawn solid; the rest lighter. */
export const ScaleLabChart = memo(function ScaleLabChart({ runs, latest }: { runs: readonly LabRun[]; latest: ReadonlySet<string> }) {
  const ticks = decades(runs);
  return (
    <figure className="card chart scale-chart" aria-label="Loss against compute">
      <figcaption>
        <h3>Validation loss against compute</h3>
        <ul className="legend">
          {(['tiny', 'baby', 'small'] as const).map((p) => (
            <li key={p}>
              <span className="swatch" style={{ background: PRESET_COLORS[p] }} />
              {p}
            </li>
          ))}
          <li className="muted">lighter: earlier labs</li>
        </ul>
      </figcaption>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 20, bottom: 16, left: -4 }} aria-label={chartLabel('Validation loss against compute')}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              type="number"
              dataKey="flops"
              scale="log"
              domain={[ticks[0], ticks[ticks.length - 1]]}
              ticks={ticks}
              allowDataOverflow
              tickFormatter={(f: number) => formatSI(f, 'FLOP')}
              tick={{ fontSize: 11 }}
              label={{ value: 'training compute (FLOPs, log scale)', position: 'insideBottom', offset: -10, fontSize: 11 }}
            />
            <YAxis
              dataKey="valLoss"
              type="number"
              domain={['auto', 'auto']}
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => v.toFixed(2)}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : v)}
              labelFormatter={(f) => (typeof f === 'number' ? formatSI(f, 'FLOP') : f)}
            />
            {runs.map((r) => {
              const solid = latest.has(r.id);
              return (
                <Line
                  key={r.id}
                  data={r.points.filter((p) => p.flops > 0)}
                  dataKey="valLoss"
                  name={label(r)}
                  stroke={PRESET_COLORS[r.preset]}
                  strokeOpacity={solid ? 1 : 0.35}
                  strokeWidth={solid ? 2 : 1.25}
                  strokeDasharray={r.status === 'done' ? undefined : '4 3'}
                  dot={solid ? { r: 2.5 } : false}
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
