// In-context learning, live: at each evaluation, the loss on tokens late in the context minus
// the loss on tokens early in it (Olsson et al. 2022). Lower, the model uses more of what it has
// read so far; a sharp drop is the induction-head phase change, marked where it happens. The
// caption says to read its fall, not its sign: on some texts it stays above 0 throughout.
import { memo, useMemo, type Ref } from 'react';
import { findPhaseChange } from '../protocol/inContext';
import type { InContextRow } from './chartData';
import { chartLabel } from './ChartCard';
import { LivePlot, type PlotSeries, type PlotY } from './LivePlot';
import { linearTicks } from './plotScale';
import { stepAxis } from './stepAxis';

const COLOR = '#7c3aed';

const SERIES: PlotSeries<InContextRow>[] = [{ name: 'in-context score', color: COLOR, value: (r) => r.score, width: 2 }];
// Round values around the scores and 0 (its reference line).
const Y: PlotY = {
  domain: (lo, hi) => {
    const [a, b] = Number.isNaN(lo) ? [-0.1, 0.1] : [Math.min(lo, 0), Math.max(hi, 0)];
    const ticks = linearTicks(a, b);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : 0.1;
    return [Math.floor(a / step) * step, Math.ceil(b / step) * step];
  },
  tick: (v) => v.toFixed(2),
  value: (v) => `${v.toFixed(3)} nats`,
};
const ZERO = [{ y: 0, color: '#9ca3af', label: '', at: 'above-left' }] as const;

export const InContextChart = memo(function InContextChart({ rows, cardRef }: { rows: InContextRow[]; cardRef?: Ref<HTMLElement> }) {
  const phase = findPhaseChange(rows);
  const axis = useMemo(() => stepAxis(rows.at(-1)?.step ?? 0), [rows]);
  const dots = rows.length < 60;
  const series = useMemo(() => [{ ...SERIES[0], dots }], [dots]);
  const phaseStep = phase?.step;
  const marks = useMemo(
    () => (phaseStep === undefined ? [] : [{ x: phaseStep, label: 'phase change', color: COLOR, dash: '4 3' }]),
    [phaseStep],
  );
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
        <LivePlot label={chartLabel('In-context learning')} rows={rows} axis={axis} series={series} y={Y} refLines={ZERO} marks={marks} />
      </div>
    </figure>
  );
});
