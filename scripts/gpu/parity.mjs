// npm run test:gpu / test:webgpu: the parity suite on WebGPU in Node through Dawn, below the
// browser. Builds the bundle (build.mjs), then runs it (parity-entry.mjs) with the Vulkan driver
// asked for: --driver swiftshader (Chromium's CPU Vulkan, what npm test uses on a machine without a
// GPU) or --driver system (the machine's own GPU: npm run test:gpu). Other arguments go to the
// suite: --full, --only NAME, --json FILE. Exits with the suite's status.
import { spawnSync } from 'node:child_process';
import { buildGpuScripts } from './build.mjs';
import { vulkanEnv } from './vulkanEnv.mjs';

/** Our options (--driver, --no-build, --out-dir) apart from the suite's, which pass on as given. */
function splitArgs(argv) {
  const opts = { driver: 'system', 'no-build': false, 'out-dir': 'dist-gpu' };
  const passOn = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].startsWith('--') ? argv[i].slice(2).split('=', 2) : [null];
    if (name === 'no-build') opts['no-build'] = true;
    else if (name === 'driver' || name === 'out-dir') opts[name] = inline ?? argv[++i];
    else passOn.push(argv[i]);
  }
  return { opts, passOn };
}

const { opts, passOn } = splitArgs(process.argv.slice(2));
if (!['system', 'swiftshader'].includes(opts.driver)) throw new Error(`--driver must be system or swiftshader (you gave ${opts.driver})`);
if (!opts['no-build']) await buildGpuScripts(opts['out-dir']);
const run = spawnSync(process.execPath, [`${opts['out-dir']}/parity-entry.mjs`, ...passOn], {
  stdio: 'inherit',
  env: { ...process.env, ...vulkanEnv(opts.driver) },
});
process.exit(run.status ?? 1);
