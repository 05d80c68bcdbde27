// The site under test: build it, serve it with `vite preview` (the headers `npm start` sends),
// start the same Chromium the tests use, and weigh the JavaScript the page loads before its first
// paint (gzipped, as a static host would send it).
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findBrowser } from '../find-browser.mjs';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** `npm run build` (corpus, then vite build) into outDir; throws if it fails. */
export function buildSite(outDir) {
  const corpus = spawnSync('npm', ['run', 'prepare-corpus'], { stdio: 'inherit' });
  if (corpus.status !== 0) throw new Error('npm run prepare-corpus failed');
  // NODE_ENV pinned: vite's runnerImport (the bench and the speedrun read src/ with it) sets it to
  // 'development' in this process, and a child build inheriting that bundles React's development
  // build (665 against 414 kB of script, and slower).
  const build = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error('vite build failed');
}

/**
 * `vite preview` of outDir on 127.0.0.1:port, resolved once it answers.
 * @returns {Promise<{ base: string, stop: () => void, headers: Record<string, string> }>}
 */
export async function serveSite(outDir, port) {
  // vite's own entry under this Node (not npx, whose child would outlive kill()).
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir],
    { stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}/`;
  const stop = () => server.kill();
  process.once('exit', stop);
  // 60 s: vite preview loads the app's config (its plugins) before it listens, slower on a busy machine
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode}); is port ${port} taken? Use --port`);
    try {
      const res = await fetch(base);
      if (res.ok) return { base, stop, headers: Object.fromEntries(res.headers) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not answer on ${base} within 60 s`);
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/**
 * outDir from a plain static server: no headers beyond the content type, as most static hosts
 * (so no cross-origin isolation: WASM on one thread). For comparing with `vite preview`.
 * @returns {Promise<{ base: string, stop: () => void, headers: Record<string, string> }>}
 */
export async function servePlain(outDir, port) {
  const root = resolve(outDir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = resolve(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${port}/`, stop: () => server.close(), headers: {} };
}

/** Chromium as the e2e tests launch it ($CHROMIUM_PATH, Playwright's, or the system one). */
export async function launchBrowser() {
  const found = findBrowser();
  if (!found) throw new Error('No Chromium found: run `node scripts/ensure-browser.mjs` (npm test does) or set CHROMIUM_PATH.');
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  return { browser, path: found.path, version: browser.version() };
}

/**
 * JavaScript the main thread fetched before its first contentful paint (the page's own text
 * appears once React has rendered): each script's gzipped size (level
 * 9, from outDir), the total, and whether the page was cross-origin isolated (WASM threads).
 */
export async function firstPaintScripts(browser, base, outDir) {
  const page = await browser.newPage();
  await page.goto(base);
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 60_000 });
  const facts = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0].startTime;
    const scripts = performance
      .getEntriesByType('resource')
      .filter((r) => /\.m?js(\?|$)/.test(r.name) && r.startTime <= paint && r.initiatorType !== 'other')
      .map((r) => new URL(r.name).pathname);
    return { paintMs: paint, scripts, crossOriginIsolated: globalThis.crossOriginIsolated === true };
  });
  await page.close();
  const files = facts.scripts.map((path) => {
    const bytes = readFileSync(join(outDir, decodeURIComponent(path)));
    return { path, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    firstPaintMs: Math.round(facts.paintMs),
    crossOriginIsolated: facts.crossOriginIsolated,
    files,
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
  };
}
