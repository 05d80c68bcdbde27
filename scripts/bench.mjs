// Benchmark: trains in the real page, in a real Chromium, on each backend, and reports training
// throughput (tokens/s after shader warm-up), main-thread long tasks during training, and the
// validation loss reached; and BPE training time on Moby Dick and on 1 MB of one line without
// spaces (the case that used to blow up), per byte for both. Numbers for the README; nothing
// here passes or fails on time.
//
//   npm run bench                                  # tiny + baby presets on every backend
//   npm run bench -- --presets baby --backends wasm --steps 2000 --eval-every 250 --until-step 250
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { findBrowser } from './find-browser.mjs';

const { values: opts } = parseArgs({
  options: {
    presets: { type: 'string', default: 'tiny,baby' },
    backends: { type: 'string', default: 'webgpu,webgl,wasm,cpu' },
    steps: { type: 'string', default: '30' },
    'eval-every': { type: 'string', default: '1000000' },
    'time-limit': { type: 'string', default: '240' },
    port: { type: 'string', default: '4180' },
    // Stop once this step's evaluation is in (for loss-vs-reference checks on long schedules).
    'until-step': { type: 'string' },
    'sample-length': { type: 'string', default: '1' },
    'bpe-vocab': { type: 'string', default: '2048' },
  },
});
const PORT = Number(opts.port);
const BASE = `http://127.0.0.1:${PORT}/`;

const browserPath = findBrowser()?.path;
if (!browserPath) throw new Error('No Chromium: run node scripts/ensure-browser.mjs first.');
if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 2500));

const browser = await chromium.launch({
  executablePath: browserPath,
  args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});

const statText = (page, label) => page.getByTestId(`stat-${label.replace(/[^a-z]+/g, '-')}`).locator('dd').innerText();
const num = (s) => Number(String(s).replace(/,/g, ''));
const parseCompact = (s) => {
  // The page writes compact counts with Intl: 81K, 1.23M, 4.5B.
  const m = /^([\d.]+)([KMB]?)$/.exec(s.trim());
  return m ? Number(m[1]) * ({ '': 1, K: 1e3, M: 1e6, B: 1e9 }[m[2]]) : NaN;
};
const parseDuration = (s) => s.split(':').map(Number).reduce((acc, v) => acc * 60 + v, 0);

async function runOne(preset, backend) {
  const page = await browser.newPage();
  // Long tasks (≥ 50 ms) on the main thread, counted from the moment Train is clicked.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (window.__countLongTasks) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const params = new URLSearchParams({ preset, backend, maxSteps: opts.steps, evalEvery: opts['eval-every'], sampleEvery: '100000', sampleLength: opts['sample-length'] });
  await page.goto(`${BASE}?${params}`);
  const train = page.getByRole('button', { name: 'Train' });
  await train.waitFor({ state: 'visible' });
  await train.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  const backendText = await page.getByRole('region', { name: 'Backend' }).innerText();
  await page.evaluate(() => (window.__countLongTasks = true));
  await train.click();
  const deadline = Date.now() + Number(opts['time-limit']) * 1000;
  let warm = null; // first reading after 3 steps: shaders compiled
  let last = null;
  while (Date.now() < deadline) {
    await page.waitForTimeout(1000);
    const reading = {
      step: num(await statText(page, 'step')),
      tokens: parseCompact(await statText(page, 'tokens seen')),
      elapsed: parseDuration(await statText(page, 'elapsed')),
      valLoss: num(await statText(page, 'val loss')),
      state: await page.getByRole('status', { name: 'Run state' }).innerText(),
    };
    if (!warm && reading.step >= 3) warm = reading;
    last = reading;
    if (reading.state.startsWith('Done')) break;
    if (opts['until-step'] && reading.step > Number(opts['until-step'])) break;
  }
  const longTasks = await page.evaluate(() => window.__longTasks);
  await page.close();
  const seconds = warm && last ? last.elapsed - warm.elapsed : 0;
  return {
    preset, backend,
    adapter: backendText.split('\n').slice(1).join(' ').trim(),
    steps: last?.step ?? 0,
    tokensPerSecond: seconds > 0 ? Math.round((last.tokens - warm.tokens) / seconds) : null,
    secondsPerStep: seconds > 0 ? +(seconds / (last.step - warm.step)).toFixed(3) : null,
    valLoss: Number.isFinite(last?.valLoss) ? last.valLoss : null,
    longTasks: longTasks.length,
    longestTaskMs: longTasks.length ? Math.round(Math.max(...longTasks)) : 0,
  };
}

