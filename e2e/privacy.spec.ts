// Nothing leaves the machine: a person loads the page, trains, pauses, asks for a completion and
// brings their own text (dropped, then pasted), and every request the page and its worker make
// goes to the page's own origin, with no Content-Security-Policy violation anywhere.
//
// WebAssembly backend: the fastest here (no GPU, WebGPU is SwiftShader) and the one the policy
// could break (compiling WebAssembly needs 'wasm-unsafe-eval').
import type { Worker } from '@playwright/test';
import { dropFiles, expect, open, runState, stat, test, TINY } from './playground';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

declare global {
  var cspViolations: Violation[] | undefined;
}

/** Records every CSP violation in this global scope (page or worker) to globalThis.cspViolations. */
function recordViolations(): void {
  globalThis.cspViolations = [];
  globalThis.addEventListener('securitypolicyviolation', (e) => {
    if (e instanceof SecurityPolicyViolationEvent)
      globalThis.cspViolations!.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
  });
}

test('nothing leaves the machine: every request stays on the page origin, and the CSP blocks nothing', async ({ page, baseURL, watch }) => {
  void watch; // also: no console errors (a blocked script or style logs one)
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  const workers: Worker[] = [];
  const workerPolicies: (string | undefined)[] = [];
  // The context sees the worker's own fetches (its module chunks, the .wasm files, the book).
  page.context().on('request', (r) => requests.push(r.url()));
  page.context().on('response', (r) => {
    if (r.request().resourceType() === 'script' && /engine\.worker/.test(r.url()))
      workerPolicies.push(r.headers()['content-security-policy']);
  });
  await page.addInitScript(recordViolations);
  // A worker keeps its own policy and reports its violations to itself, not to the page.
  page.on('worker', (w) => {
    workers.push(w);
    void w.evaluate(recordViolations).catch(() => undefined);
  });

  await open(page, { ...TINY, backend: 'wasm', blockSize: '16', evalEvery: '5', sampleEvery: '10', sampleLength: '20' });
  // The built page carries the policy, and so does the worker script's response.
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
  ]) {
    expect(policy).toContain(directive);
  }
  expect(workerPolicies.length, 'the worker script was loaded').toBeGreaterThan(0);
  for (const p of workerPolicies) expect(p, 'the worker runs under the same policy').toBe(policy);
  await expect(page.getByRole('region', { name: 'Backend' })).toContainText('WebAssembly');
  await expect(page.getByRole('region', { name: 'Corpus' })).toContainText('Moby Dick'); // the bundled book

  // Train a few steps: the worker is not blocked, it steps.
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThanOrEqual(5);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');

  // A completion from the paused model.
  await page.getByLabel('Completions', { exact: true }).fill('1');
  await page.getByLabel('Max new tokens').fill('20');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('completion-text')).toHaveText(/^.{20}$/s);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();

  // Their own text, dropped: it replaces the trained model once they say so, and trains.
  await dropFiles(page, [{ name: 'diary.txt', content: 'dear diary, today I trained a model. '.repeat(100) }]);
  await page.getByRole('dialog').getByRole('button', { name: 'Switch' }).click();
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus).toContainText('diary.txt');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');

  // And pasted.
  await page.locator('summary', { hasText: 'Paste text' }).click();
  await page.getByLabel('Paste text').fill('a letter to nobody in particular. '.repeat(100));
  await page.getByRole('button', { name: 'Use this text' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Switch' }).click();
  await expect(corpus).toContainText('pasted text.txt');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step')).toBeGreaterThanOrEqual(2);

  // Every request, the worker's included, went to the page's own origin (data: and blob: are local).
  expect(requests.length).toBeGreaterThan(0);
  expect(
    requests.filter((u) => /\.wasm$/.test(new URL(u).pathname)),
    'the worker fetched its .wasm',
  ).not.toEqual([]);
  const foreign = requests.filter((u) => {
    const url = new URL(u);
    return url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin;
  });
  expect(foreign, 'requests to other origins').toEqual([]);

  // No violation in the page or in any worker.
  expect(await page.evaluate(() => globalThis.cspViolations), 'CSP violations in the page').toEqual([]);
  expect(workers.length).toBeGreaterThan(0);
  for (const w of workers) expect(await w.evaluate(() => globalThis.cspViolations), `CSP violations in worker ${w.url()}`).toEqual([]);
});
