// The long run's validation loss against step, with the person's own run drawn over it: the whole
// arc of hours at once, and where their run stands on it. Steps on a log scale, so the first
// hundred steps and the last ten thousand each get their share of the width (on a linear axis
// everything after step 100 looks flat). The snapshots are dots; the chosen one is marked.
import { memo, useMemo } from 'react';
import type { EvalPoint } from '../protocol/reports';
import type { LongRunManifest } from '../protocol/longRun';
import { chartLabel, COLORS } from './ChartCard';
import { longRunRows, type LongRunRow } from './chartData';
import { fmtInt } from './format';
import { LivePlot, type PlotSeries, type PlotY } from './LivePlot';
import { linearTicks } from './plotScale';
import { logStepAxis } from './stepAxis';

const LONG_RUN_COLOR = '#6b7280';
const CHOSEN_COLOR = '#111827';

const SERIES: PlotSeries<LongRunRow>[] = [
  { name: 'the long run', color: LONG_RUN_COLOR, value: (r) => r.long, width: 2 },
  { name: 'snapshot', color: LONG_RUN_COLOR, value: (r) => r.snapshot, dots: true, line: false },
  { name: 'your run', color: COLORS.val, value: (r) => r.mine, width: 2, dots: true },
];

const Y: PlotY = {
  domain: (lo, hi) => {
    if (Number.isNaN(lo)) return [0, 5];
    const ticks = linearTicks(lo, hi);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : 0.5;
    return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
  },
  tick: (v) => v.toFixed(1),
  value: (v) => `${v.toFixed(3)} nats`,
};

interface Props {
  manifest: LongRunManifest;
  /** The person's run's evaluations, when it learns the same text; none otherwise. */
  own: readonly EvalPoint[];
  chosenStep: number | null;
}

export const LongRunChart = memo(function LongRunChart({ manifest, own, chosenStep }: Props) {
  const rows = useMemo(() => longRunRows(manifest, own), [manifest, own]);
  const lastStep = Math.max(manifest.steps, own.at(-1)?.step ?? 0);
  const axis = useMemo(() => logStepAxis(lastStep), [lastStep]);
  const marks = useMemo(
    () => (chosenStep === null ? [] : [{ x: chosenStep, label: `step ${fmtInt(chosenStep)}`, color: CHOSEN_COLOR, dash: '4 3' }]),
    [chosenStep],
  );
  const title = 'The long run and yours';
  return (
    <figure className="card chart long-run-chart" aria-label={title}>
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">
          Validation loss against step, steps on a log scale: every tenfold of steps gets the same width. Dots: the snapshots you can pick;
          the dashed line: the one chosen.
        </p>
        <ul className="legend">
          <li>
            <span className="swatch" style={{ background: LONG_RUN_COLOR }} />
            the long run ({fmtInt(manifest.steps)} steps)
          </li>
          <li>
            <span className="swatch" style={{ background: COLORS.val }} />
            your run
          </li>
        </ul>
      </figcaption>
      <div className="chart-body">
        <LivePlot label={chartLabel(title)} rows={rows} axis={axis} series={SERIES} y={Y} marks={marks} />
      </div>
    </figure>
  );
});
