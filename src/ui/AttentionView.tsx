// Where the model looks: for the prompt's last tokens, one attention map per layer and head (the
// model's own softmax, row i = what token i attends to, causal so nothing right of the diagonal).
// Click a map to enlarge it; hover a row of it, or a token, to see which earlier tokens that
// position reads. On the few-shot lab's copy task, induction heads show as a stripe below the
// diagonal, one repeat back. Canvas only: a light grid even at 12 layers × 16 heads.
import { memo, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { attentionIndex, MAX_ATTENTION_TOKENS, type AttentionMaps } from '../protocol/attention';
import { labTask } from '../store/selectors';
import { tokenUnit } from '../protocol/reports';
import { useAttentionMaps } from './useAttentionMaps';
import { tokenLabel, tokenTitle } from '../protocol/tokenLabel';

/** White (0) to deep blue (1) by √p, so weak but real attention still shows; the future (masked) warm grey. */
const HIGH = [30, 58, 138];
const FUTURE = [231, 229, 228];
const shade = (p: number): number[] => HIGH.map((c) => Math.round(255 - Math.sqrt(p) * (255 - c)));
const pct = (p: number): string => `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`;

interface Head {
  layer: number;
  head: number;
}

/** Paints one map, one pixel per (row, column); CSS scales it up, pixelated. */
function paint(canvas: HTMLCanvasElement, maps: AttentionMaps, { layer, head }: Head): void {
  const T = maps.tokens.length;
  canvas.width = T;
  canvas.height = T;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(T, T);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const rgb = j > i ? FUTURE : shade(maps.probs[attentionIndex(maps, layer, head, i, j)]);
      image.data.set([...rgb, 255], 4 * (i * T + j));
    }
  }
  ctx.putImageData(image, 0, 0);
}

const MapCanvas = memo(function MapCanvas({ maps, layer, head, className }: Head & { maps: AttentionMaps; className: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paint(ref.current, maps, { layer, head });
  }, [maps, layer, head]);
  return <canvas ref={ref} className={className} aria-hidden="true" />;
});

/** The attention panel: the L × H grid of maps of the prompt, one enlarged with its hover read-out. */
export function AttentionView() {
  useAttentionMaps();
  const { maps, error, unit, task, setPrompt, waiting } = usePlayground(
    useShallow((s) => ({
      maps: s.attention.maps,
      error: s.attention.error,
      unit: tokenUnit(s.corpus?.tokenizer),
      task: labTask(s),
      setPrompt: s.setPrompt,
      waiting: s.attention.pending && s.attention.maps === null,
    })),
  );
  const [picked, setPicked] = useState<Head | null>(null);
  const [row, setRow] = useState<number | null>(null);
  // The last layer's first head until one is picked; a pick outside a new shape falls back to it.
  const focus: Head | null = maps
    ? picked && picked.layer < maps.nLayer && picked.head < maps.nHead
      ? picked
      : { layer: maps.nLayer - 1, head: 0 }
    : null;
  const T = maps?.tokens.length ?? 0;
  const query = row !== null && row < T ? row : T - 1;

  return (
    <section className="card attention" aria-label="Attention">
      <h2>Attention</h2>
      <p className="muted">
        Where each head of each layer looks when it reads the prompt's last {MAX_ATTENTION_TOKENS} {unit}s at most: row i of a map is {unit}{' '}
        i, its shade how much of {unit} i's attention goes to each earlier {unit} (the model's own softmax; every row sums to 1; the future,
        which it cannot see, is grey). On the copy task of the few-shot lab, an <em>induction head</em> shows as a stripe below the
        diagonal: each {unit} looks at what followed its previous occurrence.
      </p>
      {task && (
        <div className="presets">
          {/* A line starts after a newline in the lab's corpus, so the prompt does too. */}
          <button type="button" className="chip" onClick={() => setPrompt(`\n${task.example}`)}>
            Use a {task.name.toLowerCase()} line as the prompt
          </button>
        </div>
      )}
      {error && (
        <p className="note" role="alert">
          {error}
        </p>
      )}
      {!maps || !focus ? (
        <p className="muted">{waiting ? 'Reading the attention maps…' : 'Type a prompt to see where the model looks.'}</p>
      ) : (
        <div className="attention-body">
          <div className="attention-maps">
            <div
              className="attention-grid"
              role="group"
              aria-label="Attention maps, layers × heads"
              style={{ gridTemplateColumns: `auto repeat(${maps.nHead}, minmax(2rem, 4.5rem))` }}
            >
              <span />
              {Array.from({ length: maps.nHead }, (_, h) => (
                <span key={h} className="small muted">
                  {maps.nHead > 8 ? '' : 'head '}
                  {h + 1}
                </span>
              ))}
              {Array.from({ length: maps.nLayer }, (_, l) => [
                <span key={`l${l}`} className="small muted">
                  layer {l + 1}
                </span>,
                ...Array.from({ length: maps.nHead }, (_, h) => (
                  <button
                    key={`${l}.${h}`}
                    type="button"
                    className="attention-thumb"
                    aria-pressed={focus.layer === l && focus.head === h}
                    aria-label={`Layer ${l + 1}, head ${h + 1}`}
                    title={`Layer ${l + 1}, head ${h + 1}: click to enlarge`}
                    onClick={() => setPicked({ layer: l, head: h })}
                  >
                    <MapCanvas maps={maps} layer={l} head={h} className="attention-map" />
                  </button>
                )),
              ])}
            </div>
            <p className="small muted attention-scale">
              <span className="attention-gradient" /> 0 → 100% of a row (shade ∝ √p) <span className="attention-future" /> later, masked
            </p>
          </div>
          <FocusedMap maps={maps} at={focus} query={query} onRow={setRow} unit={unit} />
        </div>
      )}
      {maps?.notices.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      {maps?.cropped && (
        <p className="muted small">
          Only the last {T} {unit}s are read, as the model's whole context.
        </p>
      )}
    </section>
  );
}

