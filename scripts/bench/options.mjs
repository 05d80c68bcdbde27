// The bench's command line and the runs it asks for. By default: the tiny preset on every
// backend and the default preset (baby) on WASM, each with the reference and the fused kernels,
// sized to finish in under 15 minutes on a 2-core machine without a GPU.

export const USAGE = `npm run bench [-- options]
  --presets tiny,baby       presets (tiny, baby, small); with --backends: every pair
  --backends webgpu,wasm    backends (webgpu, webgl, wasm, cpu)
  --runs tiny/wasm,baby/webgpu  exact preset/backend pairs instead (default: ${'tiny/webgpu,tiny/webgl,tiny/wasm,tiny/cpu,baby/wasm'})
  --kernels reference,fused the step's kernel paths, side by side (URL parameter kernels=)
  --submit-batch 15,60      WebGPU runs once per value of tfjs's WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE
                            (dispatches per submit), set in the worker before Train (default: the page's)
  --shader-warmup on,off    WebGPU runs once per value of the URL parameter shaderWarmup (compile the
                            step's pipelines in parallel before step 0, or as each op first runs;
                            default: the page's, off)
  --seconds 30              training time per run after the first step (long tasks are counted over it)
  --time-limit 90           most seconds per run from Train, shader compilation included…
  --first-step-limit 240    …unless two steps have not finished by then: wait up to this long
  --memory-steps 200        memory compared at step 1 and this many steps later (when reached in time)
  --warmup-steps 3          steps left out of the median and tokens/s
  --gen-tokens 40           tokens per completion in the generation timing
  --pytorch                 also train each preset in PyTorch (scripts/reference_pytorch.py) for the ratio
  --pytorch-steps 60        PyTorch steps per preset; --pytorch-threads N (default: torch's choice)
  --no-bpe                  skip the BPE timings; --bpe-vocab 2048
  --no-build                reuse --out-dir as built; --out-dir dist-bench; --port 4180
  --server preview          preview: vite preview, as npm start (COOP/COEP: WASM threads);
                            plain: a static server without those headers (WASM on one thread)
  --out bench/results.json  where the results go; --from FILE prints a saved report again`;

export const OPTION_SPEC = {
  presets: { type: 'string' },
  backends: { type: 'string' },
  runs: { type: 'string', default: 'tiny/webgpu,tiny/webgl,tiny/wasm,tiny/cpu,baby/wasm' },
  kernels: { type: 'string', default: 'reference,fused' },
  'submit-batch': { type: 'string', default: '' },
  'shader-warmup': { type: 'string', default: '' },
  seconds: { type: 'string', default: '30' },
  'time-limit': { type: 'string', default: '90' },
  'first-step-limit': { type: 'string', default: '240' },
  'memory-steps': { type: 'string', default: '200' },
  'warmup-steps': { type: 'string', default: '3' },
  'gen-tokens': { type: 'string', default: '40' },
  pytorch: { type: 'boolean', default: false },
  'pytorch-steps': { type: 'string', default: '60' },
  'pytorch-threads': { type: 'string', default: '0' },
  'no-bpe': { type: 'boolean', default: false },
  'bpe-vocab': { type: 'string', default: '2048' },
  'no-build': { type: 'boolean', default: false },
  'out-dir': { type: 'string', default: 'dist-bench' },
  port: { type: 'string', default: '4180' },
  server: { type: 'string', default: 'preview' },
  out: { type: 'string', default: 'bench/results.json' },
  from: { type: 'string' },
  help: { type: 'boolean', default: false },
};

const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The runs to make: [{ preset, backend, kernels, submitBatch?, shaderWarmup? }], every kernel path
 * of a pair one after the other so their ratio is measured minutes apart, not a whole bench apart;
 * on WebGPU, each path once per --submit-batch value (submitBatch; none: the page's own setting)
 * and per --shader-warmup value (shaderWarmup; none: the page's own, off).
 * @throws Error naming the bad preset, backend, kernel path or submit batch and the accepted ones.
 */
export function planRuns(values, { presetNames, backendNames, kernelNames }) {
  const pairs =
    values.presets || values.backends
      ? list(values.presets ?? 'tiny').flatMap((preset) =>
          list(values.backends ?? backendNames.join(',')).map((backend) => ({ preset, backend })),
        )
      : list(values.runs).map((pair) => {
          const [preset, backend] = pair.split('/');
          return { preset, backend };
        });
  const kernels = list(values.kernels);
  for (const { preset, backend } of pairs) {
    if (!presetNames.includes(preset)) throw new Error(`unknown preset "${preset}": use ${presetNames.join(', ')}`);
    if (!backendNames.includes(backend)) throw new Error(`unknown backend "${backend}": use ${backendNames.join(', ')}`);
  }
  for (const k of kernels) if (!kernelNames.includes(k)) throw new Error(`unknown kernel path "${k}": use ${kernelNames.join(', ')}`);
  if (pairs.length === 0 || kernels.length === 0)
    throw new Error('nothing to run: give at least one preset/backend pair and one kernel path');
  const batches = list(values['submit-batch'] ?? '').map(Number);
  for (const b of batches)
    if (!Number.isInteger(b) || b < 1) throw new Error(`--submit-batch takes whole numbers ≥ 1 (you gave ${values['submit-batch']})`);
  const warmups = list(values['shader-warmup'] ?? '');
  for (const w of warmups)
    if (!['on', 'off'].includes(w)) throw new Error(`--shader-warmup takes on, off (you gave ${values['shader-warmup']})`);
  const perWarmup = (run) => (warmups.length ? warmups.map((shaderWarmup) => ({ ...run, shaderWarmup })) : [run]);
  return pairs.flatMap((p) =>
    kernels.flatMap((k) =>
      (p.backend === 'webgpu' && batches.length
        ? batches.map((submitBatch) => ({ ...p, kernels: k, submitBatch }))
        : [{ ...p, kernels: k }]
      ).flatMap((run) => (run.backend === 'webgpu' ? perWarmup(run) : [run])),
    ),
  );
}

/** A positive number option, or an Error naming it. */
export function positive(values, name) {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0 (you gave ${values[name]})`);
  return n;
}
