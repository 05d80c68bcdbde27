// The bench's report as Markdown: a speed table (with the ratios measured in the same run), a
// counts-and-memory table, and each run's top kernels. Pure: results in, text out.
import { ratio } from './stats.mjs';
import { opsName } from './opsNames.mjs';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** A number for a table cell: '—' when missing, thousands separated, `digits` decimals. */
export function cell(x, digits = 0) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio as "1.26×", or '—' when it could not be measured. */
const times = (x, digits) => (x == null ? '—' : `${cell(x, digits)}×`);

/** A Markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const threads = (r) => (r.backend === 'wasm' && r.wasmThreads ? (r.wasmThreads > 1 ? `, ${r.wasmThreads} threads` : ', 1 thread') : '');
/** ", 60 per submit" where the run asked for a submit batch (--submit-batch; a failed run keeps the plan's). */
const submits = (r) => {
  const asked = r.submitBatchAsked === undefined ? r.submitBatch : r.submitBatchAsked;
  return asked ? `, ${r.submitBatch ?? asked} per submit` : '';
};
/** ", warm-up off" where the run asked for a shader warm-up setting (--shader-warmup). */
const warmup = (r) => (r.shaderWarmup ? `, warm-up ${r.shaderWarmup}` : '');
const label = (r) => [
  r.preset,
  (NAMES[r.backend] ?? r.backend) + threads(r) + submits(r) + warmup(r),
  `${opsName(r.backend, r.kernels)} (kernels=${r.kernels})${r.kernelsHonoured === false ? '*' : ''}`,
];

/** The reference-path run with the same preset, backend and submit batch as `r` (null if none). */
const referenceOf = (results, r) =>
  results.find(
    (o) =>
      o.preset === r.preset &&
      o.backend === r.backend &&
      o.kernels === 'reference' &&
      o.submitBatchAsked === r.submitBatchAsked &&
      o.shaderWarmup === r.shaderWarmup &&
      !o.error,
  ) ?? null;

/**
 * Speed: the shader warm-up (WebGPU, before step 0), the first step (after it), Train to the end
 * of step 0 (warm-up, step 0's evaluation and sample, and the step), median step, tokens/s, the ratio to the reference path and to PyTorch,
 * achieved GFLOP/s, the matMul ceiling and efficiency.
 * @param {object[]} results pageRun results (failed runs carry `error`)
 * @param {Record<string, { tokensPerSecond?: number }>} pytorch by preset
 */
export function speedTable(results, pytorch = {}) {
  const rows = results.map((r) => {
    if (r.error) return [...label(r), `failed: ${r.error.replace(/\|/g, '/').slice(0, 80)}`, '', '', '', '', '', '', '', '', '', ''];
    const ref = referenceOf(results, r);
    return [
      ...label(r),
      r.warmupMs == null ? '—' : `${cell(r.warmupMs / 1000, 1)} (${cell(r.warmupPipelines)})`,
      cell(r.firstStepMs == null ? null : r.firstStepMs / 1000, 1),
      cell(r.trainToStep1Ms == null ? null : r.trainToStep1Ms / 1000, 1),
      cell(r.medianStepMs, 0),
      cell(r.tokensPerSecond, 0),
      ref === r ? '1×' : times(ratio(r.tokensPerSecond, ref?.tokensPerSecond), 2),
      times(ratio(r.tokensPerSecond, pytorch[r.preset]?.tokensPerSecond, 3), 3),
      cell(r.achievedGflops, 2),
      cell(r.ceiling?.gflops, 2),
      cell(r.efficiency, 2),
    ];
  });
  return markdownTable(
    [
      'preset',
      'backend',
      'ops',
      'shader warm-up s (pipelines)',
      'first step s',
      'Train to step 1 s',
      'median step ms',
      'tokens/s',
      '× reference',
      '× PyTorch',
      'model GFLOP/s',
      'matMul ceiling GFLOP/s',
      'efficiency',
    ],
    rows,
  );
}

/** A count per step after warm-up, else step 0's ("412 (step 0)"; "≥ …" if it had not ended). */
function perStep(r, key) {
  const timed = r[`${key}PerStep`];
  if (timed != null) return cell(timed, 0);
  if (!r.step0) return '—';
  return `${r.step0.complete ? '' : '≥ '}${cell(r.step0[key], 0)} (step 0)`;
}

