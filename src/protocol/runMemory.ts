// The memory a whole training run holds on the device, before anything is allocated: the weights,
// their gradients, AdamW's two moments (4 × N floats), and the activations the backward pass keeps
// for one batch. Activations follow the tensors of a GPT-2 block as nanoGPT computes them (per
// layer: LayerNorm outputs, q/k/v, attention scores and probabilities, the attention output and
// projection, the MLP's 4C hidden before and after GELU), plus the logits and their gradient; a
// rough count, within a small factor of what the library holds (it frees some early).
import type { RunSettings } from './settings';
import { formatBytes } from './units';

type Shape = Pick<RunSettings, 'batchSize' | 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd'>;

const FLOAT = 4;
/** WebAssembly's 32-bit memory: all of a WASM run's tensors live in it. */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;

export interface RunMemory {
  /** Bytes of each part, and their sum. */
  weights: number;
  gradients: number;
  moments: number;
  activations: number;
  total: number;
}

/**
 * @param params the model's parameter count N.
 * @returns bytes (float32) the run holds at the peak of a step.
 */
export function runMemory(s: Shape, vocabSize: number, params: number): RunMemory {
  const { batchSize: B, blockSize: T, nLayer: L, nHead: H, nEmbd: C } = s;
  const perLayer = B * T * C * (2 + 3 + 1 + 1 + 4 + 4) + 2 * B * H * T * T; // floats kept for the backward pass
  const activations = FLOAT * (L * perLayer + B * T * C * 2 + 2 * B * T * vocabSize);
  const weights = FLOAT * params;
  const parts = { weights, gradients: weights, moments: 2 * weights, activations };
  return { ...parts, total: parts.weights + parts.gradients + parts.moments + parts.activations };
}

/** E.g. "≈ 43.9 MB: weights 3.2 MB, gradients 3.2 MB, AdamW moments 6.4 MB, activations 31.1 MB" (the baby preset). */
export function describeRunMemory(m: RunMemory): string {
  return `≈ ${formatBytes(m.total)}: weights ${formatBytes(m.weights)}, gradients ${formatBytes(m.gradients)}, AdamW moments ${formatBytes(m.moments)}, activations ${formatBytes(m.activations)}`;
}

/**
 * Why the whole run cannot fit where the backend's memory is known (WASM's 4 GiB), or null.
 * GPUs do not say how much memory they have; their per-buffer limit is checked by resourceMisfit.
 */
export function runMemoryMisfit(s: Shape, vocabSize: number, params: number, backend: RunSettings['backend']): string | null {
  if (backend !== 'wasm') return null;
  const m = runMemory(s, vocabSize, params);
  if (m.total <= WASM_MEMORY_BYTES) return null;
  return `This run needs ${describeRunMemory(m)}, more than the ${formatBytes(WASM_MEMORY_BYTES)} WebAssembly can address. Lower Batch size or Context (activations), or the width and layers (weights).`;
}
