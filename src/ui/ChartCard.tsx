// The frame of a chart: its title, caption and an HTML legend above the plot, in a figure named
// for the chart. Plain HTML, so the live charts' frames draw with the page's first paint.
import type { ReactNode, Ref } from 'react';

export const COLORS = { train: '#2563eb', val: '#ea580c', speed: '#059669' };

interface ChartCardProps {
  /** The card element, for useOnScreen. */
  cardRef?: Ref<HTMLElement>;
  title: string;
  caption: string;
  legend: { label: string; color: string }[];
  /** The plot, filling the card's body. */
  children: ReactNode;
}

/**
 * A chart's accessible name. Each chart is a Tab stop whose arrow keys move its tooltip from
 * point to point; the name says what it is and how to read it.
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
      <div className="chart-body">{children}</div>
    </figure>
  );
}
