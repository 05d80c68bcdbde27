import { describe, expect, it } from 'vitest';
import { kernelsOn } from './summaries';

describe('kernelsOn', () => {
  it('takes the fast path for the backend unless asked for the reference', () => {
    expect(kernelsOn('webgpu', undefined)).toBe('fused');
    expect(kernelsOn('webgpu', 'fused')).toBe('fused');
    expect(kernelsOn('wasm', 'fused')).toBe('cpu');
    expect(kernelsOn('cpu', undefined)).toBe('cpu');
    expect(kernelsOn('webgl', 'fused')).toBe('reference');
    for (const backend of ['webgpu', 'wasm', 'webgl', 'cpu'] as const) expect(kernelsOn(backend, 'reference')).toBe('reference');
  });
});
