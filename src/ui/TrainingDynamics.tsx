// Training dynamics, measured: for every progress sample, the share of its words that are words of
// the corpus and its loss per character under the weights that wrote it, against step; hover a
// point to read the sample. The phases of learning to write are marked where the share first
// reaches each stated threshold (dynamics.ts says where the thresholds come from). A long run's
// samples are thinned for drawing, with dots only while they are few. Drawn by LivePlot.tsx: a new
// sample while training costs the page a millisecond, not a recharts layout.
import { useMemo } from 'react';
import { usePlayground } from '../store/store';
import { PHASES, dynamicsRows, phaseMarks, phaseOf, type DynamicsRow } from './dynamics';
import { downsample } from './downsample';
import { chartLabel } from './ChartCard';
import { LivePlot, type PlotRefLine, type PlotSeries, type PlotY } from './LivePlot';
import { roundEnd, stepAxis } from './stepAxis';
import { fmtFixed, fmtInt } from './format';

const COLORS = { words: '#7c3aed', loss: '#ea580c', phase: '#94a3b8' };
const SHOWN_CHARS = 240;
/** Samples drawn at most; the lowest and highest real-word share per stretch of steps are kept. */
const DRAWN_SAMPLES = 150;
/** Dots on the curves while there are at most this many samples. */
const MAX_DOTS = 40;

/** A sample, as its point's tooltip: step, share of real words and phase, loss, and the text. */
function sampleTip(row: DynamicsRow) {
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

const WORDS_Y: PlotY = { domain: () => [0, 100], tick: (v) => `${v}%`, value: (v) => `${fmtFixed(v, 0)} %` };
const LOSS_Y: PlotY = {
  domain: (_lo, hi) => [0, Number.isNaN(hi) ? 1 : Math.ceil(hi)],
  tick: (v) => String(v),
  value: (v) => fmtFixed(v, 2),
};
const THRESHOLDS: PlotRefLine[] = PHASES.map((p) => ({
  y: 100 * p.threshold,
  color: COLORS.phase,
  dash: '2 4',
  label: '',
  at: 'above-left',
}));

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
  const dots = drawn.length <= MAX_DOTS;
  const series = useMemo<PlotSeries<DynamicsRow>[]>(
    () => [
      { name: 'real words', color: COLORS.words, value: (r) => r.realWords, dots },
      { name: 'sample loss', color: COLORS.loss, value: (r) => r.lossPerChar, dots, right: true },
    ],
    [dots],
  );
  const markLines = useMemo(() => marks.map((m) => ({ x: m.step, label: m.label, color: '#475569' })), [marks]);
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
          <LivePlot
            label={chartLabel('From gibberish to words')}
            rows={drawn}
            axis={axis}
            series={series}
            y={WORDS_Y}
            y2={LOSS_Y}
            refLines={generated ? [] : THRESHOLDS}
            marks={markLines}
            tooltip={sampleTip}
          />
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
