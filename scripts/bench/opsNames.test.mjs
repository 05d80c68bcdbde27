// The bench names each run's implementation as the app chooses it (src/kernels/ops.ts opsFor).
import { describe, expect, it } from 'vitest';
import { opsFor } from '../../src/kernels/ops.ts';
import { BACKENDS, KERNEL_PATHS } from '../../src/protocol/settings.ts';
import { opsName } from './opsNames.mjs';

describe('opsName', () => {
  it('agrees with opsFor on every backend and kernels setting', () => {
    for (const backend of BACKENDS)
      for (const kernels of [...KERNEL_PATHS, undefined])
        expect(opsName(backend, kernels), `${backend}, ${kernels}`).toBe(opsFor(backend, kernels).label);
  });
});
