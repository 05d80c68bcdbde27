// The engine when an Apply switches backend: settings the new backend cannot hold are refused,
// and the run comes back as it was on the old backend. (selectBackend is replaced here by a
// CPU stand-in whose 'wasm' holds only 1,000 floats per tensor.)
import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Engine } from './engine';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';
import type { EngineEvent } from '../protocol/events';

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

const settings: RunSettings = {
  ...DEFAULT_SETTINGS,
  backend: 'cpu',
  preset: 'tiny',
  nLayer: 1,
  nHead: 2,
  nEmbd: 16,
  blockSize: 16,
  batchSize: 2,
  evalBatches: 1,
};

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('Engine, Apply with another backend', () => {
  it('refuses settings the new backend cannot hold and rebuilds the run as it was on the old one', async () => {
    const events: EngineEvent[] = [];
    const engine = new Engine((e) => events.push(e));
    const bytes = new TextEncoder().encode('the cat sat on the mat. '.repeat(100)).buffer;
    engine.dispatch({
      type: 'init',
      requestId: 0,
      corpus: { kind: 'files', files: [{ name: 'cats.txt', bytes }] },
      tokenizer: { kind: 'char' },
      settings,
    });
    const of = <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
    await until(() => of('run.replaced').length === 1, 'the first run');
    engine.dispatch({ type: 'run.reset', requestId: 3, settings: { ...settings, backend: 'wasm' } });
    await until(() => of('error').length === 1, 'the refusal');
    expect(of('error')[0]).toMatchObject({ code: 'settings', requestId: 3, message: expect.stringMatching(/too big for this device/) });
    await until(() => of('run.replaced').length === 2, 'the rebuilt run');
    expect(of('run.replaced')[1]).toMatchObject({ requestId: undefined, run: { settings: { backend: 'cpu', batchSize: 2 } } });
    expect(of('ready').map((e) => e.backend.name)).toEqual(['cpu', 'wasm', 'cpu']);
  });
});
