// npm run pretrain: the long run the page ships. Trains the default model on Moby Dick with the
// page's own training code in Node (scripts/pretrain/entry.mjs, bundled with src/ by Vite: the
// same session, model, kernels and optimizer as a run in the page, on tfjs's WASM backend), seed
// fixed, resumable (stop it with Ctrl-C or SIGTERM and run the same command again: it continues
// exactly from .pretrain/), then packs its snapshots into public/pretrained/moby-dick/ (8-bit
// weights and a manifest with the loss curve), which the page loads only when asked.
//
//   npm run pretrain                          # 30,000 steps, one thread, then pack
//   nice -n 19 npm run pretrain -- --threads 1 --steps 30000
//   npm run pretrain -- --pack-only           # pack what the run has reached so far
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildPretrain } from './pretrain/build.mjs';

const USAGE = `npm run pretrain [-- options]
  --steps 30000        the run's length (its cosine spans it)
  --seed 1337          initial weights, batches and samples
  --params 'lr=0.003'  a lever, as the page's URL parameters (absent: the page's defaults)
  --threads 1          WASM threads (1 leaves the machine's other cores to others)
  --work .pretrain/moby-dick   checkpoint, raw snapshots and log (resumed from when present)
  --out public/pretrained/moby-dick  where the page's files go
  --snapshots 0,100,500,2000,10000   steps to keep (and the last)
  --eval-every 250, --sample-every 1000
  --pack-only          pack the snapshots reached so far without training
  --no-build           reuse dist-pretrain/ as built`;

const { values: o } = parseArgs({
  options: {
    steps: { type: 'string', default: '30000' },
    seed: { type: 'string', default: '1337' },
    params: { type: 'string', default: '' },
    threads: { type: 'string', default: '1' },
    work: { type: 'string', default: '.pretrain/moby-dick' },
    out: { type: 'string', default: 'public/pretrained/moby-dick' },
    snapshots: { type: 'string', default: '0,100,500,2000,10000' },
    'eval-every': { type: 'string', default: '250' },
    'sample-every': { type: 'string', default: '1000' },
    'pack-only': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (o.help) {
  console.log(USAGE);
  process.exit(0);
}

if (!o['no-build']) await buildPretrain('dist-pretrain');
const entry = 'dist-pretrain/pretrain-entry.mjs';
const common = ['--work', o.work, '--seed', o.seed, '--steps', o.steps, '--params', o.params];
const command = `npm run pretrain -- --steps ${o.steps} --seed ${o.seed} --threads ${o.threads}${o.params ? ` --params '${o.params}'` : ''}`;
const run = (args) => spawnSync(process.execPath, [entry, ...args], { stdio: 'inherit' }).status ?? 1;
if (!o['pack-only']) {
  const status = run([
    ...common,
    ...['--threads', o.threads, '--snapshots', o.snapshots, '--eval-every', o['eval-every'], '--sample-every', o['sample-every']],
  ]);
  if (status !== 0) process.exit(status);
}
process.exit(run([...common, '--pack', o.out, '--command', command]));
