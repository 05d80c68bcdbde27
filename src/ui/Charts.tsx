// The live training charts: loss (train and validation, with the random-guessing line),
// perplexity on a log scale, and tokens/s. No animation, thinned history, redrawn twice a second.
import { useMemo } from 'react';
import {
  CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { downsample } from './downsample';
import { useThrottled } from './useThrottled';
import { fmtCompact } from './format';

const REDRAW_MS = 500;
const COLORS = { train: '#2563eb', val: '#ea580c', speed: '#059669' };
const tickStyle = { fontSize: 11 };

function ChartCard({ title, caption, children }: { title: string; caption: string; children: React.ReactElement }) {
  return (
    <figure className="card chart" aria-label={title}>
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">{caption}</p>
      </figcaption>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

const stepAxis = <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={tickStyle} allowDecimals={false} />;

export function Charts() {
  const { points, evals, vocabSize } = usePlayground(
    useShallow((s) => ({ points: s.points, evals: s.evals, vocabSize: s.corpus?.vocabSize })),
  );
  const shownPoints = useThrottled(points, REDRAW_MS);
  const shownEvals = useThrottled(evals, REDRAW_MS);
  const train = useMemo(() => downsample(shownPoints), [shownPoints]);
  const val = useMemo(() => downsample(shownEvals), [shownEvals]);
  const perplexity = useMemo(
    () => ({
      train: train.map((p) => ({ step: p.step, perplexity: Math.exp(p.trainLoss) })),
      val: val.map((e) => ({ step: e.step, perplexity: Math.exp(e.valLoss) })),
    }),
    [train, val],
  );
  const speed = useMemo(() => train.filter((p) => p.tokensPerSecond !== undefined), [train]);
  const randomGuess = vocabSize ? Math.log(vocabSize) : undefined;

  return (
    <section className="charts" aria-label="Training charts">
      <ChartCard
        title="Loss"
        caption={`Cross-entropy of the next character, in nats. An untrained model guesses uniformly: ln(${vocabSize ?? 'V'}) = ${randomGuess?.toFixed(2) ?? '?'}.`}
      >
        <LineChart margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          {stepAxis}
          <YAxis tick={tickStyle} domain={[0, (max: number) => Math.ceil(Math.max(max, randomGuess ?? 0) + 0.3)]} tickFormatter={(v: number) => v.toFixed(1)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : v)} labelFormatter={(s) => `step ${s}`} />
          <Legend verticalAlign="top" height={24} />
          {randomGuess !== undefined && (
            <ReferenceLine y={randomGuess} stroke="#9ca3af" strokeDasharray="6 4" label={{ value: 'random guessing', position: 'insideTopRight', fontSize: 11, fill: '#6b7280' }} />
          )}
          <Line data={train} dataKey="trainLoss" name="train loss" stroke={COLORS.train} dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line data={val} dataKey="valLoss" name="val loss" stroke={COLORS.val} dot={val.length < 60} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Perplexity" caption="e^loss: how many characters the model is torn between at each step (log scale).">
        <LineChart margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          {stepAxis}
          <YAxis scale="log" domain={['auto', 'auto']} tick={tickStyle} allowDataOverflow tickFormatter={(v: number) => (v >= 100 ? v.toFixed(0) : v.toPrecision(3))} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : v)} labelFormatter={(s) => `step ${s}`} />
          <Legend verticalAlign="top" height={24} />
          <Line data={perplexity.train} dataKey="perplexity" name="train perplexity" stroke={COLORS.train} dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <Line data={perplexity.val} dataKey="perplexity" name="val perplexity" stroke={COLORS.val} dot={perplexity.val.length < 60} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Throughput" caption="Training tokens per second on this device (evaluation and samples excluded).">
        <LineChart margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          {stepAxis}
          <YAxis tick={tickStyle} tickFormatter={(v: number) => fmtCompact(v)} domain={[0, 'auto']} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : v)} labelFormatter={(s) => `step ${s}`} />
          <Line data={speed} dataKey="tokensPerSecond" name="tokens/s" stroke={COLORS.speed} dot={false} strokeWidth={1.5} isAnimationActive={false} />
        </LineChart>
      </ChartCard>
    </section>
  );
}
