// A training loop that threw, in plain words: running out of device memory (a texture or buffer
// too large, an allocation refused) must fail the same way on Resume, so only a smaller shape
// helps; anything else may be transient and Resume retries it.

import { errorMessage } from '../protocol/errors';

export interface LoopFailure {
  message: string;
  /** Whether Resume can help; false when the same step would fail the same way. */
  resumable: boolean;
}

// What tfjs and the browsers say when a tensor does not fit (WebGL textures, WebGPU buffers,
// WASM and JS heaps).
const OUT_OF_MEMORY = [
  /texture size .* greater than/i,
  /out of memory/i,
  /failed to allocate/i,
  /allocation failed/i,
  /invalid (typed )?array length/i,
  /exceeds the max(imum)? (buffer|binding) size/i,
  /cannot enlarge memory/i,
];

/** What the person reads when the loop fails, and whether to offer Resume. */
export function describeFailure(e: unknown): LoopFailure {
  const raw = errorMessage(e);
  if (OUT_OF_MEMORY.some((re) => re.test(raw))) {
    return {
      message: `Training stopped: the model's tensors do not fit in this device's memory (${raw.trim()}). Resuming would fail the same way: lower Batch size or Context in Settings and Apply.`,
      resumable: false,
    };
  }
  return { message: `Training stopped: ${raw}. Resume to try again, or Reset.`, resumable: true };
}