/** 1 MB of pseudo-random ACGT on one line (mulberry32, fixed seed): one endless GPT-2 chunk. */
function oneLineText(bytes = 1_000_000, seed = 1) {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = 'ACGT'.charCodeAt((t ^ (t >>> 14)) >>> 30); // the top two bits
  }
  return { name: 'dna-one-line-1mb.txt', mimeType: 'text/plain', buffer: out };
}

/**
 * BPE trained in the page's worker: from choosing BPE to the corpus panel showing it (training,
 * then tokenizing the corpus). On Moby Dick, or first load `file` through the hidden file input.
 */
async function benchBpe(vocabSize, file) {
  const page = await browser.newPage();
  await page.goto(`${BASE}?preset=tiny&backend=wasm`);
  await page.getByRole('button', { name: 'Train' }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  const facts = page.getByRole('region', { name: 'Corpus' });
  const tokenizer = page.getByLabel('Tokenizer', { exact: true });
  if (file) {
    await page.getByTestId('drop-zone').locator('input[type="file"]').setInputFiles(file);
    await facts.getByText(file.name, { exact: true }).waitFor({ timeout: 120_000 });
    await tokenizer.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  }
  await page.getByLabel('BPE vocabulary').fill(String(vocabSize));
  const start = Date.now();
  await tokenizer.selectOption('bpe');
  await facts.getByText('(byte-level BPE)').waitFor({ timeout: 300_000 });
  const ms = Date.now() - start;
  const text = await facts.innerText();
  await page.close();
  const bytes = num(/\(([\d,]+) bytes\)/.exec(text)?.[1] ?? NaN);
  return {
    text: file?.name ?? 'Moby Dick', vocabSize, ms, bytes,
    usPerByte: +((ms * 1000) / bytes).toFixed(3),
    tokens: /tokens\s+([\d,]+)/.exec(text)?.[1] ?? '?',
  };
}

const results = [];
let bpe = null;
try {
  const vocab = Number(opts['bpe-vocab']);
  process.stdout.write(`bench: BPE on Moby Dick to ${vocab}… `);
  const book = await benchBpe(vocab);
  console.log(`${book.ms} ms`);
  process.stdout.write(`bench: BPE on 1 MB of one line to ${vocab}… `);
  const oneLine = await benchBpe(vocab, oneLineText());
  console.log(`${oneLine.ms} ms`);
  bpe = { book, oneLine, perByteRatio: +(oneLine.usPerByte / book.usPerByte).toFixed(2) };
  for (const preset of opts.presets.split(',')) {
    for (const backend of opts.backends.split(',')) {
      process.stdout.write(`bench: ${preset} on ${backend}… `);
      const r = await runOne(preset, backend);
      results.push(r);
      console.log(`${r.tokensPerSecond ?? '?'} tokens/s, ${r.steps} steps`);
    }
  }
} finally {
  await browser.close();
  server.kill();
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, no GPU unless the adapter says so`;
console.log(`\nMachine: ${machine}\nChromium: ${browserPath}\n`);
console.log('| preset | backend | tokens/s | s/step | steps | val loss | main-thread long tasks (max ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.preset} | ${r.backend} | ${r.tokensPerSecond ?? '—'} | ${r.secondsPerStep ?? '—'} | ${r.steps} | ${r.valLoss ?? '—'} | ${r.longTasks} (${r.longestTaskMs}) |`);
}
if (bpe) {
  console.log(`\nBPE to a ${bpe.book.vocabSize}-token vocabulary, trained and tokenized in the page's worker:`);
  for (const r of [bpe.book, bpe.oneLine]) console.log(`- ${r.text} (${r.bytes} bytes): ${r.ms} ms, ${r.usPerByte} µs/byte (${r.tokens} tokens)`);
  console.log(`- one line / book, per byte: ${bpe.perByteRatio}× (target: within 3×)`);
}
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bench.json', JSON.stringify({ date: new Date().toISOString(), machine, bpe, results }, null, 2));
