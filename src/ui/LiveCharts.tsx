// The three charts that move while training: loss (train and validation, with the random-guessing
// line), perplexity on a log scale, and tokens/s. Each is a memo component whose only changing
// prop is its rows (and the step axis when the run outgrows it); every other child element is
// made once, so a redraw hands recharts new data and nothing else.
import { memo, useMemo, type Ref } from 'react';
import { Line, LineChart, ReferenceLine, Tooltip, YAxis } from 'recharts';
import { ChartCard, COLORS, GRID, MARGIN, plainTick, stepLabel, useStepAxis } from './ChartCard';
import type { LossRow, SpeedRow } from './chartData';
import type { StepAxis } from './stepAxis';
import { fmtCompact, fmtInt, fmtPerplexity } from './format';

/** Rows and the step axis they are drawn on. */
export interface Drawn<Row> {
  rows: Row[];
  axis: StepAxis;
}

interface CardProps<Row> {
  drawn: Drawn<Row>;
  cardRef?: Ref<HTMLElement>;
}

const lineProps = { strokeWidth: 1.5, dot: false, isAnimationActive: false, connectNulls: true } as const;
const valLine = (dataKey: string, name: string, dots: boolean) => (
  <Line dataKey={dataKey} name={name} stroke={COLORS.val} dot={dots} strokeWidth={2} isAnimationActive={false} connectNulls />
);

const lossTick = plainTick((v) => v.toFixed(1));
const LOSS_TIP = <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : v)} labelFormatter={stepLabel} />;
const TRAIN_LOSS = <Line dataKey="trainLoss" name="train loss" stroke={COLORS.train} {...lineProps} />;

/** What general-purpose compressors need on the validation text, in the chart's unit. */
export interface Yardsticks {
  gzip: number;
  deflate: number;
  zerothOrder: number;
}

interface LossChartProps extends CardProps<LossRow> {
  /** ln(V) in the chart's unit. */
  randomGuess?: number;
  vocabSize?: number;
  /** What one token is: 'character' or 'token' (BPE). */
  unit: string;
  /** Dots on the validation line while it has few points. */
  valDots: boolean;
  /** nats per token, or bits per character (the losses come scaled: chartData.ts lossRows). */
  units: 'nats' | 'bits';
  yardsticks?: Yardsticks;
}

export const YARDSTICK_COLORS = { gzip: '#7c3aed', deflate: '#a78bfa', zerothOrder: '#0f766e' };

const yardstick = (y: number, color: string, label: string, position: 'insideTopLeft' | 'insideBottomLeft', dash: string) => (
  <ReferenceLine key={label} y={y} stroke={color} strokeDasharray={dash} label={{ value: label, position, fontSize: 11, fill: color }} />
);

