// npm run bench: where a training step's time goes, in the real page, in a real Chromium, on each
// backend, for the reference and the fused kernel paths side by side in one run. Per run: first
// step and median step, tokens/s, model FLOPs (src/protocol/flops.ts, nanoGPT's estimate_mfu)
// and achieved GFLOP/s against the backend's own matMul ceiling, tfjs kernels, WebGPU dispatches
// and submits per step, the top kernels of one profiled step, memory at step 1 and 200 steps on,
// main-thread long tasks while training, generation speed. Also BPE time, the JavaScript before
// first paint, and with --pytorch the same training in PyTorch (scripts/reference_pytorch.py).
// Writes bench/results.json and prints Markdown. A report: nothing passes or fails on time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';
import { benchBpeBoth } from './bench/bpe.mjs';
import { OPTION_SPEC, USAGE, planRuns, positive } from './bench/options.mjs';
import { benchRun } from './bench/pageRun.mjs';
import { runPytorch } from './bench/pytorch.mjs';
import { buildSite, firstPaintScripts, launchBrowser, servePlain, serveSite } from './bench/site.mjs';
import { efficiency } from './bench/stats.mjs';
import { reportText } from './bench/table.mjs';

const { values: opts } = parseArgs({ options: OPTION_SPEC });
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (opts.from) {
  console.log(reportText(JSON.parse(readFileSync(opts.from, 'utf8'))));
  process.exit(0);
}

// The one source of presets, backends and the FLOP count: the app's own protocol files.
const load = async (file) => (await runnerImport(resolve(file), { configFile: false, logLevel: 'error' })).module;
const settingsTs = await load('src/protocol/settings.ts');
const flopsTs = await load('src/protocol/flops.ts');
const kernelNames = settingsTs.KERNELS ?? settingsTs.KERNEL_PATHS ?? ['reference', 'fused'];
const runs = planRuns(opts, { presetNames: settingsTs.PRESET_NAMES, backendNames: settingsTs.BACKENDS, kernelNames });
const n = (name) => positive(opts, name);
const runOptions = {
  seconds: n('seconds'),
  timeLimit: n('time-limit'),
  firstStepLimit: n('first-step-limit'),
  memorySteps: n('memory-steps'),
  warmupSteps: n('warmup-steps'),
  genTokens: n('gen-tokens'),
  ceilingMs: 1500,
};

const started = Date.now();
const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
/** Writes what is measured so far to --out (after every run, so a stopped bench keeps its runs). */
function save(extra) {
  const report = {
    date: new Date().toISOString(),
    machine,
    browser: { path: browserPath, version: browserVersion },
    options: opts,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    mainThreadJs,
    bpe,
    pytorch,
    results,
    ...extra,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
if (!opts['no-build']) buildSite(opts['out-dir']);
if (!['preview', 'plain'].includes(opts.server)) throw new Error(`--server must be preview or plain (you gave ${opts.server})`);
const site = await (opts.server === 'plain' ? servePlain : serveSite)(opts['out-dir'], Number(opts.port));
const { browser, path: browserPath, version: browserVersion } = await launchBrowser();
const results = [];
const pytorch = {};
let bpe = null;
let mainThreadJs = null;
try {
  mainThreadJs = await firstPaintScripts(browser, site.base, opts['out-dir']);
  console.log(
    `bench: ${(mainThreadJs.gzipBytes / 1024).toFixed(1)} KiB of JavaScript (gzipped) before first paint; cross-origin isolated: ${mainThreadJs.crossOriginIsolated}`,
  );
  if (!opts['no-bpe']) {
    bpe = await benchBpeBoth(browser, site.base, n('bpe-vocab')).catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
    console.log(
      bpe.error
        ? `bench: BPE failed: ${bpe.error}`
        : `bench: BPE ${bpe.book.ms} ms on Moby Dick, ${bpe.oneLine.ms} ms on 1 MB of one line (${elapsed()})`,
    );
  }
  for (const run of runs) {
    const preset = settingsTs.PRESETS[run.preset];
    const settings = {
      nLayer: preset.nLayer,
      nHead: preset.nHead,
      nEmbd: preset.nEmbd,
      blockSize: preset.blockSize,
      batchSize: preset.batchSize,
    };
    const flopsPerStep = (vocabSize) => flopsTs.flopsPerStep({ ...settings, vocabSize }, settings.batchSize);
    process.stdout.write(
      `bench: ${run.preset} on ${run.backend}, ${run.kernels} kernels${run.submitBatch ? `, ${run.submitBatch} dispatches per submit` : ''}… `,
    );
    try {
      const r = await benchRun(browser, { ...run, settings }, { ...runOptions, base: site.base, flopsPerStep });
      Object.assign(r, efficiency({ flopsPerStep: r.flopsPerStep, meanStepMs: r.meanStepMs, ceilingGflops: r.ceiling.gflops }));
      results.push(r);
      save({ partial: true });
      console.log(
        `${Math.round(r.tokensPerSecond ?? 0)} tokens/s, ${r.stepsTimed} steps timed, ${Math.round(r.kernelsPerStep ?? 0)} kernels/step (${elapsed()})`,
      );
    } catch (e) {
      results.push({ ...run, error: String(e?.message ?? e).split('\n')[0] });
      console.log(`failed: ${String(e?.message ?? e).split('\n')[0]}`);
    }
  }
} finally {
  await browser.close();
  site.stop();
}

if (opts.pytorch) {
  for (const preset of [...new Set(runs.map((r) => r.preset))]) {
    process.stdout.write(`bench: ${preset} in PyTorch… `);
    pytorch[preset] = runPytorch(preset, n('pytorch-steps'), n('pytorch-threads'));
    console.log(
      pytorch[preset].error ??
        `${Math.round(pytorch[preset].tokensPerSecond)} tokens/s, ${pytorch[preset].threads} threads, BLAS ${pytorch[preset].blas.loaded.find((p) => /openblas|mkl/.test(p)) ?? pytorch[preset].blas.loaded[0] ?? '?'}`,
    );
  }
}

const report = save({});

console.log(`\n${reportText(report)}`);
