// The bench's arithmetic and its Markdown, on hand-made numbers.
import { describe, expect, it } from 'vitest';
import { planRuns } from './options.mjs';
import {
  ceilingShapes,
  diffByKernel,
  efficiency,
  median,
  perKernelOfWindow,
  ratio,
  stepFigures,
  topDispatchers,
  topKernels,
} from './stats.mjs';
import { markdownTable, speedTable } from './table.mjs';

describe('stepFigures', () => {
  // Step 0 takes 5 s (compilation), then 100, 300, 200, 200 ms.
  const starts = [0, 5000, 5100, 5400, 5600, 5800];
  const marks = starts.map((_, i) => ({ kernels: 1000 * i, dispatches: 300 * i + (i > 0 ? 50 : 0), submits: 20 * i }));

  it('times step 0 alone and leaves the warm-up out of the median and the rate', () => {
    const f = stepFigures(starts, marks, { warmupSteps: 1, tokensPerStep: 768 });
    expect(f.firstStepMs).toBe(5000);
    expect(f.stepsTimed).toBe(4);
    expect(f.medianStepMs).toBe(200); // of 100, 300, 200, 200
    expect(f.meanStepMs).toBe(200); // (5800 - 5000) / 4
    expect(f.tokensPerSecond).toBeCloseTo(3840); // 768 tokens / 0.2 s
    expect(f.kernelsPerStep).toBe(1000);
    expect(f.dispatchesPerStep).toBe(300);
    expect(f.submitsPerStep).toBe(20);
  });

  it('says nothing rather than dividing by zero before a step has finished', () => {
    const f = stepFigures([0], [{ kernels: 0, dispatches: 0, submits: 0 }], { warmupSteps: 3, tokensPerStep: 8 });
    expect(f).toMatchObject({ stepsTimed: 0, firstStepMs: null, tokensPerSecond: null });
  });

  it('times what there is when the run ends inside the warm-up', () => {
    const f = stepFigures([0, 1000, 1500], marks.slice(0, 3), { warmupSteps: 5, tokensPerStep: 10 });
    expect(f.stepsTimed).toBe(1);
    expect(f.medianStepMs).toBe(500);
  });
});