export const LossChart = memo(function LossChart({
  drawn,
  cardRef,
  randomGuess,
  vocabSize,
  unit,
  valDots,
  units,
  yardsticks,
}: LossChartProps) {
  const xAxis = useStepAxis(drawn.axis);
  const yAxis = useMemo(
    () => <YAxis tick={lossTick} interval={0} domain={[0, (max: number) => Math.ceil(Math.max(max, randomGuess ?? 0) + 0.3)]} />,
    [randomGuess],
  );
  const sticks = useMemo(
    () =>
      yardsticks && [
        yardstick(yardsticks.zerothOrder, YARDSTICK_COLORS.zerothOrder, 'no context', 'insideBottomLeft', '2 3'),
        yardstick(yardsticks.deflate, YARDSTICK_COLORS.deflate, 'deflate', 'insideBottomLeft', '8 3'),
        yardstick(yardsticks.gzip, YARDSTICK_COLORS.gzip, 'gzip', 'insideTopLeft', '0'),
      ],
    [yardsticks],
  );
  const guessLine = useMemo(
    () =>
      randomGuess !== undefined && (
        <ReferenceLine
          y={randomGuess}
          stroke="#9ca3af"
          strokeDasharray="6 4"
          label={{ value: 'random guessing', position: 'insideTopRight', fontSize: 11, fill: '#6b7280' }}
        />
      ),
    [randomGuess],
  );
  const val = useMemo(() => valLine('valLoss', 'val loss', valDots), [valDots]);
  return (
    <ChartCard
      cardRef={cardRef}
      title="Loss"
      legend={[
        { label: 'train loss', color: COLORS.train },
        { label: 'val loss', color: COLORS.val },
        ...(yardsticks
          ? [
              { label: `gzip ${yardsticks.gzip.toFixed(2)}`, color: YARDSTICK_COLORS.gzip },
              { label: `deflate ${yardsticks.deflate.toFixed(2)}`, color: YARDSTICK_COLORS.deflate },
              { label: `no context ${yardsticks.zerothOrder.toFixed(2)}`, color: YARDSTICK_COLORS.zerothOrder },
            ]
          : []),
      ]}
      caption={
        units === 'bits'
          ? `Bits per character of the validation text (nats ${unit === 'token' ? 'per token × tokens per character ' : ''}÷ ln 2), beside gzip, deflate and character frequencies alone (no context) on the same text. Random guessing: ${randomGuess?.toFixed(2) ?? '?'}.`
          : `Cross-entropy of the next ${unit}, in nats. An untrained model guesses uniformly: ln(${vocabSize ?? 'V'}) = ${randomGuess?.toFixed(2) ?? '?'}.`
      }
    >
      <LineChart data={drawn.rows} margin={MARGIN}>
        {GRID}
        {xAxis}
        {yAxis}
        {LOSS_TIP}
        {guessLine}
        {sticks}
        {TRAIN_LOSS}
        {val}
      </LineChart>
    </ChartCard>
  );
});

const PERPLEXITY_Y = <YAxis scale="log" domain={['auto', 'auto']} tick={plainTick(fmtPerplexity)} allowDataOverflow />; // log ticks are many: recharts drops those that would overlap
const PERPLEXITY_TIP = <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : v)} labelFormatter={stepLabel} />;
const TRAIN_PERPLEXITY = <Line dataKey="trainPerplexity" name="train perplexity" stroke={COLORS.train} {...lineProps} />;

export const PerplexityChart = memo(function PerplexityChart({
  drawn,
  cardRef,
  unit,
  valDots,
}: CardProps<LossRow> & { unit: string; valDots: boolean }) {
  const xAxis = useStepAxis(drawn.axis);
  const val = useMemo(() => valLine('valPerplexity', 'val perplexity', valDots), [valDots]);
  return (
    <ChartCard
      cardRef={cardRef}
      title="Perplexity"
      legend={[
        { label: 'train perplexity', color: COLORS.train },
        { label: 'val perplexity', color: COLORS.val },
      ]}
      caption={`e^loss: how many ${unit}s the model is torn between at each step (log scale).`}
    >
      <LineChart data={drawn.rows} margin={MARGIN}>
        {GRID}
        {xAxis}
        {PERPLEXITY_Y}
        {PERPLEXITY_TIP}
        {TRAIN_PERPLEXITY}
        {val}
      </LineChart>
    </ChartCard>
  );
});

const SPEED_Y = <YAxis tick={plainTick(fmtCompact)} interval={0} domain={[0, 'auto']} />;
const SPEED_TIP = <Tooltip formatter={(v) => (typeof v === 'number' ? fmtInt(v) : v)} labelFormatter={stepLabel} />;
const SPEED_LINE = <Line dataKey="tokensPerSecond" name="tokens/s" stroke={COLORS.speed} {...lineProps} />;

export const SpeedChart = memo(function SpeedChart({ drawn, cardRef }: CardProps<SpeedRow>) {
  const xAxis = useStepAxis(drawn.axis);
  return (
    <ChartCard
      cardRef={cardRef}
      title="Throughput"
      legend={[{ label: 'tokens/s', color: COLORS.speed }]}
      caption="Training tokens per second on this device (evaluation and samples excluded)."
    >
      <LineChart data={drawn.rows} margin={MARGIN}>
        {GRID}
        {xAxis}
        {SPEED_Y}
        {SPEED_TIP}
        {SPEED_LINE}
      </LineChart>
    </ChartCard>
  );
});
