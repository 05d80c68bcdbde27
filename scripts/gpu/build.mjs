// Bundles the GPU scripts' entries (parity-entry.mjs, bench-entry.mjs) with the app's own source
// (src/: the model, the Ops implementations, the training step, the parity suite) and tfjs into
// self-contained ES modules for Node, with Vite and the app's vite.config.ts (its AssemblyScript
// plugin compiles the WebAssembly kernels). Only `webgpu` (Dawn's native addon) stays outside: the
// launchers find it in node_modules, the device script carries it beside the bundle.
import { resolve } from 'node:path';
import { build } from 'vite';

export const ENTRIES = { 'parity-entry': 'scripts/gpu/parity-entry.mjs', 'bench-entry': 'scripts/gpu/bench-entry.mjs' };

/**
 * Writes `${outDir}/parity-entry.mjs` and `${outDir}/bench-entry.mjs`.
 * @param {string} outDir
 */
export async function buildGpuScripts(outDir = 'dist-gpu') {
  await build({
    configFile: resolve('vite.config.ts'),
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: {
        input: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, resolve(v)])),
        external: ['webgpu'],
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildGpuScripts(process.argv[2]);
