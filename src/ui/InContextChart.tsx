// In-context learning, live: at each evaluation, the loss on tokens late in the context minus
// the loss on tokens early in it (Olsson et al. 2022). Lower, the model uses more of what it has
// read so far; a sharp drop is the induction-head phase change, marked where it happens. The
// caption says to read its fall, not its sign: on some texts it stays above 0 throughout.
import { memo, type Ref } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { findPhaseChange } from '../protocol/inContext';
import type { InContextRow } from './chartData';
import { chartLabel } from './ChartCard';

const COLOR = '#7c3aed';

export const InContextChart = memo(function InContextChart({ rows, cardRef }: { rows: InContextRow[]; cardRef?: Ref<HTMLElement> }) {
  const phase = findPhaseChange(rows);
  return (
    <figure ref={cardRef} className="card chart" aria-label="In-context learning">
      <figcaption>
        <h3>In-context learning</h3>
        <p className="muted">
          Loss late in the context minus loss early in it, in nats: the lower, the more later tokens gain from what came before. Its level
          depends on the text (a line&apos;s first tokens and its last differ in other ways too) and it is noisy, so it may stay above 0:
          read its fall, not its sign. A sharp fall between evaluations is marked as the phase change, where the model starts using earlier
          tokens to predict later ones (on the copy task: copying from earlier in the line).
        </p>
        <ul className="legend">
          <li>
            <span className="swatch" style={{ background: COLOR }} />
            in-context score
          </li>
          {phase && (
            <li>
              phase change at step {phase.step} (−{phase.drop.toFixed(2)} nats)
            </li>
          )}
        </ul>
      </figcaption>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -8 }} aria-label={chartLabel('In-context learning')}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 11 }} allowDecimals={false} />
            <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => v.toFixed(2)} domain={['auto', 'auto']} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(3)} nats` : v)} labelFormatter={(s) => `step ${s}`} />
            <ReferenceLine y={0} stroke="#9ca3af" />
            {phase && (
              <ReferenceLine
                x={phase.step}
                stroke={COLOR}
                strokeDasharray="4 3"
                label={{ value: 'phase change', position: 'insideTopLeft', fontSize: 11, fill: COLOR }}
              />
            )}
            <Line dataKey="score" name="in-context score" stroke={COLOR} dot={rows.length < 60} strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
