// The parity suite on the CPU implementations (WebGPU's runs in Node: scripts/gpu/
// parity.mjs): the WebAssembly kernels against the reference on tfjs's WASM backend at every
// case, and on its CPU backend (the same kernels, other copies in and out) at the small ones.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { suiteCases } from './paritySuite';
import { compareModel } from './parityCompare';
import { compareOps } from './parityOpChecks';
import type { Check } from './parityCompare';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const failures = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => `${c.what}: ${c.diff} (of ${c.scale})`);

const small = (name: string) => !/^(baby|small|large|vocabulary)/.test(name);

describe.each(['wasm', 'cpu'] as const)("the %s backend's implementation against the reference", (backend) => {
  const cases = suiteCases().filter((c) => backend === 'wasm' || small(c.name));
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: every op, every gradient, one AdamW step; twice the same',
    async (_, c) => {
      await tf.setBackend(backend);
      const checks = [...(await compareOps(backend, c, true)), ...(await compareModel(backend, c, true))];
      expect(checks.length).toBeGreaterThan(20);
      expect(failures(checks)).toEqual([]);
    },
    300_000,
  );
});
