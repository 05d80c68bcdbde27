// The compression and compare-runs slices against a stand-in worker (its client replaced), as
// slices.test.ts does: the yardsticks are asked for once per run and dropped with it; a job shows
// its own progress, its answer, a refusal or Stop; a restored text is "identical" only when it
// equals the text compressed here; a file too big is refused on the page, never read, one that cannot
// be read is said, a double click starts one job, a long name is sent bounded; a comparison fills
// its columns in the order asked, says a run that cannot answer in its place, stops, and drops a
// replaced comparison's late columns.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { describeRun, noHistory } from '../protocol/fixtures/run';
import { compressionEvents } from '../protocol/fixtures/compression';
import { DECOMPRESS_LIMIT_BYTES } from '../protocol/compression';

const worker = vi.hoisted(() => ({ sent: [] as EngineCommand[], onEvent: (_e: EngineEvent): void => undefined }));
vi.mock('../worker/client', () => ({
  createEngineClient(onEvent: (e: EngineEvent) => void) {
    worker.onEvent = onEvent;
    return { send: (cmd: EngineCommand) => void worker.sent.push(cmd) };
  },
}));
vi.stubGlobal('window', { location: { href: 'http://127.0.0.1/', pathname: '/', search: '' }, history: { replaceState: () => undefined } });
vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined }));
vi.stubGlobal('document', { createElement: () => ({ click: () => undefined }) });

const { usePlayground: store } = await import('./store');

