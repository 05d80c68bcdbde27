import { describe, expect, it } from 'vitest';
import { kernelsOn } from './summaries';

describe('kernelsOn', () => {
  it('fuses on WebGPU unless asked not to, and runs the reference elsewhere (measured slower there)', () => {
    expect(kernelsOn('webgpu', undefined)).toBe('fused');
    expect(kernelsOn('webgpu', 'fused')).toBe('fused');
    expect(kernelsOn('webgpu', 'reference')).toBe('reference');
    for (const backend of ['wasm', 'webgl', 'cpu'] as const) expect(kernelsOn(backend, 'fused')).toBe('reference');
  });
});
