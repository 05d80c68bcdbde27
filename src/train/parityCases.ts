// The shapes the parity suite checks every implementation at: each preset's (its width, heads and
// context; batch and depth cut down where the device is the CPU, in full with `full`) and awkward
// ones where kernels take another path or meet an edge: a width that is not a multiple of 4, a
// context of 1, heads of 8, GPT-2's vocabulary of 50,257.
import { PRESETS, PRESET_NAMES } from '../protocol/settings';
import type { GPTConfig } from '../protocol/gptConfig';

export interface ParityCase {
  name: string;
  config: GPTConfig;
  /** Sequences per batch. */
  batch: number;
}

/** Moby Dick's character vocabulary (README, Presets). */
const BOOK_VOCAB = 89;

/**
 * Every preset at its width, heads and context. Unless `full`, with one layer (every kind of
 * parameter is there) and one sequence: on SwiftShader or the tfjs CPU backend a full `large`
 * step takes many minutes (a batch of 2 took 105 s for `large` alone on SwiftShader).
 */
export function presetCases(full = false): ParityCase[] {
  return PRESET_NAMES.map((name) => {
    const p = PRESETS[name];
    const config = { vocabSize: BOOK_VOCAB, blockSize: p.blockSize, nLayer: full ? p.nLayer : 1, nHead: p.nHead, nEmbd: p.nEmbd };
    return { name: full ? name : `${name} (1 layer, batch 1)`, config, batch: full ? p.batchSize : 1 };
  });
}

/** Shapes at the kernels' edges. */
export const AWKWARD_CASES: ParityCase[] = [
  {
    name: 'width 30 (not a multiple of 4), 3 heads of 10',
    config: { vocabSize: 23, blockSize: 8, nLayer: 2, nHead: 3, nEmbd: 30 },
    batch: 3,
  },
  { name: 'context 1', config: { vocabSize: 17, blockSize: 1, nLayer: 1, nHead: 2, nEmbd: 16 }, batch: 4 },
  { name: 'heads of 8', config: { vocabSize: 19, blockSize: 12, nLayer: 1, nHead: 4, nEmbd: 32 }, batch: 2 },
  { name: 'vocabulary 50,257', config: { vocabSize: 50_257, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 }, batch: 2 },
];
