// The long run's slice against a stand-in worker (its client replaced) and a stand-in fetch: a site
// without the long run's files says so plainly (a dev server answers with the page itself); an
// answer is labelled with the snapshot the worker says answered it, so a failed load of another
// snapshot cannot mislabel it; a failed answer keeps its error and the next question is still
// asked; a failed worker's snapshot is loaded again before the next question; Stop is sent.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LongRunCommand, LongRunEvent, LongRunManifest } from '../protocol/longRun';
import type { CompletionRequest } from '../protocol/completion';

const worker = vi.hoisted(() => ({ sent: [] as LongRunCommand[], onEvent: (_e: LongRunEvent): void => undefined }));
vi.mock('../worker/client', () => ({
  createEngineClient: () => ({ send: () => undefined }),
  createLongRunClient(onEvent: (e: LongRunEvent) => void) {
    worker.onEvent = onEvent;
    return { send: (cmd: LongRunCommand) => void worker.sent.push(cmd) };
  },
}));
vi.stubGlobal('window', { location: { href: 'http://127.0.0.1/', pathname: '/', search: '' }, history: { replaceState: () => undefined } });
const site = vi.hoisted(() => ({ answer: (): Response => new Response('{}') }));
vi.stubGlobal('fetch', async () => site.answer());

const { usePlayground: store } = await import('./store');
const { NOT_ON_SITE } = await import('./longRun');
afterAll(() => vi.unstubAllGlobals());

const chars = [...'\n abcdefghijklmnopqrstuvwxyz.'];
const manifest: LongRunManifest = {
  format: 1,
  text: 'moby-dick',
  command: 'npm run pretrain -- --threads 2',
  settings: { seed: 1, maxSteps: 20, lr: 1e-3, warmupSteps: 1, batchSize: 2 },
  tokenizer: { kind: 'char', chars },
  config: { vocabSize: chars.length, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8 },
  steps: 20,
  finished: true,
  wallSeconds: 1,
  snapshots: [0, 10, 20].map((step) => ({ step, file: `step-${step}.bin`, bytes: 1, valLoss: 3, wallSeconds: step })),
  curve: { evals: [], train: [] },
};
const request: CompletionRequest = { prompt: 'Call', n: 2, temperature: 1, topK: 0, topP: 1, greedy: false, maxNewTokens: 5, seed: 1 };

function sent<T extends LongRunCommand['type']>(type: T): Extract<LongRunCommand, { type: T }> {
  const cmd = worker.sent.filter((c): c is Extract<LongRunCommand, { type: T }> => c.type === type).at(-1);
  if (!cmd) throw new Error(`no ${type} was sent`);
  return cmd;
}
const say = (e: LongRunEvent) => worker.onEvent(e);
const settled = () =>
  vi.waitFor(() => expect(store.getState().longRun?.status === 'loading' && !store.getState().longRun?.manifest).toBe(false));

/** Opens the long run on a site that has it, with the last snapshot (20) loaded. */
async function opened(): Promise<void> {
  site.answer = () => Response.json(manifest);
  store.getState().openLongRun();
  await settled();
  const load = sent('longRun.load');
  say({ type: 'longRun.loaded', requestId: load.requestId, step: load.step, backend: 'wasm' });
}

beforeEach(() => {
  worker.sent.length = 0;
  store.setState({ longRun: null, longRunAnswer: null });
});

describe('the long run', () => {
  it('says plainly when its files are not on this site, however the site answers', async () => {
    const answers = [
      () => new Response('<!doctype html><html>…</html>', { headers: { 'content-type': 'text/html' } }),
      () => new Response('<!doctype html>', { headers: { 'content-type': 'application/octet-stream' } }),
      () => new Response('Not found', { status: 404, statusText: 'Not Found' }),
    ];
    for (const answer of answers) {
      site.answer = answer;
      store.getState().openLongRun();
      await settled();
      expect(store.getState().longRun).toMatchObject({ status: 'failed', message: expect.stringContaining(NOT_ON_SITE) });
      expect(store.getState().longRun?.message?.length).toBeLessThan(200);
    }
    expect(worker.sent).toEqual([]);
  });

  it('labels an answer with the snapshot that gave it: a failed load leaves the one before', async () => {
    await opened();
    expect(store.getState().longRun).toMatchObject({ status: 'ready', step: 20, loadedStep: 20 });
    store.getState().chooseLongRunStep(10);
    const failed = sent('longRun.load');
    expect(failed.step).toBe(10);
    say({ type: 'longRun.error', requestId: failed.requestId, message: 'Could not load step-10.bin (404 Not Found).' });
    expect(store.getState().longRun).toMatchObject({
      status: 'ready',
      step: 20,
      loadedStep: 20,
      message: expect.stringMatching(/^Step 10 could not be loaded: Could not load step-10\.bin/),
    });
    store.getState().askLongRun(request);
    const { requestId } = sent('longRun.complete');
    expect(store.getState().longRunAnswer).toMatchObject({ requestId, step: null, running: true });
    say({ type: 'longRun.started', requestId, step: 20, notices: [] });
    say({ type: 'longRun.tokens', requestId, texts: [' me', ' a'] });
    expect(store.getState().longRunAnswer).toMatchObject({ step: 20, texts: [' me', ' a'] });
  });

  it('keeps a failed answer’s error on the answer; the long run stays usable', async () => {
    await opened();
    store.getState().askLongRun(request);
    const first = sent('longRun.complete').requestId;
    say({ type: 'longRun.error', requestId: first, message: 'The prompt has no characters this model knows.' });
    expect(store.getState().longRunAnswer).toMatchObject({ running: false, error: 'The prompt has no characters this model knows.' });
    expect(store.getState().longRun).toMatchObject({ status: 'ready', loadedStep: 20 });
    expect(store.getState().longRun?.message).toBeUndefined();
    store.getState().askLongRun(request);
    expect(sent('longRun.complete').requestId).toBeGreaterThan(first);
    expect(store.getState().longRunAnswer).toMatchObject({ running: true });
    expect(store.getState().longRunAnswer?.error).toBeUndefined();
  });

  it('stops a running answer, and only a running one', async () => {
    await opened();
    store.getState().askLongRun(request);
    const { requestId } = sent('longRun.complete');
    store.getState().stopLongRun();
    expect(sent('longRun.stop')).toEqual({ type: 'longRun.stop', requestId });
    say({ type: 'longRun.done', requestId });
    worker.sent.length = 0;
    store.getState().stopLongRun();
    expect(worker.sent).toEqual([]);
  });

  it('after its worker failed, loads the chosen snapshot again before the next question', async () => {
    await opened();
    store.getState().askLongRun(request);
    say({ type: 'longRun.error', message: "The long run's worker failed: out of memory" });
    expect(store.getState().longRunAnswer).toMatchObject({ running: false, error: expect.stringMatching(/worker failed: out of memory/) });
    expect(store.getState().longRun).toMatchObject({ status: 'failed', loadedStep: null, step: 20 });
    worker.sent.length = 0;
    store.getState().askLongRun(request);
    expect(worker.sent.map((c) => c.type)).toEqual(['longRun.load', 'longRun.complete']);
    expect(sent('longRun.load').step).toBe(20);
  });

  it('sends a question asked while the manifest is read once the snapshot load is', async () => {
    site.answer = () => Response.json(manifest);
    store.getState().openLongRun();
    store.getState().askLongRun(request);
    expect(worker.sent).toEqual([]);
    await settled();
    expect(worker.sent.map((c) => c.type)).toEqual(['longRun.load', 'longRun.complete']);
  });
});
