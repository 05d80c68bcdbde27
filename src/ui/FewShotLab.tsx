// The few-shot lab: train a small model on a task whose rule each line reveals only through its
// own examples, then measure accuracy on fresh items with 0, 1, 2, 4 and 8 examples in the
// prompt (95% intervals, chance drawn). The curve rising above chance with more examples is
// in-context learning, measured rather than claimed. Measured again when the run finishes.
import { useEffect } from 'react';
import { CartesianGrid, ErrorBar, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { FEW_SHOT_ITEMS, SYNTHETIC_TASKS } from '../protocol/fewShot';
import { labTask } from '../store/selectors';
import { CandidateAnswers } from './CandidateAnswers';
import { fewShotRows } from './chartData';
import { fmtInt } from './format';
import { chartLabel } from './ChartCard';

const pct = (p: number): string => `${Math.round(100 * p)}%`;

export function FewShotLab() {
  // Not the step itself: that would redraw the lab on every metrics event.
  const { task, runState, measuredNow, curves, measuring, measure, startTask, busy } = usePlayground(
    useShallow((s) => ({
      task: labTask(s),
      runState: s.runState,
      measuredNow: s.fewShotCurves.some((c) => c.step === s.step),
      curves: s.fewShotCurves,
      measuring: s.fewShotMeasuring,
      measure: s.measureFewShot,
      startTask: s.startTask,
      busy: s.corpusStatus.kind !== 'idle' || s.labPending,
    })),
  );
  useEffect(() => {
    if (task && runState === 'done' && !measuredNow) measure();
  }, [task, runState, measuredNow, measure]);

  /** The tasks, as buttons: the one being trained is marked. */
  const chips = (
    <div className="presets" role="group" aria-label="Few-shot tasks">
      {SYNTHETIC_TASKS.map((t) => (
        <button
          key={t.id}
          type="button"
          className="chip"
          aria-pressed={t.id === task?.id}
          disabled={busy || t.id === task?.id}
          onClick={() => void startTask(t.id)}
          title={t.caution ?? t.description}
        >
          {t.name}
          {t.caution ? ' (hard)' : ''}
        </button>
      ))}
    </div>
  );
  if (!task) {
    return (
      <section className="card lab" aria-label="Few-shot lab">
        <h2>Few-shot lab</h2>
        <p className="muted">
          Can a model learn from examples in its prompt? On these tasks every line hides its own rule, which only that line's examples show.
          Choosing one trains a small model of its own (2 layers, width 64) on a generated text, while your run waits, paused: the copy task
          learns in well under a minute on a laptop, the other two take many minutes and may not learn at all. Then measure how often it
          answers right with 0, 1, 2, 4 and 8 examples in the prompt.
        </p>
        {chips}
      </section>
    );
  }
  const latest = curves.at(-1);
  const rows = fewShotRows(curves);
  return (
    <section className="card lab" aria-label="Few-shot lab">
      <h2>Few-shot lab: {task.name}</h2>
      {chips}
      <p className="muted">
        {task.description} A line: <code>{task.example}</code>. Scored: {task.scored}.
      </p>
      {task.caution && <p className="note">{task.caution}</p>}
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={measure}
          disabled={measuring !== null || runState === 'loading' || runState === 'running'}
        >
          Measure few-shot accuracy
        </button>
        {measuring && <progress max={measuring.total} value={measuring.done} aria-label="Few-shot measurement progress" />}
        <span className="muted">
          {runState === 'running' ? 'Pause to measure (training would move the weights mid-measurement). ' : ''}
          {fmtInt(FEW_SHOT_ITEMS)} fresh items per point, at the current step (<CurrentStep />)
        </span>
      </div>
      {latest ? (
        <figure className="chart lab-chart" aria-label="Few-shot curve">
          <div className="chart-body">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 16, left: -8 }} aria-label={chartLabel('Few-shot curve')}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                <XAxis
                  dataKey="k"
                  tick={{ fontSize: 11 }}
                  label={{ value: 'examples in the prompt', position: 'insideBottom', offset: -8, fontSize: 11 }}
                />
                <YAxis domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 11 }} />
                <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : v)} labelFormatter={(k) => `${k} examples`} />
                <ReferenceLine
                  y={latest.result.chance}
                  stroke="#9ca3af"
                  strokeDasharray="6 4"
                  label={{ value: 'chance', position: 'insideTopRight', fontSize: 11, fill: '#6b7280' }}
                />
                {curves.map((c, i) => (
                  <Line
                    key={c.step}
                    dataKey={`step${c.step}`}
                    name={`step ${c.step}`}
                    stroke={i === curves.length - 1 ? '#2563eb' : '#93c5fd'}
                    strokeWidth={i === curves.length - 1 ? 2 : 1}
                    isAnimationActive={false}
                    dot
                  >
                    {i === curves.length - 1 && <ErrorBar dataKey="interval" width={4} stroke="#2563eb" />}
                  </Line>
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption className="muted small">
            Accuracy at step {fmtInt(latest.step)} with its 95% interval
            {curves.length > 1
              ? `; lighter lines: earlier steps (${curves
                  .slice(0, -1)
                  .map((c) => c.step)
                  .join(', ')})`
              : ''}
            . {latest.result.points.map((p) => `${p.k}: ${pct(p.accuracy)} (${pct(p.low)}–${pct(p.high)})`).join(' · ')}
          </figcaption>
          {latest.result.notices.map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
        </figure>
      ) : (
        <p className="muted">Train for a while, then measure; the curve is also measured when the run finishes.</p>
      )}
      <CandidateAnswers key={task.id} task={task.id} />
    </section>
  );
}

/** The step counter alone, so only it redraws on every metrics event. */
function CurrentStep() {
  const step = usePlayground((s) => s.step);
  return <>{fmtInt(step)}</>;
}
