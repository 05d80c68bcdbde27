// What Compress and Decompress say when a file is from other weights or other arithmetic: the
// compute path named as such when only it differs, the backend when that differs, and no "at
// step 600; the model is at step 600 now" when the steps are the same.
import { describe, expect, it } from 'vitest';
import type { CompressedHeader } from '../data/compressedFile';
import { mismatch, notFinite, type CurrentModel } from './compressionMessages';

const header: CompressedHeader = {
  ...{ tokenizer: 'char', backend: 'wasm', kernels: 'fused', vocabSize: 65, tokens: 40, characters: 40, textCrc: 7 },
  ...{ modelChecksum: '0123456789abcdef', step: 600, savedId: 'run-a' },
};
const now: CurrentModel = { step: 600, savedId: 'run-a', backend: 'wasm', kernels: 'fused' };

describe('mismatch', () => {
  it('names the compute path, not the backend, when only the path differs', () => {
    const said = mismatch({ ...header, kernels: 'reference' }, now, null);
    expect(said).toBe(
      'This file was compressed on WebAssembly with the reference compute path; this run uses the fused path. Another compute path computes slightly different probabilities, so open the page with ?backend=wasm&kernels=reference, load the run and decompress there.',
    );
    expect(mismatch(header, { ...now, kernels: 'reference' }, null)).toMatch(
      /^This file was compressed on WebAssembly with the fused compute path; this run uses the reference path\. .*\?backend=wasm, load/,
    );
  });

  it('names the backend when it differs', () => {
    expect(mismatch(header, { ...now, backend: 'webgpu' }, null)).toMatch(
      /^This file was compressed on WebAssembly; this page runs WebGPU\. Another backend computes .* \?backend=wasm, load the run/,
    );
  });

  it('says the weights differ without contradicting itself when the steps are the same', () => {
    const same = mismatch(header, now, null);
    expect(same).toMatch(/^This file was compressed by this run, also at step 600, but with other weights than it has now/);
    expect(same).not.toMatch(/the model is at step 600 now/);
    expect(mismatch(header, { ...now, step: 900 }, null)).toMatch(/at step 600; the model is at step 900 now, so its weights differ/);
  });
});

it('diverged weights: what happened and the next step', () => {
  expect(notFinite('Compression')).toMatch(/^Compression failed: this run's weights are not finite numbers .* Reset the run/);
});
