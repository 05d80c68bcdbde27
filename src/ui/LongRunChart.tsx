// The long run's validation loss against step, with the person's own run drawn over it: the whole
// arc of hours at once, and where their run stands on it. Steps on a log scale, so the first
// hundred steps and the last ten thousand each get their share of the width (on a linear axis
// everything after step 100 looks flat). The snapshots are marked; the chosen one is larger.
import { memo } from 'react';
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalPoint } from '../protocol/reports';
import type { LongRunManifest } from '../protocol/longRun';
import { chartLabel, COLORS } from './ChartCard';
import { fmtInt } from './format';
import { logStepTicks } from './stepAxis';

const LONG_RUN_COLOR = '#6b7280';

/** Step 0 sits at 1 on the log axis (the tooltip still says step 0). */
const x = (step: number): number => Math.max(step, 1);

interface Props {
  manifest: LongRunManifest;
  /** The person's run's evaluations, when it learns the same text; none otherwise. */
  own: readonly EvalPoint[];
  chosenStep: number | null;
}

export const LongRunChart = memo(function LongRunChart({ manifest, own, chosenStep }: Props) {
  const long = manifest.curve.evals.map(([step, valLoss]) => ({ x: x(step), step, valLoss }));
  const mine = own.map((e) => ({ x: x(e.step), step: e.step, mine: e.valLoss }));
  const marks = manifest.snapshots.map((s) => ({ x: x(s.step), step: s.step, snapshot: s.valLoss, chosen: s.step === chosenStep }));
  const last = Math.max(manifest.steps, ...own.map((e) => e.step), 10);
  const ticks = logStepTicks(last);
  const title = 'The long run and yours';
  return (
    <figure className="card chart long-run-chart" aria-label={title}>
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">Validation loss against step, steps on a log scale: every tenfold of steps gets the same width.</p>
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
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart margin={{ top: 8, right: 20, bottom: 16, left: -4 }} aria-label={chartLabel(title)}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              type="number"
              dataKey="x"
              scale="log"
              domain={[1, ticks[ticks.length - 1]]}
              ticks={ticks}
              allowDataOverflow
              tickFormatter={(s: number) => fmtInt(s)}
              tick={{ fontSize: 11 }}
              label={{ value: 'step (log scale)', position: 'insideBottom', offset: -10, fontSize: 11 }}
            />
            <YAxis type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} tickFormatter={(v: number) => v.toFixed(1)} />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : v)}
              labelFormatter={(_, items) => {
                const step = (items?.[0]?.payload as { step?: number } | undefined)?.step;
                return step === undefined ? '' : `step ${fmtInt(step)}`;
              }}
            />
            <Line
              data={long}
              dataKey="valLoss"
              name="long run"
              stroke={LONG_RUN_COLOR}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line data={mine} dataKey="mine" name="your run" stroke={COLORS.val} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
            <Scatter
              data={marks}
              dataKey="snapshot"
              name="snapshot"
              fill={LONG_RUN_COLOR}
              isAnimationActive={false}
              shape={(props: { cx?: number; cy?: number; payload?: { chosen: boolean } }) => (
                <circle
                  cx={props.cx}
                  cy={props.cy}
                  r={props.payload?.chosen ? 6 : 3.5}
                  fill={props.payload?.chosen ? '#111827' : LONG_RUN_COLOR}
                />
              )}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
