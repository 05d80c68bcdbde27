// The frame of a live chart (title, caption, an HTML legend, the chart), and the parts the live
// charts share. Shared parts are made once: recharts re-registers an axis, grid or line with its
// own store whenever its element is new, and the chart then recomputes its whole layout.
import { cloneElement, useMemo, type Ref } from 'react';
import { CartesianGrid, ResponsiveContainer, XAxis, type BaseTickContentProps } from 'recharts';
import type { StepAxis } from './stepAxis';

export const COLORS = { train: '#2563eb', val: '#ea580c', speed: '#059669' };
const TICK_FONT_SIZE = 11;
export const MARGIN = { top: 8, right: 16, bottom: 0, left: -8 };
export const GRID = <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />;
export const stepLabel = (step: unknown): string => `step ${String(step)}`;

/** Baseline shift per recharts' vertical anchor (its Text uses the same cap-height offsets). */
const DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/**
 * A tick label as plain SVG text, with the axis showing every tick it is given (`interval={0}`).
 * recharts' own label measures each new string in the page (a forced layout, many per redraw
 * while the axes grow) and subscribes every label to its store; these few short labels need neither.
 */
export function plainTick(format: (value: number) => string) {
  return function PlainTick({ x, y, payload, textAnchor, verticalAnchor, fill }: BaseTickContentProps) {
    return (
      <text
        x={x}
        y={y}
        dy={DY[verticalAnchor]}
        textAnchor={textAnchor}
        fill={fill}
        fontSize={TICK_FONT_SIZE}
        className="recharts-cartesian-axis-tick-value"
      >
        {format(Number(payload.value))}
      </text>
    );
  };
}

const stepTick = plainTick(String);

interface ChartCardProps {
  /** The card element, for useOnScreen. */
  cardRef?: Ref<HTMLElement>;
  title: string;
  caption: string;
  /** An HTML legend: cheaper than recharts' own, which measures itself on every redraw. */
  legend: { label: string; color: string }[];
  children: React.ReactElement<{ 'aria-label'?: string }>;
}

/**
 * A chart's accessible name. recharts' accessibility layer makes each chart a Tab stop (arrow keys
 * move its tooltip from point to point); the name says what it is and how to read it.
 */
export const chartLabel = (title: string): string => `${title} chart: arrow keys read its points`;

/** A chart in a card, filling its body's width. */
export function ChartCard({ cardRef, title, caption, legend, children }: ChartCardProps) {
  return (
    <figure ref={cardRef} className="card chart" aria-label={title}>
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">{caption}</p>
        <ul className="legend">
          {legend.map((l) => (
            <li key={l.label}>
              <span className="swatch" style={{ background: l.color }} />
              {l.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height="100%">
          {cloneElement(children, { 'aria-label': chartLabel(title) })}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** The step axis as an element that stays the same until the axis itself changes (stepAxis.ts). */
export function useStepAxis(axis: StepAxis) {
  return useMemo(
    () => <XAxis dataKey="step" type="number" domain={axis.domain} ticks={axis.ticks} interval={0} tick={stepTick} allowDecimals={false} />,
    [axis],
  );
}
