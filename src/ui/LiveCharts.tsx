// The three charts that move while training: loss (train and validation, with the random-guessing
// line and the compressors' yardsticks) and perplexity, both against steps on a log scale, and
// tokens/s. Each is a memo component drawn by LivePlot.tsx: a redraw is one small render of a few
// SVG elements.
import { memo, useMemo, type Ref } from 'react';
import { ChartCard, COLORS, chartLabel } from './ChartCard';
import { LivePlot, type PlotRefLine, type PlotSeries, type PlotY } from './LivePlot';
import type { LossRow, SpeedRow } from './chartData';
import { logStepAxis, type StepAxis } from './stepAxis';
import { logDomain } from './plotScale';
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

/** What general-purpose compressors need on the validation text, in the chart's unit. */
export interface Yardsticks {
  gzip: number;
  deflate: number;
  zerothOrder: number;
}

export const YARDSTICK_COLORS = { gzip: '#7c3aed', deflate: '#a78bfa', zerothOrder: '#0f766e' };

/**
 * The compressors' lines on the loss chart. gzip and deflate are one algorithm (gzip adds a header
 * and a checksum), so they are often equal to two decimals, where their labels stacked on each other:
 * then one line, labelled once.
 */
function compressorLines({ gzip, deflate, zerothOrder }: Yardsticks): PlotRefLine[] {
  const noContext: PlotRefLine = {
    y: zerothOrder,
    color: YARDSTICK_COLORS.zerothOrder,
    dash: '2 3',
    label: 'no context',
    at: 'below-left',
  };
  if (gzip.toFixed(2) === deflate.toFixed(2))
    return [noContext, { y: gzip, color: YARDSTICK_COLORS.gzip, label: 'gzip, deflate', at: 'above-left' }];
  return [
    noContext,
    { y: deflate, color: YARDSTICK_COLORS.deflate, dash: '8 3', label: 'deflate', at: 'below-left' },
    { y: gzip, color: YARDSTICK_COLORS.gzip, label: 'gzip', at: 'above-left' },
  ];
}

const train = <Row,>(name: string, value: (r: Row) => number | undefined): PlotSeries<Row> => ({ name, color: COLORS.train, value });
const val = <Row,>(name: string, value: (r: Row) => number | undefined, dots: boolean): PlotSeries<Row> => ({
  name,
  color: COLORS.val,
  value,
  width: 2,
  dots,
  stepZeroApart: true, // the first evaluation (step 0) is a dot, not a line across the log axis's first decades
});

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
  const series = useMemo(
    () => [train<LossRow>('train loss', (r) => r.trainLoss), val<LossRow>('val loss', (r) => r.valLoss, valDots)],
    [valDots],
  );
  // From 0 to a whole number above both the losses and random guessing.
  const y = useMemo<PlotY>(
    () => ({
      domain: (_lo, hi) => [0, Math.ceil(Math.max(Number.isNaN(hi) ? 0 : hi, randomGuess ?? 1) + 0.3)],
      tick: (v) => v.toFixed(1),
      value: (v) => v.toFixed(3),
    }),
    [randomGuess],
  );
  const refLines = useMemo<PlotRefLine[]>(
    () => [
      ...(randomGuess === undefined
        ? []
        : [{ y: randomGuess, color: '#6b7280', dash: '6 4', label: 'random guessing', at: 'above-right' } as const]),
      ...(yardsticks ? compressorLines(yardsticks) : []),
    ],
    [randomGuess, yardsticks],
  );
  // Steps on a log scale: the loss keeps falling long after step 100, which a linear axis hides (stepAxis.ts).
  const axis = useMemo(() => logStepAxis(drawn.axis.domain[1]), [drawn.axis]);
  return (
    <ChartCard
      cardRef={cardRef}
      title="Loss"
      legend={[
        { label: 'train loss', color: COLORS.train },
        { label: 'val loss', color: COLORS.val },
        ...(yardsticks
          ? [
              // in the chart's unit, as the sentence above the chart gives gzip's in bits per character
              { label: `gzip ${yardsticks.gzip.toFixed(2)} ${units}`, color: YARDSTICK_COLORS.gzip },
              { label: `deflate ${yardsticks.deflate.toFixed(2)} ${units}`, color: YARDSTICK_COLORS.deflate },
              { label: `no context ${yardsticks.zerothOrder.toFixed(2)} ${units}`, color: YARDSTICK_COLORS.zerothOrder },
            ]
          : []),
      ]}
      caption={
        units === 'bits'
          ? `Bits per character of the validation text (nats ${unit === 'token' ? 'per token × tokens per character ' : ''}÷ ln 2), beside gzip, deflate and character frequencies alone (no context) on the same text, against steps on a log scale. Random guessing: ${randomGuess?.toFixed(2) ?? '?'}.`
          : `Cross-entropy of the next ${unit}, in nats, against steps on a log scale. An untrained model guesses uniformly: ln(${vocabSize ?? 'V'}) = ${randomGuess?.toFixed(2) ?? '?'}.`
      }
    >
      <LivePlot label={chartLabel('Loss')} rows={drawn.rows} axis={axis} series={series} y={y} refLines={refLines} />
    </ChartCard>
  );
});

// A log axis out to the round values around the perplexities (1…100 before there are any).
const PERPLEXITY_Y: PlotY = {
  log: true,
  domain: (lo, hi) => (Number.isNaN(lo) ? [1, 100] : logDomain(lo, hi)),
  tick: fmtPerplexity,
  value: (v) => v.toFixed(2),
};

export const PerplexityChart = memo(function PerplexityChart({
  drawn,
  cardRef,
  unit,
  valDots,
}: CardProps<LossRow> & { unit: string; valDots: boolean }) {
  const series = useMemo(
    () => [train<LossRow>('train perplexity', (r) => r.trainPerplexity), val<LossRow>('val perplexity', (r) => r.valPerplexity, valDots)],
    [valDots],
  );
  // Steps on a log scale, as the loss chart beside it: the same data (e^loss), the same axis.
  const axis = useMemo(() => logStepAxis(drawn.axis.domain[1]), [drawn.axis]);
  return (
    <ChartCard
      cardRef={cardRef}
      title="Perplexity"
      legend={[
        { label: 'train perplexity', color: COLORS.train },
        { label: 'val perplexity', color: COLORS.val },
      ]}
      caption={`e^loss: how many ${unit}s the model is torn between, against steps on a log scale (both axes log).`}
    >
      <LivePlot label={chartLabel('Perplexity')} rows={drawn.rows} axis={axis} series={series} y={PERPLEXITY_Y} />
    </ChartCard>
  );
});

const SPEED_SERIES: PlotSeries<SpeedRow>[] = [{ name: 'tokens/s', color: COLORS.speed, value: (r) => r.tokensPerSecond }];
const SPEED_Y: PlotY = {
  domain: (_lo, hi) => [0, Number.isNaN(hi) || hi <= 0 ? 1 : hi * 1.1],
  tick: fmtCompact,
  value: fmtInt,
};

export const SpeedChart = memo(function SpeedChart({ drawn, cardRef }: CardProps<SpeedRow>) {
  return (
    <ChartCard
      cardRef={cardRef}
      title="Throughput"
      legend={[{ label: 'tokens/s', color: COLORS.speed }]}
      caption="Training tokens per second on this device (evaluation and samples excluded)."
    >
      <LivePlot label={chartLabel('Throughput')} rows={drawn.rows} axis={drawn.axis} series={SPEED_SERIES} y={SPEED_Y} />
    </ChartCard>
  );
});