describe('efficiency and the ceiling', () => {
  it('divides achieved model GFLOP/s by the matMul ceiling', () => {
    // 2 GFLOP per step in 0.5 s = 4 GFLOP/s against a 16 GFLOP/s matMul.
    expect(efficiency({ flopsPerStep: 2e9, meanStepMs: 500, ceilingGflops: 16 })).toEqual({ achievedGflops: 4, efficiency: 0.25 });
    expect(efficiency({ flopsPerStep: 2e9, meanStepMs: null, ceilingGflops: 16 })).toEqual({ achievedGflops: null, efficiency: null });
  });

  it('takes the MLP shapes, or the head where the vocabulary is wider than 4d', () => {
    expect(ceilingShapes({ batchSize: 12, blockSize: 64, nEmbd: 128, vocabSize: 89 })).toEqual([
      { m: 768, k: 128, n: 512, transposeA: false },
      { m: 128, k: 768, n: 512, transposeA: true },
    ]);
    expect(ceilingShapes({ batchSize: 1, blockSize: 4, nEmbd: 8, vocabSize: 2048 })[0].n).toBe(2048);
  });

  it('has a median and a ratio that refuse missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(ratio(3261, 336)).toBe(9.71);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });
});

describe('kernel breakdowns', () => {
  it('sums a profiled step by kernel name, largest time first, with its share', () => {
    const top = topKernels(
      [
        { name: 'BatchMatMul', ms: 3 },
        { name: 'Add', ms: 1 },
        { name: 'BatchMatMul', ms: 3 },
        { name: 'Tile', ms: 3 },
      ],
      2,
    );
    expect(top).toEqual([
      { name: 'BatchMatMul', ms: 6, count: 2, share: 0.6 },
      { name: 'Tile', ms: 3, count: 1, share: 0.3 },
    ]);
  });

  it('ranks by count when every time is 0 (WebGPU without timestamp queries)', () => {
    expect(
      topKernels([
        { name: 'A', ms: 0 },
        { name: 'B', ms: 0 },
        { name: 'B', ms: 0 },
      ])[0],
    ).toMatchObject({ name: 'B', count: 2, share: 0 });
  });

  it('turns totals between two snapshots into dispatches per step', () => {
    const before = { Add: { runs: 10, dispatches: 10 } };
    const after = { Add: { runs: 30, dispatches: 30 }, MatMul: { runs: 4, dispatches: 8 } };
    expect(topDispatchers(diffByKernel(before, after), 4)).toEqual([
      { name: 'Add', runsPerStep: 5, dispatchesPerStep: 5 },
      { name: 'MatMul', runsPerStep: 1, dispatchesPerStep: 2 },
    ]);
    expect(topDispatchers(after, 0)).toEqual([]);
  });

  it('breaks down the same steps the counts time, even when only one step after the warm-up is', () => {
    // 5 steps begun, warm-up 3: steps 3 (timed) .. 4 (begun, not finished)
    const marks = [0, 1, 2, 3, 4].map((i) => ({
      byKernel: { Add: { runs: 10 * i, dispatches: 10 * i }, ...(i >= 4 ? { pp_x: { runs: 0, dispatches: 7 } } : {}) },
    }));
    expect(perKernelOfWindow(marks, 3)).toEqual([
      { name: 'Add', runsPerStep: 10, dispatchesPerStep: 10 },
      { name: 'pp_x', runsPerStep: 0, dispatchesPerStep: 7 },
    ]);
    expect(perKernelOfWindow(marks.slice(0, 1), 3)).toEqual([]);
    const f = stepFigures(
      [0, 10, 20],
      [0, 1, 2].map((i) => ({ kernels: i, dispatches: 9 * i, stepDispatches: 7 * i, submits: i })),
      { warmupSteps: 1, tokensPerStep: 1 },
    );
    expect(f).toMatchObject({ dispatchesPerStep: 9, stepDispatchesPerStep: 7 });
  });
});

describe('the report', () => {
  it('writes a Markdown table with a separator row', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });

  it('puts each path against the reference path and PyTorch of the same preset', () => {
    const run = (kernels, tokensPerSecond) => ({
      preset: 'baby',
      backend: 'wasm',
      kernels,
      kernelsHonoured: true,
      firstStepMs: 2000,
      medianStepMs: 500,
      tokensPerSecond,
      achievedGflops: 1,
      ceiling: { gflops: 4 },
      efficiency: 0.25,
    });
    const lines = speedTable([run('reference', 500), run('fused', 1500)], { baby: { tokensPerSecond: 3000 } }).split('\n');
    expect(lines[2]).toContain('| 500 | 1× | 0.167× |');
    expect(lines[3]).toContain('| 1,500 | 3.00× | 0.500× |');
  });

  it('plans every kernel path of a pair side by side and names a bad value', () => {
    const names = { presetNames: ['tiny', 'baby'], backendNames: ['webgpu', 'wasm'], kernelNames: ['reference', 'fused'] };
    expect(planRuns({ runs: 'baby/wasm', kernels: 'reference,fused' }, names)).toEqual([
      { preset: 'baby', backend: 'wasm', kernels: 'reference' },
      { preset: 'baby', backend: 'wasm', kernels: 'fused' },
    ]);
    expect(planRuns({ presets: 'tiny', backends: 'webgpu,wasm', kernels: 'fused', runs: 'x/y' }, names)).toHaveLength(2);
    expect(() => planRuns({ runs: 'huge/wasm', kernels: 'fused' }, names)).toThrow('unknown preset "huge": use tiny, baby');
    expect(() => planRuns({ runs: 'tiny/wasm', kernels: 'fast' }, names)).toThrow('unknown kernel path "fast"');
  });

  it('runs each WebGPU path once per submit batch, and other backends once', () => {
    const names = { presetNames: ['tiny'], backendNames: ['webgpu', 'wasm'], kernelNames: ['reference', 'fused'] };
    const runs = planRuns({ runs: 'tiny/webgpu,tiny/wasm', kernels: 'fused', 'submit-batch': '15,1000' }, names);
    expect(runs).toEqual([
      { preset: 'tiny', backend: 'webgpu', kernels: 'fused', submitBatch: 15 },
      { preset: 'tiny', backend: 'webgpu', kernels: 'fused', submitBatch: 1000 },
      { preset: 'tiny', backend: 'wasm', kernels: 'fused' },
    ]);
    expect(() => planRuns({ runs: 'tiny/webgpu', kernels: 'fused', 'submit-batch': '0' }, names)).toThrow(
      '--submit-batch takes whole numbers',
    );
  });

  it('runs each WebGPU path with and without the shader warm-up when asked, and reports the warm-up apart', () => {
    const names = { presetNames: ['tiny'], backendNames: ['webgpu', 'wasm'], kernelNames: ['reference', 'fused'] };
    const runs = planRuns({ runs: 'tiny/webgpu,tiny/wasm', kernels: 'fused', 'shader-warmup': 'off,on' }, names);
    expect(runs).toEqual([
      { preset: 'tiny', backend: 'webgpu', kernels: 'fused', shaderWarmup: 'off' },
      { preset: 'tiny', backend: 'webgpu', kernels: 'fused', shaderWarmup: 'on' },
      { preset: 'tiny', backend: 'wasm', kernels: 'fused' },
    ]);
    expect(() => planRuns({ runs: 'tiny/webgpu', kernels: 'fused', 'shader-warmup': 'maybe' }, names)).toThrow(
      '--shader-warmup takes on, off',
    );
    const run = {
      preset: 'tiny',
      backend: 'webgpu',
      kernels: 'fused',
      shaderWarmup: 'on',
      warmupMs: 4200,
      warmupPipelines: 61,
      firstStepMs: 900,
      trainToStep1Ms: 7300,
      tokensPerSecond: 300,
    };
    expect(speedTable([run]).split('\n')[2]).toContain(
      '| tiny | WebGPU, warm-up on | WebGPU kernels (kernels=fused) | 4.2 (61) | 0.9 | 7.3 |',
    );
  });
});