/** Counts and memory: kernels, dispatches and submits per step; tensors and bytes at step 1 and later; long tasks; generation. */
export function resourceTable(results) {
  const rows = results
    .filter((r) => !r.error)
    .map((r) => {
      const m = r.memory ?? { atStep: [], numTensors: [], bytes: [], gpuBytes: [] };
      const span = m.atStep.length ? `${m.atStep.join(' → ')}` : '—';
      const mb = (xs) => (xs.some((x) => x != null) ? xs.map((x) => cell(x / 2 ** 20, 2)).join(' → ') : '—');
      return [
        ...label(r),
        perStep(r, 'kernels'),
        r.backend === 'webgpu'
          ? perStep(r, 'dispatches') + (r.stepDispatchesPerStep != null ? ` (${cell(r.stepDispatchesPerStep, 0)} in the step)` : '')
          : '—',
        r.backend === 'webgpu' ? perStep(r, 'submits') : '—',
        span,
        m.numTensors.map((x) => cell(x)).join(' → ') || '—',
        mb(m.bytes),
        mb(m.gpuBytes),
        `${r.longTasks.count} in ${cell(r.longTasks.seconds, 0)} s (${cell((r.longTasks.count * 60) / r.longTasks.seconds, 1)}/min, max ${r.longTasks.maxMs} ms)`,
        cell(r.generation?.tokensPerSecond, 0),
      ];
    });
  return markdownTable(
    [
      'preset',
      'backend',
      'ops',
      'tfjs kernels/step',
      'GPU dispatches/step',
      'submits/step',
      'memory at steps',
      'numTensors',
      'tensor MB',
      'GPU MB',
      'main-thread long tasks (> 50 ms), from Train',
      'generation tokens/s',
    ],
    rows,
  );
}

/** One line per run: its top kernels by time (or by dispatches where the backend cannot time). */
export function kernelLines(results) {
  return results
    .filter((r) => !r.error)
    .map((r) => {
      const head = `- ${label(r).join(' / ')}: `;
      if (r.profile?.top?.length) {
        return head + r.profile.top.map((k) => `${k.name} ${cell(k.ms, 1)} ms ×${k.count} (${Math.round(k.share * 100)}%)`).join(', ');
      }
      const counts = (r.perKernel ?? []).map((k) =>
        r.backend === 'webgpu' ? `${k.name} ${k.dispatchesPerStep} dispatches` : `${k.name} ×${k.runsPerStep}`,
      );
      return (
        head +
        (counts.length ? `per step ${counts.join(', ')}` : 'no breakdown') +
        (r.profile?.note ? ` (${r.profile.note})` : r.profile?.error ? ` (profile: ${r.profile.error})` : '')
      );
    })
    .join('\n');
}

/** The whole printed report of a saved bench/results.json (what `npm run bench` prints at its end). */
export function reportText({ machine, browser, durationSeconds, options, results, pytorch = {}, mainThreadJs, bpe }) {
  const out = [
    `Machine: ${machine}; Chromium ${browser?.version}; ${durationSeconds} s; results in ${options?.out}`,
    '',
    speedTable(results, pytorch),
    '',
    resourceTable(results),
    '',
  ];
  if (results.some((r) => r.kernelsHonoured === false))
    out.push('\\* this build has no kernels= setting yet: both paths ran the same step.', '');
  out.push(
    `Top kernels of one profiled step (tf.profile times; WebGPU: with timestamp queries, else dispatches per step):\n${kernelLines(results)}`,
    '',
  );
  for (const [preset, p] of Object.entries(pytorch)) {
    if (!p.error)
      out.push(
        `PyTorch ${preset}: ${cell(p.tokensPerSecond)} tokens/s (${p.msPerStep.toFixed(1)} ms/step, ${p.threads} thread(s), torch ${p.torch}, ${p.blas.built_with.join(' ')}, loaded ${p.blas.loaded.join(', ')})`,
      );
    else out.push(`PyTorch ${preset}: ${p.error}`);
  }
  if (mainThreadJs)
    out.push(
      `Main-thread JavaScript before first contentful paint: ${(mainThreadJs.gzipBytes / 1024).toFixed(1)} KiB gzipped in ${mainThreadJs.files.length} file(s) (paint at ${mainThreadJs.firstPaintMs} ms; cross-origin isolated: ${mainThreadJs.crossOriginIsolated})`,
    );
  if (bpe?.error) out.push(`BPE: ${bpe.error}`);
  else if (bpe) {
    out.push(
      `BPE to ${bpe.book.vocabSize} tokens in the worker: Moby Dick (${cell(bpe.book.bytes)} bytes) ${cell(bpe.book.ms)} ms, ${bpe.book.usPerByte} µs/byte; ` +
        `1 MB of one line ${cell(bpe.oneLine.ms)} ms, ${bpe.oneLine.usPerByte} µs/byte (${bpe.perByteRatio}× per byte)`,
    );
  }
  return out.join('\n');
}
