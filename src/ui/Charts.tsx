// The training charts: loss, perplexity and throughput (LiveCharts.tsx) and the in-context score.
// They redraw on a clock of their own (redrawSchedule.ts), one chart per tick, reading the store
// when their turn comes rather than on every update. A chart whose data has not changed since its
// last turn is left alone (paused: nothing redraws), and so is one nobody can see (page hidden,
// or scrolled away: it catches up on its next turn once back). A new run redraws them all at once.
import { startTransition, useEffect, useMemo, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { inContextRows, lossRows, speedRows, type InContextRow, type LossRow, type SpeedRow } from './chartData';
import { InContextChart } from './InContextChart';
import { LossChart, PerplexityChart, SpeedChart, type Drawn } from './LiveCharts';
import { chartAt, TICK_MS, type ChartName } from './redrawSchedule';
import { roundEnd, stepAxis, type StepAxis } from './stepAxis';
import { useOnScreen } from './useOnScreen';
import { tokenUnit } from '../protocol/reports';
import { baselineBits, bitsPerCharScale } from '../protocol/compression';
import { CompressionLine, type LossUnits } from './CompressionLine';

/** Validation dots while there are at most this many evaluations (so the first ones show); then a plain line, which reads better dense. */
const MAX_VAL_DOTS = 20;

const EMPTY_AXIS = stepAxis(0);
const empty = <Row,>(): Drawn<Row> => ({ rows: [], axis: EMPTY_AXIS });

export function Charts() {
  const { vocabSize, unit, baselines } = usePlayground(
    useShallow((s) => ({
      vocabSize: s.corpus?.vocabSize,
      unit: tokenUnit(s.corpus?.tokenizer),
      baselines: s.baselines?.runId === s.runId ? s.baselines.baselines : null,
    })),
  );
  const [units, setUnits] = useState<LossUnits>('nats');
  // Bits per character once the validation windows' characters are known; nats per token until then.
  const scale = units === 'bits' && baselines ? bitsPerCharScale(baselines) : 1;
  const yardsticks = useMemo(() => {
    if (!baselines) return undefined;
    const bits = baselineBits(baselines);
    const toUnits = units === 'bits' ? 1 : 1 / bitsPerCharScale(baselines); // bits/char → nats/token
    return { gzip: bits.gzip * toUnits, deflate: bits.deflate * toUnits, zerothOrder: bits.zerothOrder * toUnits };
  }, [baselines, units]);
  const [loss, setLoss] = useState<Drawn<LossRow>>(empty);
  const [perplexity, setPerplexity] = useState<Drawn<LossRow>>(empty);
  const [speed, setSpeed] = useState<Drawn<SpeedRow>>(empty);
  const [valDots, setValDots] = useState(true);
  const [inContext, setInContext] = useState<InContextRow[]>([]);
  const [lossCard, lossSeen] = useOnScreen<HTMLElement>();
  const [perplexityCard, perplexitySeen] = useOnScreen<HTMLElement>();
  const [speedCard, speedSeen] = useOnScreen<HTMLElement>();
  const [inContextCard, inContextSeen] = useOnScreen<HTMLElement>();

  useEffect(() => {
    const seen: Record<ChartName, RefObject<boolean>> = {
      loss: lossSeen,
      perplexity: perplexitySeen,
      speed: speedSeen,
      inContext: inContextSeen,
    };
    let tick = 0;
    let axis: StepAxis = EMPTY_AXIS;
    // What each chart last drew, by the store's arrays (replaced on change, never changed in place).
    const drawnFrom = new Map<ChartName, readonly unknown[]>();
    const changed = (chart: ChartName, ...sources: readonly (readonly unknown[])[]) => {
      const before = drawnFrom.get(chart);
      if (before && before.every((s, i) => s === sources[i])) return false;
      drawnFrom.set(chart, sources);
      return true;
    };
    /** Redraws one chart from the store, if its data changed since it last drew. */
    const draw = (chart: ChartName) => {
      const { points, evals } = usePlayground.getState();
      const sources = chart === 'speed' ? [points] : chart === 'inContext' ? [evals] : [points, evals];
      if (!changed(chart, ...sources)) return;
      const lastStep = Math.max(points.at(-1)?.step ?? 0, evals.at(-1)?.step ?? 0);
      if (roundEnd(lastStep) !== axis.domain[1]) axis = stepAxis(lastStep); // the same object until the run outgrows it
      const drawnAxis = axis;
      startTransition(() => {
        if (chart === 'loss') {
          setLoss({ rows: lossRows(points, evals, scale, 'log'), axis: drawnAxis }); // LossChart's steps are on a log axis
          setValDots(evals.length <= MAX_VAL_DOTS);
        } else if (chart === 'perplexity') {
          setPerplexity({ rows: lossRows(points, evals, scale, 'log'), axis: drawnAxis }); // the loss chart's rows: its axis is log too
        } else if (chart === 'speed') {
          setSpeed({ rows: speedRows(points), axis: drawnAxis });
        } else {
          setInContext(inContextRows(evals));
        }
      });
    };
    draw('loss'); // at once when the units change
    const timer = setInterval(() => {
      const chart = chartAt(tick++);
      if (!document.hidden && seen[chart].current) draw(chart);
    }, TICK_MS);
    // Another run: every chart shows it at once, on screen or not (none may show the last run's curve when scrolled to).
    const unsubscribe = usePlayground.subscribe((now, before) => {
      if (now.runId !== before.runId) (['loss', 'perplexity', 'speed', 'inContext'] as const).forEach(draw);
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [lossSeen, perplexitySeen, speedSeen, inContextSeen, scale]);

  const randomGuess = vocabSize ? Math.log(vocabSize) * scale : undefined;
  return (
    <section className="charts" aria-label="Training charts">
      <CompressionLine units={units} onUnits={setUnits} />
      <LossChart
        cardRef={lossCard}
        drawn={loss}
        randomGuess={randomGuess}
        vocabSize={vocabSize}
        unit={unit}
        valDots={valDots}
        units={units === 'bits' && baselines ? 'bits' : 'nats'}
        yardsticks={yardsticks}
      />
      <PerplexityChart cardRef={perplexityCard} drawn={perplexity} unit={unit} valDots={valDots} />
      <SpeedChart cardRef={speedCard} drawn={speed} />
      <InContextChart cardRef={inContextCard} rows={inContext} />
    </section>
  );
}
