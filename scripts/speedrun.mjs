// npm run speedrun: how soon the default run writes words. Trains in the real page (the bench's
// page runner: the built site, vite preview's headers, the Chromium the tests use, the backend the
// page picks) until validation loss reaches each target, and reports the wall time from the Train
// click, steps and tokens to each target and to the "words" phase (src/ui/dynamics.ts). Beside it,
// PyTorch with nanoGPT's baby recipe (scripts/reference_pytorch.py: cosine over 2,000 steps) on the
// same threads, in the same run, as ratios. Writes bench/speedrun.json and prints Markdown.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';
import { buildSite, launchBrowser, servePlain, serveSite } from './bench/site.mjs';
import { pageSpeedrun } from './speedrun/pageSpeedrun.mjs';
import { pytorchSpeedrun } from './speedrun/pytorchSpeedrun.mjs';
import { RECIPES, TEXTS } from './speedrun/recipes.mjs';
import { speedrunTable } from './speedrun/table.mjs';

const USAGE = `npm run speedrun [-- options]
  --texts moby-dick,sotu    texts to train on (${Object.keys(TEXTS).join(', ')})
  --recipes default         page recipes, each run in turn (${Object.keys(RECIPES).join(', ')}), or
                            label:query for URL parameters on the spot (lr3:lr=0.003&warmupSteps=30)
  --params 'lr=0.003&...'   a recipe of URL parameters instead (--label names it)
  --rounds 1                every recipe this many times, alternating
  --targets 2.5,2.2,2.0,1.8 validation losses to reach (nats per character), every text
  --max-seconds 900         most seconds per page run (a run stops earlier once every target and words are reached)
  --pytorch-threads 2       PyTorch's threads (default: the machine's cores, as the page's WASM)
  --pytorch-steps 2000      PyTorch steps (its cosine spans --pytorch-max-steps 2000); --no-pytorch skips it
  --every 50                PyTorch's evaluation and sample cadence (its seconds exclude both)
  --server preview          preview: as npm start (cross-origin isolated: WASM threads); plain: no isolation (one thread);
                            a recipe may name its own (server=plain among --params, or in recipes.mjs)
  --no-build, --out-dir dist-speedrun, --port 4200
  --out bench/speedrun.json; --from FILE prints a saved report again`;

