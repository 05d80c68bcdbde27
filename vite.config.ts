/// <reference types="vitest/config" />
// Vite builds a static site with relative asset URLs (base './'), so dist/ works from any
// path on any static host. The worker is an ES module; tfjs is pre-bundled up front so the
// dev server does not reload the page when it first meets tfjs inside the worker.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The built page's Content-Security-Policy: scripts, styles, workers and fetches only from the
// page's own origin, so nothing can load code from or send data to another host.
// 'wasm-unsafe-eval' lets tfjs compile its WebAssembly backend (it runs no JavaScript eval).
// Styles need no 'unsafe-inline': React and recharts set style props through the CSSOM
// (element.style), which CSP does not govern; only <style> tags or style="" in parsed markup
// would. WebGPU, WebGL, WASM and CPU all train with connect-src 'self' alone (no data:/blob:).
// Images may be data:/blob: URLs; no plugins, no forms.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

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

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
    ],
  },
  build: { chunkSizeWarningLimit: 4000 },
  // The same policy as a response header from `vite preview` (npm start): a worker loaded from a
  // URL takes its policy from its own response, not from the page's <meta>, so only the header
  // keeps the training worker to the page's origin too.
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['vitest.setup.ts'],
    testTimeout: 60_000,
  },
});
