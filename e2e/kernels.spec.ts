// The WebGPU kernels (kernels=fused, the default on WebGPU: src/kernels/webgpu/) against the
// reference ops (kernels=reference) in the real page on WebGPU (SwiftShader here): same seed, same
// losses, and far fewer GPU dispatches, counted inside the training worker. Every kernel's values
// and gradients are checked below the browser too: npm run test:webgpu (src/train/paritySuite.ts).
import { expect, open, runState, stat, test, TINY } from './playground';
import type { Page } from '@playwright/test';

/** Trains a few steps with the given kernels; the losses shown and the dispatches the worker made. */
async function train(page: Page, kernels: 'reference' | 'fused') {
  await open(page, {
    ...TINY,
    backend: 'webgpu',
    kernels,
    maxSteps: '2',
    warmupSteps: '0',
    lr: '0.01',
    evalEvery: '2',
    evalBatches: '1',
    sampleEvery: '1000',
    sampleLength: '1',
  });
  const worker = page.workers()[0];
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { dispatches: number };
    const pass = GPUComputePassEncoder.prototype;
    const dispatch = pass.dispatchWorkgroups;
    scope.dispatches = 0;
    pass.dispatchWorkgroups = function (...args: Parameters<typeof dispatch>) {
      scope.dispatches++;
      return dispatch.apply(this, args);
    };
  });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(runState(page)).toHaveText(/Done/, { timeout: 240_000 });
  const dispatches = await worker.evaluate(() => (globalThis as unknown as { dispatches: number }).dispatches);
  return { trainLoss: await stat(page, 'train loss'), valLoss: await stat(page, 'val loss'), dispatches };
}

test('the WebGPU kernels (kernels=fused) train like the reference ops (kernels=reference) with under half the dispatches', async ({
  page,
  watch,
}) => {
  void watch;
  test.setTimeout(600_000);
  const reference = await train(page, 'reference');
  const fused = await train(page, 'fused');
  console.log(`kernels: reference ${JSON.stringify(reference)}, fused ${JSON.stringify(fused)}`);
  expect(Number.isFinite(fused.trainLoss)).toBe(true);
  // the page shows 3 decimals: equal up to rounding
  expect(Math.abs(fused.trainLoss - reference.trainLoss)).toBeLessThanOrEqual(0.0015);
  expect(Math.abs(fused.valLoss - reference.valLoss)).toBeLessThanOrEqual(0.0015);
  // 2 steps, two evaluations and a sample: the optimizer's ~17 ops per parameter dominate the reference
  expect(fused.dispatches).toBeLessThan(reference.dispatches / 2);
});
