// A line chart for the numbers that move while training (loss, perplexity, tokens/s, the
// in-context score, the samples' words), drawn as a few SVG elements from the rows it is given. A
// redraw is one React render of this component: a path string per line and a few dozen axis
// elements. recharts, which draws the labs' charts,
// cost the page 15-30 ms of main-thread CPU per redraw whatever the number of points (its store,
// selectors and layout), which training on every core stretched past 50 ms; this costs about a
// millisecond. Hover or touch it, or focus it and use the arrow keys, to read a point
// (PlotReadout.tsx says it).
import { memo, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { linePath, linearTicks, logTicks, makeScale, nearestIndex } from './plotScale';
import type { StepAxis } from './stepAxis';
import { PlotReadout } from './PlotReadout';
import './plot.css';

/** One line: its name (in the tooltip), colour and value per row. */
export interface PlotSeries<Row> {
  name: string;
  color: string;
  value: (row: Row) => number | undefined;
  /** Stroke width in px (1.5). */
  width?: number;
  /** A dot at each of its points. */
  dots?: boolean;
  /** false: dots only, no line between them. */
  line?: boolean;
  /** Drawn against the right axis (`y2`). */
  right?: boolean;
  /**
   * On a log step axis, the point at step 0 is a dot of its own, never the line's start. Step 0 has
   * no place on a log axis and is drawn at step 1; a line from it to the next evaluation (step 50)
   * would cross most of the chart's width through values nobody measured. Starting the line at the
   * second point is the simplest honest choice: the step-0 value stays as a dot and in the tooltip.
   */
  stepZeroApart?: boolean;
}

/** A horizontal line at a fixed value, labelled (random guessing, gzip…). */
export interface PlotRefLine {
  y: number;
  color: string;
  label: string;
  /** SVG stroke-dasharray; solid when absent. */
  dash?: string;
  /** Where the label sits against the line. */
  at: 'above-left' | 'below-left' | 'above-right';
}

/** A vertical line at a step, labelled at its top (a phase change). */
export interface PlotMark {
  x: number;
  label: string;
  color: string;
  dash?: string;
}

/** The y axis: linear or log, its domain from the data's extent, and how its ticks and values read. */
export interface PlotY {
  log?: boolean;
  /** The domain for data spanning lo…hi (both NaN when there is no data yet). */
  domain: (lo: number, hi: number) => [number, number];
  tick: (value: number) => string;
  value: (value: number) => string;
}

interface LivePlotProps<Row extends { step: number }> {
  /** The chart's accessible name. */
  label: string;
  rows: readonly Row[];
  axis: StepAxis;
  series: readonly PlotSeries<Row>[];
  y: PlotY;
  refLines?: readonly PlotRefLine[];
  /** A second y axis, on the right, for the series marked `right`. */
  y2?: PlotY;
  marks?: readonly PlotMark[];
  /** The tooltip's content for a row; by default the step and each line's value. */
  tooltip?: (row: Row) => ReactNode;
}

const M = { top: 8, right: 16, bottom: 22, left: 40 };
/** Room for the right axis's labels, when there is one. */
const RIGHT_AXIS = 36;
const TICK_GAP = 4;

/** The domain of an axis from the values of the series drawn against it (NaN, NaN when none is finite). */
function extent(values: readonly (readonly (number | undefined)[])[], log: boolean | undefined): [number, number] {
  let [min, max] = [Infinity, -Infinity];
  for (const vs of values)
    for (const v of vs) if (v !== undefined && Number.isFinite(v) && (!log || v > 0)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return min <= max ? [min, max] : [NaN, NaN];
}

function LivePlotImpl<Row extends { step: number }>(props: LivePlotProps<Row>) {
  const { label, rows, axis, series, y, y2, refLines = [], marks = [], tooltip } = props;
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  /** The step being read (hover, touch or keys), kept as a step: the rows are thinned anew as the run grows. */
  const [active, setActive] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () =>
      setSize((s) => (s && s.w === el.clientWidth && s.h === el.clientHeight ? s : { w: el.clientWidth, h: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const steps = useMemo(() => rows.map((r) => r.step), [rows]);
  const values = useMemo(() => series.map((s) => rows.map((r) => s.value(r))), [rows, series]);
  const [lo, hi] = useMemo(
    () =>
      extent(
        values.filter((_, i) => !series[i].right),
        y.log,
      ),
    [values, series, y.log],
  );
  const [lo2, hi2] = useMemo(
    () =>
      extent(
        values.filter((_, i) => series[i].right),
        y2?.log,
      ),
    [values, series, y2?.log],
  );
  const [d0, d1] = y.domain(lo, hi);

  const w = size?.w ?? 0;
  const h = size?.h ?? 0;
  const right = M.right + (y2 ? RIGHT_AXIS : 0);
  const xs = makeScale(axis.domain, [M.left, Math.max(M.left + 1, w - right)], axis.log);
  // a log step axis starts at step 1: step 0 is drawn there
  const x = axis.log ? Object.assign((v: number) => xs(Math.max(v, axis.domain[0])), { invert: xs.invert, domain: xs.domain }) : xs;
  const yRange = [Math.max(M.top + 1, h - M.bottom), M.top] as const;
  const ys = makeScale([d0, d1], yRange, y.log);
  const ys2 = y2 ? makeScale(y2.domain(lo2, hi2), yRange, y2.log) : ys;
  const yOf = (s: PlotSeries<Row>) => (s.right ? ys2 : ys);
  const y2Ticks = y2 ? (y2.log ? logTicks(ys2.domain[0], ys2.domain[1]) : linearTicks(ys2.domain[0], ys2.domain[1])) : [];
  const yTicks = y.log ? logTicks(d0, d1) : linearTicks(d0, d1);
  const visibleRefs = refLines.filter((r) => r.y >= Math.min(d0, d1) && r.y <= Math.max(d0, d1));
  const found = active === null ? -1 : nearestIndex(steps, active);
  const shown = found >= 0 ? found : null;

  const point = (e: PointerEvent<SVGSVGElement>) => {
    const at = nearestIndex(steps, x.invert(e.clientX - e.currentTarget.getBoundingClientRect().left));
    setActive(at >= 0 ? steps[at] : null);
  };
  const key = (e: KeyboardEvent<SVGSVGElement>) => {
    if (rows.length === 0) return;
    const at = shown ?? rows.length - 1;
    const next = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: rows.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setActive(steps[Math.max(0, Math.min(rows.length - 1, next))]);
  };
  const yFor = (s: PlotSeries<Row>) => (s.right && y2 ? y2 : y);
  const apart = (s: PlotSeries<Row>) => axis.log && s.stepZeroApart === true && steps[0] === 0;
  const readout =
    shown === null
      ? []
      : series.flatMap((s, i) => {
          const v = values[i][shown];
          return v === undefined || !Number.isFinite(v) ? [] : [{ name: s.name, color: s.color, text: yFor(s).value(v) }];
        });

  return (
    <div className="plot" ref={box}>
      {size && (
        <svg
          className="plot-surface"
          width={w}
          height={h}
          role="application"
          aria-roledescription="chart"
          tabIndex={0}
          aria-label={label}
          onPointerMove={point}
          onPointerDown={point}
          onPointerLeave={() => setActive(null)}
          onFocus={() => rows.length > 0 && setActive(steps[rows.length - 1])}
          onBlur={() => setActive(null)}
          onKeyDown={key}
        >
          <g className="plot-grid">
            {axis.ticks.map((t) => (
              <line key={`x${t}`} x1={x(t)} x2={x(t)} y1={M.top} y2={h - M.bottom} />
            ))}
            {yTicks.map((t) => (
              <line key={`y${t}`} x1={M.left} x2={w - right} y1={ys(t)} y2={ys(t)} />
            ))}
          </g>
          <g className="plot-axis">
            <line x1={M.left} x2={w - right} y1={h - M.bottom} y2={h - M.bottom} />
            <line x1={M.left} x2={M.left} y1={M.top} y2={h - M.bottom} />
            {axis.ticks.map((t) => (
              <text key={`x${t}`} x={x(t)} y={h - M.bottom + TICK_GAP} dy="0.71em" textAnchor="middle">
                {t}
              </text>
            ))}
            {yTicks.map((t) => (
              <text key={`y${t}`} x={M.left - TICK_GAP} y={ys(t)} dy="0.355em" textAnchor="end">
                {y.tick(t)}
              </text>
            ))}
            {y2 && <line x1={w - right} x2={w - right} y1={M.top} y2={h - M.bottom} />}
            {y2Ticks.map((t) => (
              <text key={`r${t}`} x={w - right + TICK_GAP} y={ys2(t)} dy="0.355em" textAnchor="start">
                {y2?.tick(t)}
              </text>
            ))}
          </g>
          {marks.map((m) => {
            // a label in the right quarter reads leftwards, so it stays inside the chart
            const left = x(m.x) > M.left + 0.75 * (w - right - M.left);
            return (
              <g key={`${m.x} ${m.label}`} className="plot-ref">
                <line x1={x(m.x)} x2={x(m.x)} y1={M.top} y2={h - M.bottom} stroke={m.color} strokeDasharray={m.dash} />
                <text x={x(m.x) + (left ? -3 : 3)} y={M.top} dy="0.71em" fill={m.color} textAnchor={left ? 'end' : 'start'}>
                  {m.label}
                </text>
              </g>
            );
          })}
          {visibleRefs.map((r, i) => (
            <g key={`${i} ${r.y}`} className="plot-ref">
              <line x1={M.left} x2={w - right} y1={ys(r.y)} y2={ys(r.y)} stroke={r.color} strokeDasharray={r.dash} />
              <text
                x={r.at === 'above-right' ? w - right - 4 : M.left + 4}
                y={ys(r.y) + (r.at === 'below-left' ? 4 : -4)}
                dy={r.at === 'below-left' ? '0.71em' : '0'}
                textAnchor={r.at === 'above-right' ? 'end' : 'start'}
                fill={r.color}
              >
                {r.label}
              </text>
            </g>
          ))}
          {series.map(
            (s, i) =>
              s.line !== false && (
                <path
                  key={s.name}
                  className="plot-line"
                  d={linePath(apart(s) ? steps.slice(1) : steps, apart(s) ? values[i].slice(1) : values[i], x, yOf(s))}
                  stroke={s.color}
                  strokeWidth={s.width ?? 1.5}
                />
              ),
          )}
          {series.map(
            (s, i) =>
              (s.dots || apart(s)) && (
                <g key={`${s.name} dots`} stroke={s.color} className="plot-dots">
                  {values[i].map(
                    (v, j) =>
                      v !== undefined &&
                      Number.isFinite(v) &&
                      (s.dots || j === 0) && <circle key={steps[j]} cx={x(steps[j])} cy={yOf(s)(v)} r={s.width === undefined ? 2.5 : 3} />,
                  )}
                </g>
              ),
          )}
          {shown !== null && <line className="plot-cursor" x1={x(steps[shown])} x2={x(steps[shown])} y1={M.top} y2={h - M.bottom} />}
        </svg>
      )}
      <PlotReadout
        step={shown === null ? null : steps[shown]}
        values={readout}
        custom={shown !== null && tooltip ? tooltip(rows[shown]) : undefined}
        x={shown === null ? 0 : x(steps[shown])}
        width={w}
        top={M.top}
      />
    </div>
  );
}

/** A live chart; re-renders only when its rows, axis, lines or y axis change. */
export const LivePlot = memo(LivePlotImpl) as typeof LivePlotImpl;
