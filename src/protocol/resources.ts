// What a training step needs from the device, before anything is allocated: the largest tensors
// the step makes (attention scores B·nh·T·T, logits and one-hot targets B·T·V, MLP activations
// B·T·4C, …) checked against the backend's per-tensor limit, so a shape that cannot fit is
// refused with the numbers and what to lower, instead of failing inside the library mid-run.
// Completions and the few-shot lab run forward passes of up to 5 rows at the same context, so
// a batch below 5 is checked as 5 rows.
import { COMPLETION_RANGES } from './completion';
import type { BackendInfo } from './reports';
import { SETTING_RANGES, type RunSettings } from './settings';
import { formatCompact, formatCount } from './units';

type Shape = Pick<RunSettings, 'batchSize' | 'blockSize' | 'nHead' | 'nEmbd'>;

export interface StepTensor {
  /** "attention scores": what the tensor holds. */
  what: string;
  /** "batch 128 × 16 heads × 512²": how its size comes about. */
  formula: string;
  /** float32 elements. */
  elements: number;
}

/** Rows of the widest forward pass outside training: all columns of a completion at once. */
export const PASS_ROWS = COMPLETION_RANGES.n.max;

/** The largest tensors of one training step (forward and backward) or batched pass, largest first. */
export function stepTensors(s: Shape, vocabSize: number): StepTensor[] {
  const { blockSize: T, nHead: nh, nEmbd: C } = s;
  const B = Math.max(s.batchSize, PASS_ROWS);
  const rows = s.batchSize >= PASS_ROWS ? `batch ${B}` : `${B} completions`;
  const tensors: StepTensor[] = [
    { what: 'attention scores', formula: `${rows} × ${nh} heads × ${T}² positions`, elements: B * nh * T * T },
    { what: 'logits', formula: `${rows} × ${T} positions × ${vocabSize} vocabulary`, elements: B * T * vocabSize },
    { what: 'MLP activations', formula: `${rows} × ${T} positions × ${4 * C} (4 × width)`, elements: B * T * 4 * C },
    { what: 'token embedding', formula: `${vocabSize} vocabulary × width ${C}`, elements: vocabSize * C },
  ];
  return tensors.sort((a, b) => b.elements - a.elements);
}

const fits = (s: Shape, vocabSize: number, limit: number): boolean => stepTensors(s, vocabSize)[0].elements <= limit;

/** The largest value of `key` (keeping the others) whose step fits, or null if even the minimum does not. */
function largestThatFits(s: Shape, vocabSize: number, limit: number, key: 'batchSize' | 'blockSize'): number | null {
  let lo: number = SETTING_RANGES[key].min;
  if (!fits({ ...s, [key]: lo }, vocabSize, limit)) return null;
  let hi = s[key];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits({ ...s, [key]: mid }, vocabSize, limit)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Why this shape cannot train on this backend, with the numbers and what to lower, or null.
 * E.g. "batch 128 × 16 heads × 512² positions of attention scores = 537M floats; this GPU allows
 * 67.1M per texture (8192 × 8192). Lower Batch size to 16 or Context to 128."
 */
export function resourceMisfit(s: Shape, vocabSize: number, limit: BackendInfo['tensorLimit']): string | null {
  const [largest] = stepTensors(s, vocabSize);
  if (largest.elements <= limit.elements) return null;
  const batch = largestThatFits(s, vocabSize, limit.elements, 'batchSize');
  const context = largestThatFits(s, vocabSize, limit.elements, 'blockSize');
  const options = [
    batch !== null && `Batch size to ${formatCount(batch)}`,
    context !== null && `Context to ${formatCount(context)}`,
  ].filter(Boolean);
  const advice =
    options.length > 0 ? `Lower ${options.join(' or ')}.` : 'Lower the batch size, the context and the width, or use a smaller vocabulary.';
  return (
    `This model is too big for this device: ${largest.formula} of ${largest.what} = ${formatCompact(largest.elements)} floats ` +
    `in one tensor; this backend allows ${formatCompact(limit.elements)} ${limit.source}. ${advice}`
  );
}
