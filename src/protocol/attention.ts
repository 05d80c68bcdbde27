// The attention view as both ends see it: for the prompt's last tokens, every layer's and head's
// attention probabilities (the model's own softmax output, nanoGPT's `att` after F.softmax), in
// one flat Float32Array transferred from the worker. Computed by model/attentionMaps.ts; declared
// here once so both ends parse it deeply.
import * as v from 'valibot';
import { count } from './reports';

/**
 * The most tokens a map spans: the prompt's last ones. Caps the read at nLayer·nHead·64² floats
 * (3 MB at the largest shape the settings allow, 12 layers × 16 heads) and keeps the grid light.
 */
export const MAX_ATTENTION_TOKENS = 64;

/** Index of probs[layer][head][row][col] in the flat [nLayer, nHead, T, T] array. */
export const attentionIndex = (
  m: Pick<AttentionMaps, 'nHead' | 'tokens'>,
  layer: number,
  head: number,
  row: number,
  col: number,
): number => {
  const T = m.tokens.length;
  return ((layer * m.nHead + head) * T + row) * T + col;
};

export const AttentionMapsSchema = v.pipe(
  v.object({
    nLayer: v.pipe(count, v.minValue(1)),
    nHead: v.pipe(count, v.minValue(1)),
    /** The tokens the maps span, in order, as the page shows them (whitespace visible: ␣ ↵). */
    tokens: v.pipe(v.array(v.string()), v.minLength(1), v.maxLength(MAX_ATTENTION_TOKENS)),
    /**
     * Attention probabilities [nLayer, nHead, T, T] (T = tokens.length), row-major: row i is what
     * token i attends to; each row sums to 1 and is 0 right of the diagonal (causal).
     */
    probs: v.instance(Float32Array),
    /** Set when the text had more tokens than these: only its last `tokens.length` were read. */
    cropped: v.optional(v.literal(true)),
    /** What a person should know: characters not in the corpus's alphabet, skipped and named. */
    notices: v.array(v.string()),
  }),
  v.check(
    (m) => m.probs.length === m.nLayer * m.nHead * m.tokens.length ** 2,
    'The attention maps do not match their shape [nLayer, nHead, T, T].',
  ),
);
export type AttentionMaps = v.InferOutput<typeof AttentionMapsSchema>;
