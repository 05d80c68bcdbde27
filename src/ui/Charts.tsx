// The live training charts: loss (train and validation, with the random-guessing line),
// perplexity on a log scale, tokens/s and the in-context score. No animation, thinned history;
// each chart redraws alone, twice a second at most.
import { memo, startTransition, useEffect, useRef, useState } from 'react';
import {
  CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { inContextRows, lossRows, speedRows, type InContextRow, type LossRow, type SpeedRow } from './chartData';
import { InContextChart } from './InContextChart';
import { fmtCompact, fmtInt, fmtPerplexity } from './format';
import { tokenUnit } from '../protocol/reports';

const REDRAW_MS = 500;
const COLORS = { train: '#2563eb', val: '#ea580c', speed: '#059669' };
const tickStyle = { fontSize: 11 };

interface ChartCardProps {
  title: string;
  caption: string;
  /** An HTML legend: cheaper than recharts' own, which measures itself on every redraw. */
  legend: { label: string; color: string }[];
  children: React.ReactElement;
}

function ChartCard({ title, caption, legend, children }: ChartCardProps) {
  return (
    <figure className="card chart" aria-label={title}>
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">{caption}</p>
        <ul className="legend">
          {legend.map((l) => (
            <li key={l.label}><span className="swatch" style={{ background: l.color }} />{l.label}</li>
          ))}
        </ul>
      </figcaption>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

const stepAxis = <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={tickStyle} allowDecimals={false} />;

/**
 * Subscribes to the metrics and redraws one chart per tick, round robin, so each chart refreshes
 * every REDRAW_MS and no single redraw holds the main thread for all three.
 */
export function Charts() {
  const { points, evals, vocabSize, unit } = usePlayground(
    useShallow((s) => ({
      points: s.points, evals: s.evals, vocabSize: s.corpus?.vocabSize,
      unit: tokenUnit(s.corpus?.tokenizer),
    })),
  );
  const latest = useRef({ points, evals });
  useEffect(() => {
    latest.current = { points, evals };
  }, [points, evals]);
  const [loss, setLoss] = useState<LossRow[]>([]);
  const [perplexity, setPerplexity] = useState<LossRow[]>([]);
  const [speed, setSpeed] = useState<SpeedRow[]>([]);
  const [valDots, setValDots] = useState(true);
  const [inContext, setInContext] = useState<InContextRow[]>([]);

  useEffect(() => {
    let tick = 0;
    const drawn: (typeof latest.current | null)[] = [null, null, null];
    let inContextFrom: typeof latest.current.evals | null = null;
    const timer = setInterval(() => {
      const chart = tick++ % 3;
      const source = latest.current;
      if (drawn[chart] === source) return; // nothing new (paused): no redraw
      drawn[chart] = source;
      startTransition(() => {
        if (chart === 0) {
          setLoss(lossRows(source.points, source.evals));
          setValDots(source.evals.length < 60);
        } else if (chart === 1) {
          setPerplexity(lossRows(source.points, source.evals));
          if (inContextFrom !== source.evals) setInContext(inContextRows(source.evals)); // evals are rarer than points
          inContextFrom = source.evals;
        }
        else setSpeed(speedRows(source.points));
      });
    }, REDRAW_MS / 3);
    return () => clearInterval(timer);
  }, []);

  const randomGuess = vocabSize ? Math.log(vocabSize) : undefined;
  return (
    <section className="charts" aria-label="Training charts">
      <LossChart rows={loss} randomGuess={randomGuess} vocabSize={vocabSize} unit={unit} valDots={valDots} />
      <PerplexityChart rows={perplexity} unit={unit} valDots={valDots} />
      <SpeedChart rows={speed} />
      <InContextChart rows={inContext} />
    </section>
  );
}

// Each chart is its own memo component: a tick that brings new rows for one chart redraws that
// chart alone, never the others.

interface LossChartProps {
  rows: LossRow[];
  randomGuess?: number;
  vocabSize?: number;
  /** What one token is: 'character' or 'token' (BPE). */
  unit: string;
  valDots: boolean;
}

const LossChart = memo(function LossChart({ rows, randomGuess, vocabSize, unit, valDots }: LossChartProps) {
  return (
    <ChartCard
      title="Loss"
      legend={[{ label: 'train loss', color: COLORS.train }, { label: 'val loss', color: COLORS.val }]}
      caption={`Cross-entropy of the next ${unit}, in nats. An untrained model guesses uniformly: ln(${vocabSize ?? 'V'}) = ${randomGuess?.toFixed(2) ?? '?'}.`}
    >
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        {stepAxis}
        <YAxis tick={tickStyle} domain={[0, (max: number) => Math.ceil(Math.max(max, randomGuess ?? 0) + 0.3)]} tickFormatter={(v: number) => v.toFixed(1)} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : v)} labelFormatter={(s) => `step ${s}`} />
        {randomGuess !== undefined && (
          <ReferenceLine y={randomGuess} stroke="#9ca3af" strokeDasharray="6 4" label={{ value: 'random guessing', position: 'insideTopRight', fontSize: 11, fill: '#6b7280' }} />
        )}
        <Line dataKey="trainLoss" name="train loss" stroke={COLORS.train} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
        <Line dataKey="valLoss" name="val loss" stroke={COLORS.val} dot={valDots} strokeWidth={2} isAnimationActive={false} connectNulls />
      </LineChart>
    </ChartCard>
  );
});

const PerplexityChart = memo(function PerplexityChart({ rows, unit, valDots }: { rows: LossRow[]; unit: string; valDots: boolean }) {
  return (
    <ChartCard title="Perplexity" legend={[{ label: 'train perplexity', color: COLORS.train }, { label: 'val perplexity', color: COLORS.val }]} caption={`e^loss: how many ${unit}s the model is torn between at each step (log scale).`}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        {stepAxis}
        <YAxis scale="log" domain={['auto', 'auto']} tick={tickStyle} allowDataOverflow tickFormatter={(v: number) => fmtPerplexity(v)} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : v)} labelFormatter={(s) => `step ${s}`} />
        <Line dataKey="trainPerplexity" name="train perplexity" stroke={COLORS.train} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
        <Line dataKey="valPerplexity" name="val perplexity" stroke={COLORS.val} dot={valDots} strokeWidth={2} isAnimationActive={false} connectNulls />
      </LineChart>
    </ChartCard>
  );
});

const SpeedChart = memo(function SpeedChart({ rows }: { rows: SpeedRow[] }) {
  return (
    <ChartCard title="Throughput" legend={[{ label: 'tokens/s', color: COLORS.speed }]} caption="Training tokens per second on this device (evaluation and samples excluded).">
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        {stepAxis}
        <YAxis tick={tickStyle} tickFormatter={(v: number) => fmtCompact(v)} domain={[0, 'auto']} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? fmtInt(v) : v)} labelFormatter={(s) => `step ${s}`} />
        <Line dataKey="tokensPerSecond" name="tokens/s" stroke={COLORS.speed} dot={false} strokeWidth={1.5} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
});
