// The speedrun's yardstick: nanoGPT's baby recipe in PyTorch (scripts/reference_pytorch.py: the
// same model, data and evaluation windows; cosine over 2,000 steps, as nanoGPT's CPU example runs
// it) on the same threads, evaluated and sampled every few steps. Its seconds are training time
// only (evaluation and samples excluded), as the issue measured it: the yardstick is never slowed
// by our cadence.
import { spawnSync } from 'node:child_process';
import { findPython } from '../bench/pytorch.mjs';

/**
 * @param {{ corpus: string, steps: number, maxSteps: number, threads: number, every: number }} o
 * @returns {{ evals, samples, tokensPerStep, tokensPerSecond, threads, torch, blas } | { error: string }}
 */
export function pytorchSpeedrun(o) {
  const python = findPython();
  const args = [
    'scripts/reference_pytorch.py',
    ...['--preset', 'baby', '--corpus', o.corpus, '--steps', String(o.steps), '--max-steps', String(o.maxSteps)],
    ...['--lr', '1e-3', '--warmup-steps', '100'], // nanoGPT's baby recipe, whatever the page's preset now says
    ...['--eval-every', String(o.every), '--sample-every', String(o.every), '--json'],
  ];
  if (o.threads) args.push('--threads', String(o.threads));
  const out = spawnSync(python, args, { encoding: 'utf8', timeout: 3 * 3600_000, maxBuffer: 64 << 20 });
  if (out.status !== 0)
    return { error: `${python} ${args.join(' ')} failed: ${(out.stderr || out.stdout || String(out.error)).trim().split('\n').at(-1)}` };
  const r = JSON.parse(out.stdout.trim().split('\n').at(-1));
  return {
    command: `${python} ${args.join(' ')}`,
    evals: r.valLoss.map(([step, valLoss], i) => ({ step, valLoss, seconds: r.evalTrainSeconds[i] })),
    samples: r.samples.map((s) => ({ step: s.step, realWordShare: s.realWordShare, seconds: s.trainSeconds, text: s.text })),
    tokensPerStep: r.batchSize * r.blockSize,
    tokensPerSecond: r.tokensPerSecond,
    msPerStep: r.msPerStep,
    threads: r.threads,
    torch: r.torch,
    blas: r.blas.loaded.find((p) => /openblas|mkl/.test(p)) ?? r.blas.loaded[0] ?? null,
  };
}
