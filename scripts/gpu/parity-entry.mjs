// The parity suite (src/train/paritySuite.ts) on WebGPU in Node through Dawn: the WebGPU kernels
// against the reference ops on the same device, every case, each run twice. Bundled by build.mjs,
// started by parity.mjs with the Vulkan environment. Prints the adapter, one line per case and a
// Markdown table; exits 1 when a check fails. Arguments: --full (presets at full depth and batch),
// --only NAME (cases whose name includes it; repeatable), --json FILE.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { startWebGPU } from './webgpuNode.mjs';
import { parityTable, runParity } from '../../src/train/paritySuite.ts';
import { missingInternals } from '../../src/kernels/webgpu/tfjsInternals.ts';

const { values: opts } = parseArgs({
  options: { full: { type: 'boolean' }, only: { type: 'string', multiple: true }, json: { type: 'string' } },
});
const adapter = await startWebGPU();
console.log(`parity on WebGPU through Dawn; adapter: ${adapter}`);
const missing = missingInternals(tf.backend());
if (missing.length) {
  console.log(`0 passed, 1 failed: tfjs-backend-webgpu lacks ${missing.join(', ')} (src/kernels/webgpu/tfjsInternals.ts)`);
  process.exit(1);
}
const started = performance.now();
const results = await runParity('webgpu', {
  full: opts.full,
  only: opts.only,
  onCase: (r) => {
    const failed = r.checks.filter((c) => !c.ok);
    console.log(`  ${failed.length ? 'FAIL' : 'ok  '} ${r.case}: ${r.checks.length} checks, ${(r.ms / 1000).toFixed(1)} s`);
    for (const c of failed) console.log(`       ${c.what}: max |Δ| ${c.diff} (reference's max |x| ${c.scale})`);
  },
});
console.log(`\n${parityTable('webgpu', results)}\n`);
const failures = results.flatMap((r) => r.checks.filter((c) => !c.ok));
const checks = results.reduce((n, r) => n + r.checks.length, 0);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ adapter, full: !!opts.full, results }, null, 1)}\n`);
console.log(
  `${checks - failures.length} passed, ${failures.length} failed (${results.length} cases, ${((performance.now() - started) / 1000).toFixed(0)} s, adapter ${adapter})`,
);
process.exit(failures.length ? 1 : 0);
