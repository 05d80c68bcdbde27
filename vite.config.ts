/// <reference types="vitest/config" />
// Vite builds a static site with relative asset URLs (base './'), so dist/ works from any
// path on any static host. The worker is an ES module; tfjs is pre-bundled up front so the
// dev server does not reload the page when it first meets tfjs inside the worker.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFile } from 'node:fs/promises';

// The built page's Content-Security-Policy: scripts, styles, workers and fetches only from the
// page's own origin, so nothing can load code from or send data to another host.
// 'wasm-unsafe-eval' lets tfjs compile its WebAssembly backend (it runs no JavaScript eval).
// Styles need no 'unsafe-inline': React and recharts set style props through the CSSOM
// (element.style), which CSP does not govern; only <style> tags or style="" in parsed markup
// would. WebGPU, WebGL, WASM and CPU all train with connect-src 'self' alone (no data:/blob:).
// Images may be data:/blob: URLs; no plugins, no forms.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // blob: for tfjs's WASM threads: each helper thread is a blob: worker that loads the backend's
  // factory from a blob: URL minted by our own worker (importScripts), so no other host's code.
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

// Cross-origin isolation (crossOriginIsolated in the page and its workers): SharedArrayBuffer,
// so tfjs's WASM backend can run its threaded build. Everything the page loads is its own, so
// require-corp blocks nothing. A static host needs these two headers for threads; without them
// WASM runs single-threaded with SIMD (train/backend.ts).
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Puts the policy into the built index.html as a <meta http-equiv> right after the charset (it
 * travels with dist/ to any static host, ahead of every script and stylesheet). Build only: the
 * dev server injects inline scripts for React Refresh.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml(html) {
      const charset = /<meta charset="[^"]*"\s*\/?>/i;
      if (!charset.test(html)) throw new Error('index.html has no <meta charset>; the CSP <meta> goes right after it');
      const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
      return html.replace(charset, (m) => `${m}\n    ${meta}`);
    },
  };
}

/**
 * Makes tfjs-backend-wasm's threaded factory self-contained. tfjs starts each helper thread by
 * loading `factory.toString()` from a blob, but the factory reads `_scriptDir` from its enclosing
 * scope, which the minifier renames: every helper thread then fails ("e is not defined") and
 * setBackend('wasm') hangs. Declaring it inside the function (same value: no document in a
 * worker) keeps the text whole. Build only; fails loudly if tfjs changes the file's shape.
 */
function wasmThreadsFactory(): Plugin {
  const head = 'function(WasmBackendModuleThreadedSimd) {\n';
  return {
    name: 'tfjs-wasm-threads-factory',
    apply: 'build',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('wasm-out/tfjs-backend-wasm-threaded-simd.js')) return null;
      if (!code.includes(head))
        throw new Error(`tfjs-wasm-threads-factory: no "${head.trim()}" in ${id}; tfjs changed, recheck WASM threads`);
      const scriptDir =
        "var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n";
      return { code: code.replace(head, head + scriptDir), map: null };
    },
  };
}

/**
 * `import bytes from './x.as.ts?wasm'`: compiles an AssemblyScript file (src/kernels/*.as.ts, our
 * SIMD kernels for the CPU path) to WebAssembly and hands back its bytes as a Uint8Array. Build,
 * dev server and Vitest alike, so the kernel's source is the only copy there is.
 */
function assemblyScript(): Plugin {
  return {
    name: 'assemblyscript',
    enforce: 'pre',
    async load(id) {
      const [file, query] = id.split('?');
      if (query !== 'wasm' || !file.endsWith('.as.ts')) return null;
      this.addWatchFile(file);
      let binary: Uint8Array | null = null;
      const asc = (await import('assemblyscript/asc')).default; // loaded only when a kernel is asked for
      const flags = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'];
      const { error, stderr } = await asc.main([file, '--outFile', 'kernel.wasm', ...flags], {
        // our flags only: an asconfig.json lying around (npx asinit makes one) is not read
        readFile: async (name, dir) => (name.endsWith('asconfig.json') ? null : readFile(`${dir}/${name}`, 'utf8').catch(() => null)),
        writeFile: (name, contents) => {
          if (name.endsWith('.wasm')) binary = contents as Uint8Array;
        },
      });
      if (error || !binary) throw new Error(`assemblyscript: ${file} did not compile: ${error?.message ?? ''}\n${stderr.toString()}`);
      const base64 = Buffer.from(binary).toString('base64');
      const code = `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));`;
      return { code, map: { mappings: '' } }; // generated: no source map back to the .as.ts
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), assemblyScript()],
  // tfjs runs in the worker, a bundle of its own with its own plugins.
  worker: { format: 'es', plugins: () => [wasmThreadsFactory(), assemblyScript()] },
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'],
  },
  build: { chunkSizeWarningLimit: 4000 },
  // The same policy as a response header from `vite preview` (npm start): a worker loaded from a
  // URL takes its policy from its own response, not from the page's <meta>, so only the header
  // keeps the training worker to the page's origin too. It also isolates the page (COOP/COEP),
  // which lets WASM train on several threads. Not the dev server: its pre-bundled tfjs skips
  // wasmThreadsFactory (above), so threads would not start there.
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...CROSS_ORIGIN_ISOLATION } },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.mjs'],
    environment: 'node',
    setupFiles: ['vitest.setup.ts'],
    testTimeout: 60_000,
  },
});
