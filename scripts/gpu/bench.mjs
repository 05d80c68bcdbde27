// npm run bench:gpu: the WebGPU training step in Node through Dawn, on whatever GPU the machine has
// (or SwiftShader with --driver swiftshader), beside PyTorch on the same machine. Per preset, in a
// fresh process each (bench-entry.mjs): first step, median step, tokens/s, dispatches and submits
// per step, model GFLOP/s against the card's plain tfjs matMul ceiling, memory at step 1 and later,
// the JavaScript share of a step, with the shader warm-up off and on. Also the parity suite
// (parity-entry.mjs) and a run of the reference ops and the WebGPU kernels from one seed whose loss
// curves must agree (CURVE_TOLERANCE). Writes --out (JSON) and --md (Markdown) and prints the
// table. Nothing passes or fails on time; it exits 1 only when parity or the curves disagree.
// `--help` lists the options. scripts/gpu/run-on-device.sh runs it from a packed folder (--no-build).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchMarkdown, compareCurves, CURVE_TOLERANCE } from './benchTable.mjs';
import { pytorchFigures } from './benchPytorch.mjs';

const OPTIONS = {
  presets: { type: 'string', default: 'tiny,baby,small,large', help: 'comma-separated presets' },
  steps: { type: 'string', default: '50', help: 'back-to-back steps timed for tokens/s (one read at the end)' },
  'median-steps': { type: 'string', default: '10', help: 'steps each awaited alone (median step, JavaScript share)' },
  'warmup-steps': { type: 'string', default: '5', help: 'steps after the first before timing' },
  'memory-steps': { type: 'string', default: '500', help: 'steps between the two memory readings' },
  'shader-warmup': { type: 'string', default: 'off,on', help: 'shader warm-up modes to measure (off,on)' },
  'curve-preset': { type: 'string', default: 'tiny', help: 'preset of the reference-vs-kernels loss curve' },
  'curve-steps': { type: 'string', default: '300', help: 'steps of each loss curve (0: none)' },
  parity: { type: 'string', default: 'full', help: 'full (presets at full size), reduced, or off' },
  pytorch: { type: 'string', default: 'auto', help: 'auto (eager and torch.compile where a Python with torch is found), off' },
  'pytorch-steps': { type: 'string', default: '60', help: 'PyTorch steps per run (5 untimed)' },
  'compile-presets': {
    type: 'string',
    default: 'tiny,baby,small,large',
    help: 'presets PyTorch also runs under torch.compile (each compiles for up to a minute)',
  },
  python: { type: 'string', default: '', help: 'the Python with torch (default $PYTHON, /usr/bin/python3, python3)' },
  driver: { type: 'string', default: 'system', help: "system (the machine's Vulkan), swiftshader (Chromium's), inherit (env as given)" },
  'bundle-dir': { type: 'string', default: 'dist-gpu', help: 'where build.mjs writes the bundles' },
  'no-build': { type: 'boolean', default: false, help: 'use the bundles already in --bundle-dir' },
  corpus: { type: 'string', default: 'public/corpus/moby-dick.txt', help: 'the text (npm run prepare-corpus writes it)' },
  'child-timeout': { type: 'string', default: '900', help: 'seconds one measured process may take' },
  out: { type: 'string', default: 'bench/results-gpu.json', help: 'JSON report' },
  md: { type: 'string', default: '', help: 'Markdown report (default: --out with .md)' },
  help: { type: 'boolean', default: false, help: 'this text' },
};
const { values: opts } = parseArgs({
  options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: v.type, default: v.default }])),
});
if (opts.help) {
  console.log(
    `npm run bench:gpu -- [options]\n${Object.entries(OPTIONS)
      .map(([k, v]) => `  --${k}  ${v.help} (default ${v.default})`)
      .join('\n')}`,
  );
  process.exit(0);
}
const int = (k) => Number.parseInt(opts[k], 10);
const started = Date.now();
const log = (s) => console.log(`[${Math.round((Date.now() - started) / 1000)} s] ${s}`);

if (!opts['no-build']) await (await import('./build.mjs')).buildGpuScripts(opts['bundle-dir']);
const env = { ...process.env, ...(opts.driver === 'inherit' ? {} : (await import('./vulkanEnv.mjs')).vulkanEnv(opts.driver)) };
if (!existsSync(opts.corpus)) throw new Error(`${opts.corpus} is missing: run npm run prepare-corpus first (or pass --corpus)`);