function sent<T extends EngineCommand['type']>(type: T): Extract<EngineCommand, { type: T }> {
  const cmd = worker.sent.filter((c): c is Extract<EngineCommand, { type: T }> => c.type === type).at(-1);
  if (!cmd) throw new Error(`no ${type} was sent`);
  return cmd;
}
async function say(e: EngineEvent): Promise<void> {
  worker.onEvent(e);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
const fixture = <T extends EngineEvent['type']>(type: T) =>
  compressionEvents.find((e): e is Extract<EngineEvent, { type: T }> => e.type === type)!;

beforeAll(async () => {
  store.getState().init('');
  await say({
    type: 'run.replaced',
    requestId: sent('init').requestId,
    cause: 'init',
    run: describeRun({ settings: DEFAULT_SETTINGS }),
    history: noHistory(),
  });
});
beforeEach(() => void (worker.sent.length = 0));

describe('compression slice', () => {
  it('asks for the yardsticks once per run, and forgets them with the run', async () => {
    store.getState().measureBaselines();
    store.getState().measureBaselines();
    expect(worker.sent.filter((c) => c.type === 'compression.baselines')).toHaveLength(1);
    const { requestId, runId } = sent('compression.baselines');
    await say({ ...fixture('compression.measured'), requestId, runId });
    expect(store.getState().baselines).toEqual({ runId, baselines: fixture('compression.measured').baselines });
    await say({ type: 'run.replaced', cause: 'reset', run: describeRun({ runId: runId + 1 }), history: noHistory() });
    expect(store.getState().baselines).toBeNull();
  });

  it('a compression shows its progress and its file; decompressing it again is identical', async () => {
    store.getState().compress({ kind: 'text', name: 'a paragraph', text: 'Call me Ishmael.' });
    const { requestId } = sent('compression.compress');
    await say({ type: 'compression.progress', requestId: requestId + 99, done: 3, total: 9 }); // another job's
    await say({ type: 'compression.progress', requestId, done: 5, total: 16 });
    expect(store.getState().coding).toEqual({ requestId, kind: 'compress', done: 5, total: 16 });
    await say({ ...fixture('compression.compressed'), requestId });
    expect(store.getState().coding).toBeNull();
    expect(store.getState().compressed?.fileName).toBe('moby-dick-step300.ppac');

    await store.getState().decompress(new File([new Uint8Array(30)], 'x.ppac'));
    await say({ ...fixture('compression.decompressed'), requestId: sent('compression.decompress').requestId });
    expect(store.getState().decompressed?.identical).toBe(true);
    await store.getState().decompress(new File([new Uint8Array(30)], 'y.ppac'));
    const other = fixture('compression.decompressed');
    await say({ ...other, requestId: sent('compression.decompress').requestId, result: { ...other.result, text: 'Another text.' } });
    expect(store.getState().decompressed?.identical).toBe(false);
  });

  it('a refusal is said beside the buttons; Stop is said as stopped; a file too big is never sent', async () => {
    store.getState().compress({ kind: 'validation' });
    await say({
      type: 'error',
      code: 'compression',
      message: 'Pause training before compressing.',
      requestId: sent('compression.compress').requestId,
    });
    expect(store.getState().codingError).toBe('Pause training before compressing.');
    store.getState().compress({ kind: 'validation' });
    expect(store.getState().codingError).toBeNull();
    store.getState().stopCoding();
    expect(sent('compression.stop').requestId).toBe(sent('compression.compress').requestId);
    await say({ type: 'compression.stopped', requestId: sent('compression.compress').requestId });
    expect(store.getState()).toMatchObject({ coding: null, codingStopped: 'Stopped.' });
    store.getState().compress({ kind: 'validation' });
    expect(store.getState().codingStopped).toBeNull();
    const reason = 'Stopped to reset the run.';
    await say({ type: 'compression.stopped', requestId: sent('compression.compress').requestId, reason });
    expect(store.getState()).toMatchObject({ coding: null, codingStopped: reason });
    worker.sent.length = 0;
    await store.getState().decompress(new File([new Uint8Array(DECOMPRESS_LIMIT_BYTES + 1)], 'big.ppac'));
    expect(worker.sent).toEqual([]);
    expect(store.getState().codingError).toMatch(/^This file has 1,000,001 bytes; Decompress reads files up to 1,000,000 bytes/);
  });

  it("sends a file's name bounded: the worker refuses one over 200 characters", async () => {
    store.getState().compress({ kind: 'text', name: `${'n'.repeat(250)}.txt`, text: 'the cat' });
    const { target } = sent('compression.compress');
    expect(target.kind === 'text' && target.name).toBe(`${'n'.repeat(32)}… (254 characters)`);
    await say({ type: 'compression.stopped', requestId: sent('compression.compress').requestId });
  });

  it('a double click on a file starts one job; a file that cannot be read is said in an alert', async () => {
    expect(store.getState().coding).toBeNull();
    const file = new File([new Uint8Array(30)], 'x.ppac');
    await Promise.all([store.getState().decompress(file), store.getState().decompress(file)]);
    expect(worker.sent.filter((c) => c.type === 'compression.decompress')).toHaveLength(1);
    await say({ type: 'compression.stopped', requestId: sent('compression.decompress').requestId });

    worker.sent.length = 0;
    const gone = Object.assign(new File(['x'], 'moved.ppac'), {
      arrayBuffer: () => Promise.reject(new DOMException('The requested file could not be read.', 'NotReadableError')),
    });
    await store.getState().decompress(gone);
    expect(worker.sent).toEqual([]);
    expect(store.getState().coding).toBeNull();
    expect(store.getState().errors.at(-1)?.message).toBe(
      'Could not read moved.ppac: The requested file could not be read. Choose the file again.',
    );
  });
});

describe('compare slice', () => {
  const request = { prompt: 'The sea', temperature: 0.8, topK: 0, topP: 1, greedy: false, maxNewTokens: 20, seed: 1 };
  const column = fixture('compare.column').column;
  it('fills the columns in the order asked, and drops the late columns of a replaced comparison', async () => {
    store.getState().compareRuns(['a1', 'b2'], request);
    const first = sent('compare.runs');
    expect(first.request.n).toBe(1);
    store.getState().compareRuns(['a1', 'b2', 'c3'], request);
    const second = sent('compare.runs');
    await say({ type: 'compare.column', requestId: first.requestId, index: 0, column });
    await say({ type: 'compare.column', requestId: second.requestId, index: 2, column: { ...column, savedId: 'c3' } });
    expect(store.getState().comparison?.columns.map((c) => c?.savedId ?? null)).toEqual([null, null, 'c3']);
    await say({ type: 'compare.done', requestId: second.requestId });
    expect(store.getState().comparison?.running).toBe(false);
  });

  it('a failure is said in the comparison', async () => {
    store.getState().compareRuns(['a1', 'b2'], request);
    await say({
      type: 'error',
      code: 'completion',
      message: 'The engine is not initialised yet.',
      requestId: sent('compare.runs').requestId,
    });
    expect(store.getState().comparison).toMatchObject({ running: false, error: 'The engine is not initialised yet.' });
  });

  it("a run that cannot answer is said in its place, and the others' columns stay", async () => {
    store.getState().compareRuns(['gone', 'b2'], request);
    const { requestId } = sent('compare.runs');
    await say({ type: 'compare.failed', requestId, index: 0, message: 'That saved run is gone.' });
    await say({ type: 'compare.column', requestId, index: 1, column: { ...column, savedId: 'b2' } });
    await say({ type: 'compare.done', requestId });
    expect(store.getState().comparison).toMatchObject({
      ...{ savedIds: ['gone', 'b2'], failures: ['That saved run is gone.', null], running: false, error: null },
    });
    expect(store.getState().comparison?.columns.map((c) => c?.savedId ?? null)).toEqual([null, 'b2']);
  });

  it('Stop ends a comparison, and says why when the worker stopped it; a newer one stops the old', async () => {
    store.getState().compareRuns(['a1', 'b2'], request);
    const first = sent('compare.runs');
    store.getState().stopComparison();
    expect(sent('compare.stop').requestId).toBe(first.requestId);
    await say({ type: 'compare.stopped', requestId: first.requestId });
    expect(store.getState().comparison).toMatchObject({ running: false, stopped: 'Stopped.' });

    store.getState().compareRuns(['a1', 'b2'], request);
    const second = sent('compare.runs');
    worker.sent.length = 0;
    store.getState().compareRuns(['a1', 'c3'], request);
    expect(sent('compare.stop').requestId).toBe(second.requestId);
    const third = sent('compare.runs');
    await say({ type: 'compare.stopped', requestId: third.requestId, reason: 'Stopped to load a saved run.' });
    expect(store.getState().comparison).toMatchObject({
      requestId: third.requestId,
      running: false,
      stopped: 'Stopped to load a saved run.',
    });
  });
});
