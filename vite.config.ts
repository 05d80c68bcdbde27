/// <reference types="vitest/config" />
// Vite builds a static site with relative asset URLs (base './'), so dist/ works from any
// path on any static host. The worker is an ES module; tfjs is pre-bundled up front so the
// dev server does not reload the page when it first meets tfjs inside the worker.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
    ],
  },
  build: { chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
