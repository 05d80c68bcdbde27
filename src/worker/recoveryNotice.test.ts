import { describe, expect, it } from 'vitest';
import { recoveryNotice } from './recoveryNotice';

const webgpu = { name: 'webgpu' as const, tensorLimit: { elements: 1e8, source: 'x' } };

describe('recoveryNotice', () => {
  it('says a lost device came back, where the run went back to, and what is being redone', () => {
    expect(
      recoveryNotice({
        why: 'The GPU device was lost (destroyed) at step 7.',
        kind: 'device',
        backend: webgpu,
        save: { step: 1 },
        reachedStep: 7,
        training: true,
        again: false,
      }),
    ).toBe(
      'The GPU device was lost (destroyed) at step 7. WebGPU started again on a new device, and the run went back to its save at step 1: 6 steps are being redone.',
    );
  });

  it('names the backend training moved to, and why', () => {
    const wasm = { name: 'wasm' as const, tensorLimit: { elements: 1e8, source: 'x' }, fallbackReason: 'webgpu failed: no adapter' };
    expect(
      recoveryNotice({
        why: 'Lost.',
        kind: 'device',
        backend: wasm,
        save: { none: 'never saved' },
        reachedStep: 1,
        training: false,
        again: false,
      }),
    ).toBe(
      'Lost. Training moved to wasm (webgpu failed: no adapter), and the run went back to the start (it had not been saved yet): 1 step to train again.',
    );
  });

  it('for a diverged run: half the learning rate, and advice last; a second time, paused', () => {
    const base = {
      why: '3 steps in a row had a loss … (the last: step 42).',
      kind: 'diverged' as const,
      backend: webgpu,
      save: { step: 0 },
      reachedStep: 43,
      training: true,
    };
    expect(recoveryNotice({ ...base, again: false })).toBe(
      '3 steps in a row had a loss … (the last: step 42). The run went back to its save at step 0: 43 steps are being redone, at half the learning rate for 100 steps. If it keeps happening, lower the learning rate in Settings.',
    );
    expect(recoveryNotice({ ...base, again: true })).toMatch(
      /went back to its save at step 0: training is paused\. It went wrong again .* Resume to try once more\.$/,
    );
    expect(recoveryNotice({ ...base, save: { none: 'this tab does not save' }, again: false })).toContain(
      'went back to the start (this tab does not save)',
    );
  });
});
