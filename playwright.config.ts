// End-to-end tests: the built site served statically, driven in a real Chromium with WebGPU
// (SwiftShader on machines without a GPU). Tiny models come from URL parameters.
import { defineConfig } from '@playwright/test';
// @ts-expect-error: plain ESM helper without type declarations
import { findBrowser } from './scripts/find-browser.mjs';

const PORT = Number(process.env.E2E_PORT ?? 4317);
// Another build folder (vite build --outDir dist-x) lets several checkouts' tests run side by side.
const DIST = process.env.E2E_DIST ?? 'dist';
const browser = findBrowser() as { path: string } | null;

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: browser?.path,
      args: [
        '--enable-unsafe-webgpu',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
