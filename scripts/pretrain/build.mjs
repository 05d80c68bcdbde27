// Bundles npm run pretrain's training process (entry.mjs) with the app's own source (src/: the
// training session, model, Ops and kernels) and tfjs into one ES module for Node, with Vite and the
// app's vite.config.ts (its AssemblyScript plugin compiles our WebAssembly kernels), as
// scripts/gpu/build.mjs does for WebGPU.
import { resolve } from 'node:path';
import { build } from 'vite';

/** Writes `${outDir}/pretrain-entry.mjs`. */
export async function buildPretrain(outDir = 'dist-pretrain') {
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
        input: { 'pretrain-entry': resolve('scripts/pretrain/entry.mjs') },
        output: {
          format: 'es',
          entryFileNames: '[name].mjs',
          // tfjs-backend-wasm's Emscripten loader reads these CommonJS names in Node.
          banner: [
            "import { createRequire as __createRequire } from 'node:module';",
            "import { fileURLToPath as __fileURLToPath } from 'node:url';",
            'const require = __createRequire(import.meta.url);',
            'const __filename = __fileURLToPath(import.meta.url);',
            "const __dirname = __filename.replace(/[\\/][^\\/]*$/, '');",
          ].join('\n'),
        },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPretrain(process.argv[2]);