interface FocusedProps {
  maps: AttentionMaps;
  at: Head;
  /** The position whose attention the token strip shows. */
  query: number;
  onRow(row: number | null): void;
  unit: string;
}

/** One map enlarged, with the prompt's tokens shaded by how much the hovered position reads each. */
function FocusedMap({ maps, at, query, onRow, unit }: FocusedProps) {
  const T = maps.tokens.length;
  const [cell, setCell] = useState<number | null>(null);
  const p = (j: number) => maps.probs[attentionIndex(maps, at.layer, at.head, query, j)];
  let top = 0;
  for (let j = 1; j <= query; j++) if (p(j) > p(top)) top = j;
  const onMove = (e: React.MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const i = Math.min(T - 1, Math.floor(((e.clientY - box.top) / box.height) * T));
    const j = Math.min(T - 1, Math.floor(((e.clientX - box.left) / box.width) * T));
    onRow(i);
    setCell(j);
  };
  const tok = (i: number) => `${tokenTitle(maps.tokens[i])} (${i + 1})`;
  const readout =
    cell === null
      ? `${tok(query)} looks most at ${tok(top)}: ${pct(p(top))}.`
      : cell > query
        ? `${tok(query)} cannot see ${tok(cell)}: it comes later (masked).`
        : `${tok(query)} → ${tok(cell)}: ${pct(p(cell))}. It looks most at ${tok(top)} (${pct(p(top))}).`;
  return (
    <figure className="attention-focus" aria-label={`Layer ${at.layer + 1}, head ${at.head + 1}, enlarged`}>
      <figcaption>
        <h3>
          Layer {at.layer + 1}, head {at.head + 1}
        </h3>
      </figcaption>
      <div
        className="attention-large"
        data-testid="attention-large"
        onMouseMove={onMove}
        onMouseLeave={() => {
          onRow(null);
          setCell(null);
        }}
      >
        <MapCanvas maps={maps} layer={at.layer} head={at.head} className="attention-map" />
        <div className="attention-row" style={{ top: `${(100 * query) / T}%`, height: `${100 / T}%` }} />
      </div>
      <p className="small attention-readout" aria-live="polite">
        {readout}
      </p>
      <p className="attention-tokens" aria-label={`What ${unit} ${query + 1} attends to`}>
        {maps.tokens.map((t, j) => (
          <span
            key={j}
            tabIndex={0}
            className={j === query ? 'attention-query' : undefined}
            style={{
              background: j <= query ? `rgb(${shade(p(j)).join(' ')})` : undefined,
              color: j <= query && p(j) > 0.5 ? '#fff' : undefined,
            }}
            title={j <= query ? `${tok(query)} → ${tok(j)}: ${pct(p(j))}` : 'later: not visible to this position'}
            onMouseEnter={() => onRow(j)}
            onFocus={() => onRow(j)}
          >
            {tokenLabel(t).shown}
          </span>
        ))}
      </p>
      <p className="muted small">Hover a row of the map, or a {unit}, to see what that position reads.</p>
    </figure>
  );
}