const { values: o } = parseArgs({
  options: {
    texts: { type: 'string', default: 'moby-dick,sotu' },
    recipes: { type: 'string', default: 'default' },
    params: { type: 'string' },
    label: { type: 'string', default: 'custom' },
    rounds: { type: 'string', default: '1' },
    targets: { type: 'string', default: '2.5,2.2,2.0,1.8' },
    'max-seconds': { type: 'string', default: '900' },
    'pytorch-threads': { type: 'string', default: String(cpus().length) },
    'pytorch-steps': { type: 'string', default: '2000' },
    'pytorch-max-steps': { type: 'string', default: '2000' },
    every: { type: 'string', default: '50' },
    'no-pytorch': { type: 'boolean', default: false },
    server: { type: 'string', default: 'preview' },
    'no-build': { type: 'boolean', default: false },
    'out-dir': { type: 'string', default: 'dist-speedrun' },
    port: { type: 'string', default: '4200' }, // not 4190: fetch refuses it (a 'bad port' of the Fetch standard, ManageSieve)
    out: { type: 'string', default: 'bench/speedrun.json' },
    from: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (o.help) {
  console.log(USAGE);
  process.exit(0);
}
if (o.from) {
  console.log(speedrunTable(JSON.parse(readFileSync(o.from, 'utf8'))));
  process.exit(0);
}
// The page's own defaults and presets, to know each recipe's batch and context.
const settingsTs = (await runnerImport(resolve('src/protocol/settings.ts'), { configFile: false, logLevel: 'error' })).module;
/** A recipe's settings as the page reads them: defaults, then the preset's shape, then each parameter. */
function settingsOf(params) {
  const preset = params.preset ?? settingsTs.DEFAULT_SETTINGS.preset;
  const s = { ...settingsTs.DEFAULT_SETTINGS, ...settingsTs.PRESETS[preset], preset };
  for (const [k, v] of Object.entries(params)) s[k] = Number.isFinite(Number(v)) ? Number(v) : v;
  return s;
}
const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const targets = list(o.targets).map(Number);
const recipes = o.params
  ? [{ label: o.label, params: Object.fromEntries(new URLSearchParams(o.params)) }]
  : list(o.recipes).map((name) => {
      // label:query names a recipe of URL parameters on the spot (lr3:lr=0.003&warmupSteps=30)
      const at = name.indexOf(':');
      if (at > 0) return { label: name.slice(0, at), params: Object.fromEntries(new URLSearchParams(name.slice(at + 1))) };
      if (!RECIPES[name]) throw new Error(`unknown recipe ${name}: use ${Object.keys(RECIPES).join(', ')}, label:query or --params`);
      return { label: name, params: { ...RECIPES[name] } };
    });
// server=plain|preview rides with a recipe's parameters but is no page setting
for (const r of recipes) {
  const { server, ...params } = r.params;
  r.params = params;
  r.server = server;
}
const texts = list(o.texts).map((id) => {
  if (!TEXTS[id]) throw new Error(`unknown text ${id}: use ${Object.keys(TEXTS).join(', ')}`);
  return { id, ...TEXTS[id], targets };
});

/** Load average while f runs, sampled every 5 s. */
async function underLoad(f) {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), 5000);
  try {
    const r = await f();
    samples.push(loadavg()[0]);
    return {
      ...r,
      load: { mean: samples.reduce((a, b) => a + b, 0) / samples.length, min: Math.min(...samples), max: Math.max(...samples) },
    };
  } finally {
    clearInterval(timer);
  }
}

const tty = process.stdout.isTTY;
let lastLine = 0;
/** A progress line: rewritten in place on a terminal, every 30 s in a log. */
const progress = (what) => (line) => {
  if (tty) process.stdout.write(`\r\x1b[Kspeedrun: ${what}: ${line}`);
  else if (Date.now() - lastLine > 30_000) {
    lastLine = Date.now();
    console.log(`speedrun: ${what}: ${line}`);
  }
};

const started = Date.now();
const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const report = {
  date: new Date().toISOString(),
  machine,
  options: o,
  texts: texts.map((t) => ({ ...t, pytorchMaxSteps: Number(o['pytorch-max-steps']), runs: [], pytorch: null })),
};
const save = () => {
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(report, null, 2)}\n`);
};
const recipeText = (params) => (Object.keys(params).length ? new URLSearchParams(params).toString() : 'the page default');

if (!o['no-build']) buildSite(o['out-dir']);
// Both servers when a recipe asks for the other one (WASM on one thread: no cross-origin isolation).
const servers = {};
for (const kind of new Set([o.server, ...recipes.map((r) => r.server).filter(Boolean)]))
  servers[kind] = await (kind === 'plain' ? servePlain : serveSite)(o['out-dir'], Number(o.port) + Object.keys(servers).length);
const { browser } = await launchBrowser();
try {
  for (const text of report.texts) {
    for (let round = 0; round < Number(o.rounds); round++)
      for (const recipe of recipes) {
        process.stdout.write(`speedrun: ${text.name}, ${recipe.label} (round ${round + 1})… `);
        try {
          const run = await underLoad(() =>
            pageSpeedrun(browser, {
              base: servers[recipe.server ?? o.server].base,
              params: recipe.params,
              text: text.id,
              textName: text.name,
              targets: text.targets,
              maxSeconds: Number(o['max-seconds']),
              onProgress: progress(`${text.name}, ${recipe.label}`),
            }),
          );
          const settings = settingsOf(recipe.params);
          const tokensPerStep = settings.batchSize * settings.blockSize;
          text.runs.push({
            label: recipe.label,
            round,
            recipe: recipeText(recipe.params),
            params: recipe.params,
            settings,
            tokensPerStep,
            ...run,
          });
          console.log(
            `${tty ? '\r\x1b[K' : ''}speedrun: ${text.name}, ${recipe.label}: step ${run.lastStep} in ${Math.round(run.lastStepSeconds)} s`,
          );
        } catch (e) {
          text.runs.push({ label: recipe.label, round, error: String(e?.message ?? e).split('\n')[0] });
          console.log(`failed: ${String(e?.message ?? e).split('\n')[0]}`);
        }
        save();
      }
  }
} finally {
  await browser.close();
  for (const site of Object.values(servers)) site.stop();
}
if (!o['no-pytorch'])
  for (const text of report.texts) {
    process.stdout.write(`speedrun: ${text.name} in PyTorch… `);
    text.pytorch = await underLoad(async () =>
      pytorchSpeedrun({
        corpus: text.corpus,
        steps: Number(o['pytorch-steps']),
        maxSteps: Number(o['pytorch-max-steps']),
        threads: Number(o['pytorch-threads']),
        every: Number(o.every),
      }),
    );
    console.log(text.pytorch.error ?? `${Math.round(text.pytorch.tokensPerSecond)} tokens/s`);
    save();
  }
save();
console.log(`\n${speedrunTable(report)}`);
