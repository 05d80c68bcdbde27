// What a live chart says about the point being read (LivePlot.tsx): a tooltip beside the cursor,
// kept inside the chart on the side with more room, and the same values as one sentence in a
// visually hidden live region that stays mounted, so a screen reader hears each point the arrow
// keys move to.
import type { ReactNode } from 'react';

/** One value of the point: the line's name and colour, and the value as read. */
export interface ReadoutValue {
  name: string;
  color: string;
  text: string;
}

interface PlotReadoutProps {
  /** The point's step, or null when none is being read. */
  step: number | null;
  values: readonly ReadoutValue[];
  /** The tooltip's own content (a sample, say) in place of the values. */
  custom?: ReactNode;
  /** Where the cursor is and how wide the chart is, px. */
  x: number;
  width: number;
  top: number;
}

/** Room kept between the cursor and the tooltip, and between the tooltip and the chart's edge, px. */
const GAP = 10;

export function PlotReadout({ step, values, custom, x, width, top }: PlotReadoutProps) {
  const said = step === null ? '' : [`step ${step}`, ...values.map((v) => `${v.name} ${v.text}`)].join(', ');
  // On the side with more room, and never wider than that side: the page must not scroll sideways.
  const left = x <= width / 2;
  const room = Math.max(80, (left ? width - x : x) - 2 * GAP);
  const maxWidth = `min(26rem, ${room}px)`;
  const place = left ? { left: x + GAP, top, maxWidth } : { right: width - x + GAP, top, maxWidth };
  return (
    <>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
      {step !== null && (
        <div className="plot-tooltip" aria-hidden="true" style={place}>
          {custom ?? (
            <>
              <div>step {step}</div>
              {values.map((v) => (
                <div key={v.name} style={{ color: v.color }}>
                  {v.name}: {v.text}
                </div>
              ))}
            </>
          )}
        </div>
      )}
    </>
  );
}