/** Runs a bundled entry with args; its last line is JSON. @returns the parsed line, or { error }. */
function runEntry(entry, args) {
  const r = spawnSync(process.execPath, [join(opts['bundle-dir'], entry), ...args], {
    env,
    encoding: 'utf8',
    timeout: int('child-timeout') * 1000,
    maxBuffer: 64 * 2 ** 20,
  });
  const lines = (r.stdout ?? '').trim().split('\n');
  try {
    return JSON.parse(lines.at(-1));
  } catch {
    const why = r.error ? String(r.error) : (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ');
    return { error: `${entry} ${args.join(' ')}: ${why}` };
  }
}

const report = {
  date: new Date().toISOString(),
  options: opts,
  curveTolerance: CURVE_TOLERANCE,
  runs: [],
  curves: null,
  parity: null,
  pytorch: {},
};
const save = () => {
  mkdirSync(dirname(resolve(opts.out)), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(report, null, 1)}\n`);
};

if (opts.parity !== 'off') {
  log(`parity suite (${opts.parity})…`);
  const json = `${opts.out}.parity.tmp.json`;
  const r = spawnSync(
    process.execPath,
    [join(opts['bundle-dir'], 'parity-entry.mjs'), ...(opts.parity === 'full' ? ['--full'] : []), '--json', json],
    {
      env,
      encoding: 'utf8',
      timeout: int('child-timeout') * 1000,
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const table = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('|'));
  const summary = (r.stdout ?? '').trim().split('\n').at(-1);
  report.parity = { status: r.status, summary, table: table.join('\n') };
  if (existsSync(json)) {
    const cases = JSON.parse(readFileSync(json, 'utf8')).results;
    report.parity.results = cases.map((c) => ({ case: c.case, failed: c.checks.filter((k) => !k.ok), ms: c.ms }));
    rmSync(json);
  }
  log(`parity: ${summary}`);
  save();
}

const common = [
  '--corpus',
  opts.corpus,
  '--steps',
  opts.steps,
  '--median-steps',
  opts['median-steps'],
  '--warmup-steps',
  opts['warmup-steps'],
];
for (const preset of opts.presets.split(',').filter(Boolean)) {
  for (const warmup of opts['shader-warmup'].split(',').filter(Boolean)) {
    log(`${preset}, shader warm-up ${warmup}…`);
    // the memory reading needs steps only once per preset
    const memory = warmup === opts['shader-warmup'].split(',')[0] ? opts['memory-steps'] : '0';
    const r = runEntry('bench-entry.mjs', ['--preset', preset, '--warmup', warmup, '--memory-steps', memory, ...common]);
    report.runs.push({ preset, warmup, ...r });
    log(
      r.error ??
        `${preset}: ${Math.round(r.tokensPerSecond)} tokens/s, median ${r.medianStepMs.toFixed(1)} ms, first ${(r.firstStepMs / 1000).toFixed(1)} s`,
    );
    save();
  }
}

if (int('curve-steps') > 0) {
  log(`loss curves, ${opts['curve-preset']}, ${opts['curve-steps']} steps: reference ops, then WebGPU kernels…`);
  const curve = (kernels) =>
    runEntry('bench-entry.mjs', [
      '--preset',
      opts['curve-preset'],
      '--kernels',
      kernels,
      '--curve',
      opts['curve-steps'],
      '--corpus',
      opts.corpus,
    ]);
  const [ref, fused] = [curve('reference'), curve('fused')];
  report.curves =
    ref.error || fused.error
      ? { error: ref.error ?? fused.error }
      : { preset: opts['curve-preset'], ...compareCurves(ref.curve, fused.curve), reference: ref.curve, fused: fused.curve };
  log(
    report.curves.error ??
      `curves: max |Δloss| ${report.curves.maxDiff.toExponential(2)} nats (${report.curves.ok ? 'within' : 'OUTSIDE'} ${CURVE_TOLERANCE} nats)`,
  );
  save();
}

if (opts.pytorch !== 'off') {
  for (const preset of opts.presets.split(',').filter(Boolean)) {
    log(`PyTorch, ${preset}: eager and torch.compile…`);
    report.pytorch[preset] = pytorchFigures(preset, {
      steps: int('pytorch-steps'),
      python: opts.python || undefined,
      timeoutS: int('child-timeout'),
    });
    save();
  }
}

report.durationSeconds = Math.round((Date.now() - started) / 1000);
save();
const md = benchMarkdown(report);
writeFileSync(opts.md || opts.out.replace(/\.json$/, '.md'), `${md}\n`);
console.log(`\n${md}`);
const failed = (report.parity && report.parity.status !== 0) || (report.curves && report.curves.ok === false);
process.exit(failed ? 1 : 0);
