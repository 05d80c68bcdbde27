// Training dynamics, measured: for every progress sample, the share of its words that are words of
// the corpus and its loss per character under the weights that wrote it, against step; hover a
// point to read the sample. The phases of learning to write are marked where the share first
// reaches each stated threshold (dynamics.ts says where the thresholds come from). A long run's
// samples are thinned for drawing (dots only while they are few: recharts' dots are costly).
import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  YAxis,
  type TooltipContentProps,
  type TooltipValueType,
} from 'recharts';
import { usePlayground } from '../store/store';
import { PHASES, dynamicsRows, phaseMarks, phaseOf, type DynamicsRow } from './dynamics';
import { downsample } from './downsample';
import { useStepAxis, chartLabel } from './ChartCard';
import { roundEnd, stepAxis } from './stepAxis';
import { fmtFixed, fmtInt } from './format';

const COLORS = { words: '#7c3aed', loss: '#ea580c', phase: '#94a3b8' };
const tickStyle = { fontSize: 11 };
const SHOWN_CHARS = 240;
/** Samples drawn at most; the lowest and highest real-word share per stretch of steps are kept. */
const DRAWN_SAMPLES = 150;
/** Dots on the curves while there are at most this many samples. */
const MAX_DOTS = 40;

function SampleTip({ active, payload }: TooltipContentProps<TooltipValueType, string | number>) {
  const row = active ? (payload?.[0]?.payload as DynamicsRow | undefined) : undefined;
  if (!row) return null;
  const text = row.text.length > SHOWN_CHARS ? `${row.text.slice(0, SHOWN_CHARS)}…` : row.text;
  return (
    <div className="dynamics-tip">
      <strong>step {fmtInt(row.step)}</strong>
      {row.realWords !== undefined && (
        <>
          {' '}
          · {fmtFixed(row.realWords, 0)} % real words ({phaseOf(row.realWords / 100)})
        </>
      )}
      {row.lossPerChar !== undefined && <> · {fmtFixed(row.lossPerChar, 2)} nats/char</>}
      <pre>{text}</pre>
    </div>
  );
}

// Made once: a new element makes recharts re-register it and lay the chart out again (ChartCard.tsx).
const CHART_MARGIN = { top: 14, right: 8, bottom: 0, left: -8 };
const GRID = <CartesianGrid stroke="#eee" />;
const AXES = [
  <YAxis key="words" yAxisId="words" domain={[0, 100]} tick={tickStyle} unit="%" width={44} />,
  <YAxis key="loss" yAxisId="loss" orientation="right" domain={[0, 'auto']} tick={tickStyle} width={32} />,
];
const THRESHOLDS = PHASES.map((p) => (
  <ReferenceLine key={p.name} yAxisId="words" y={100 * p.threshold} stroke={COLORS.phase} strokeDasharray="2 4" />
));
const TIP = <Tooltip content={SampleTip} />;

export function TrainingDynamics() {
  const samples = usePlayground((s) => s.samples);
  // A few-shot task's text is made of codes, not words: its phases would mean nothing.
  const generated = usePlayground((s) => s.corpus?.origin.kind === 'task');
  const rows = useMemo(() => dynamicsRows(samples), [samples]);
  const marks = useMemo(() => (generated ? [] : phaseMarks(rows)), [rows, generated]);
  const drawn = useMemo(
    () =>
      downsample(
        rows,
        DRAWN_SAMPLES,
        (r) => r.step,
        (r) => r.realWords ?? 0,
      ),
    [rows],
  );
  const end = roundEnd(rows.at(-1)?.step ?? 0);
  const axis = useMemo(() => stepAxis(end), [end]);
  const xAxis = useStepAxis(axis);
  const dots = drawn.length <= MAX_DOTS;
  const lines = useMemo(() => {
    const dot = dots ? { r: 2 } : false;
    return [
      <Line key="words" yAxisId="words" dataKey="realWords" stroke={COLORS.words} dot={dot} isAnimationActive={false} connectNulls />,
      <Line key="loss" yAxisId="loss" dataKey="lossPerChar" stroke={COLORS.loss} dot={dot} isAnimationActive={false} connectNulls />,
    ];
  }, [dots]);
  const markLines = useMemo(
    () =>
      marks.map((m) => (
        <ReferenceLine
          key={m.step}
          yAxisId="words"
          x={m.step}
          stroke={COLORS.phase}
          label={{ value: m.label, position: 'insideTopLeft', fontSize: 10, fill: '#475569' }}
        />
      )),
    [marks],
  );
  const measured = rows.some((r) => r.realWords !== undefined || r.lossPerChar !== undefined);
  return (
    <figure className="card chart dynamics" aria-label="Training dynamics">
      <figcaption>
        <h3>From gibberish to words</h3>
        <p className="muted">
          Each training sample: the share of its whole words that are words of the corpus, and its loss per character under the model that
          wrote it. Hover a point to read the sample.
        </p>
        <ul className="legend">
          <li>
            <span className="swatch" style={{ background: COLORS.words }} />
            real words (%)
          </li>
          <li>
            <span className="swatch" style={{ background: COLORS.loss }} />
            sample loss (nats/char)
          </li>
        </ul>
      </figcaption>
      <div className="chart-body" data-testid="dynamics-chart">
        {measured ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={drawn} margin={CHART_MARGIN} aria-label={chartLabel('From gibberish to words')}>
              {GRID}
              {xAxis}
              {AXES}
              {!generated && THRESHOLDS}
              {markLines}
              {TIP}
              {lines}
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <p className="muted">The curve starts with the first training sample (step 0).</p>
        )}
      </div>
      {generated ? (
        <p className="muted small">
          Words of one character are not counted. No phases are marked on a lab&apos;s generated text: its lines are codes, not English
          words, so the thresholds set on Moby Dick do not apply. Its sample loss still falls as the model learns the task.
        </p>
      ) : (
        <p className="muted small">
          Words of one character are not counted. Phases, marked where the share first reaches them: random below 10 %;{' '}
          {PHASES.map((p) => `${p.name} from ${100 * p.threshold} % (${p.looksLike})`).join('; ')}. Reference shares measured on Moby Dick
          with 200-character texts: uniform random characters 2 %, the book itself 98 %. The sample is written at temperature 0.8, so its
          loss sits below the validation loss.
        </p>
      )}
    </figure>
  );
}
