// The engine when an Apply switches backend: settings the new backend cannot hold are refused,
// and the run comes back as it was on the old backend. (selectBackend is replaced here by a
// CPU stand-in whose 'wasm' holds only 1,000 floats per tensor.)
import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { startEngine, TEST_SETTINGS as settings, until } from './engineHarness';

vi.mock('../train/backend', () => ({
  selectBackend: vi.fn(async (requested: string | undefined) => {
    await tf.setBackend('cpu');
    return {
      name: requested ?? 'cpu',
      requested: true,
      tensorLimit: { elements: requested === 'wasm' ? 1000 : 1e9, source: 'per tensor (test)' },
    };
  }),
}));

describe('Engine, Apply with another backend', () => {
  it('refuses settings the new backend cannot hold and rebuilds the run as it was on the old one', async () => {
    const { engine, of } = await startEngine({ settings });
    expect(of('run.replaced')).toHaveLength(1);
    engine.dispatch({ type: 'run.reset', requestId: 3, settings: { ...settings, backend: 'wasm' } });
    await until(() => of('error').length === 1, 'the refusal');
    expect(of('error')[0]).toMatchObject({ code: 'settings', requestId: 3, message: expect.stringMatching(/too big for this device/) });
    await until(() => of('run.replaced').length === 2, 'the rebuilt run');
    expect(of('run.replaced')[1]).toMatchObject({ requestId: undefined, run: { settings: { backend: 'cpu', batchSize: 2 } } });
    expect(of('ready').map((e) => e.backend.name)).toEqual(['cpu', 'wasm', 'cpu']);
  });
});
