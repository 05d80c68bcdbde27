// The real store against a stand-in worker (its client replaced): each slice asks through the
// requests helper and changes only when the worker answers. A completion hears only its own
// request; Apply writes the URL only once its run exists, a refusal changes nothing, a lab's run
// never writes it; a text dropped while another is read is taken next; a lab keeps the person's
// run; a crashed worker's unanswered requests are forgotten and the person's run comes back.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import { DEFAULT_SETTINGS, PRESETS } from '../protocol/settings';
import { copyTask, describeRun, mobyDick, noHistory } from '../protocol/fixtures/run';
import type { RunDescription } from '../protocol/run';

const worker = vi.hoisted(() => ({
  sent: [] as EngineCommand[],
  onEvent: (_e: EngineEvent): void => undefined,
  onCrash: (_why: string): void => undefined,
}));
vi.mock('../worker/client', () => ({
  createEngineClient(onEvent: (e: EngineEvent) => void, onCrash: (why: string) => void) {
    [worker.onEvent, worker.onCrash] = [onEvent, onCrash];
    return { send: (cmd: EngineCommand) => void worker.sent.push(cmd) };
  },
}));
const location = { href: 'http://127.0.0.1/?preset=tiny', pathname: '/', search: '?preset=tiny' };
vi.stubGlobal('window', {
  location,
  history: {
    replaceState: (_: unknown, __: string, url: string) =>
      Object.assign(location, { search: url.slice(1), href: `http://127.0.0.1${url}` }),
  },
});

const { usePlayground } = await import('./store');
const store = usePlayground;

/** The last command of this type the page sent. */
function sent<T extends EngineCommand['type']>(type: T): Extract<EngineCommand, { type: T }> {
  const cmd = worker.sent.filter((c): c is Extract<EngineCommand, { type: T }> => c.type === type).at(-1);
  if (!cmd) throw new Error(`no ${type} was sent`);
  return cmd;
}
/** The worker says `e`; the promises waiting for it settle. */
async function say(e: EngineEvent): Promise<void> {
  worker.onEvent(e);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
const replaced = (
  run: RunDescription,
  requestId?: number,
  cause: 'reset' | 'apply' | 'lab.start' | 'lab.end' | 'corpus' | 'restore' = 'reset',
) => say({ type: 'run.replaced', requestId, cause, run, history: noHistory() });

const tiny = { ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny' as const };

beforeAll(async () => {
  store.getState().init(location.search);
  await say({
    type: 'run.replaced',
    requestId: sent('init').requestId,
    cause: 'init',
    run: describeRun({ settings: tiny }),
    history: noHistory(),
  });
});
beforeEach(() => {
  worker.sent.length = 0;
});

describe('requests through the store', () => {
  it('the first text leaves the link as it was given', () => {
    expect(store.getState()).toMatchObject({ runId: 1, corpusStatus: { kind: 'idle' } });
    expect(location.search).toBe('?preset=tiny');
  });

  it('a completion hears only its own request, and a newer one replaces it', async () => {
    const ask = { prompt: 'Call', n: 2, temperature: 1, topK: 0, topP: 1, greedy: false, maxNewTokens: 5, seed: 1 };
    store.getState().complete(ask);
    const first = sent('completion.start').requestId;
    await say({ type: 'completion.tokens', requestId: first, texts: [' me', ' a'] });
    store.getState().complete(ask);
    const second = sent('completion.start').requestId;
    await say({ type: 'completion.tokens', requestId: first, texts: [' stale', ' stale'] });
    await say({ type: 'completion.done', requestId: first });
    await say({ type: 'completion.tokens', requestId: second, texts: [' Ish', ''] });
    expect(store.getState().completion).toMatchObject({ requestId: second, texts: [' Ish', ''], running: true });
    await say({ type: 'error', code: 'completion', message: 'There is no model yet.', requestId: second });
    expect(store.getState().completion?.running).toBe(false);
    expect(store.getState().errors.at(-1)?.message).toBe('There is no model yet.');
  });

  it('Apply changes the form and the URL only once its run exists; a refusal changes nothing', async () => {
    const version = store.getState().settingsVersion;
    store.getState().applySettings({ ...tiny, blockSize: 512 });
    const refused = sent('run.reset').requestId;
    expect(store.getState().applying?.requestId).toBe(refused);
    await say({ type: 'error', code: 'settings', message: 'A context of 512 is too long.', requestId: refused });
    expect(store.getState()).toMatchObject({ applying: null, settings: tiny, settingsVersion: version + 1 });
    expect(location.search).toBe('?preset=tiny');

    const wider = { ...tiny, nEmbd: 96 };
    store.getState().applySettings(wider);
    await replaced(describeRun({ runId: 2, settings: wider }), sent('run.reset').requestId, 'apply');
    expect(store.getState()).toMatchObject({ applying: null, settings: wider, runId: 2 });
    expect(location.search).toContain('nEmbd=96');
  });

  it("a lab's run keeps the person's run: never the URL or the form; its end brings the person's run back", async () => {
    const before = { search: location.search, version: store.getState().settingsVersion, person: store.getState().settings };
    store.getState().startTask('copy');
    const { requestId, lab } = sent('lab.start');
    expect(lab).toEqual({ kind: 'fewshot', task: 'copy' });
    const kept = { runId: 2, settings: before.person, corpus: mobyDick, step: 340, savedId: 's', saved: null };
    const labSettings = { ...before.person, nLayer: 2, nEmbd: 64 };
    await replaced(describeRun({ runId: 3, settings: labSettings, corpus: copyTask, lab: 'fewshot', kept }), requestId, 'lab.start');
    expect(store.getState()).toMatchObject({ runId: 3, settingsVersion: before.version, labPending: false });
    expect(location.search).toBe(before.search);

    const ended = store.getState().endLab();
    await replaced(
      describeRun({ runId: 2, settings: before.person, corpus: mobyDick, step: 340, state: 'paused' }),
      sent('lab.end').requestId,
      'lab.end',
    );
    await ended;
    expect(store.getState()).toMatchObject({ runId: 2, step: 340, runState: 'paused', settings: before.person });
    expect(location.search).toBe(before.search);
  });

  it('a text dropped while another is read waits and is read next: the latest drop wins', async () => {
    store.getState().selectBook('sotu');
    const book = sent('corpus.use').requestId;
    expect(store.getState().corpusStatus).toMatchObject({ kind: 'preparing', requestId: book });
    await store.getState().loadFiles([new File(['first'], 'first.txt')]);
    await store.getState().loadFiles([new File(['second'], 'second.txt')]);
    expect(worker.sent.filter((c) => c.type === 'corpus.use')).toHaveLength(1);
    await say({ type: 'corpus.progress', requestId: book, phase: 'tokenizing', fraction: 0.5 });
    expect(store.getState().corpusStatus).toMatchObject({ kind: 'preparing', phase: 'tokenizing', fraction: 0.5 });
    await say({ type: 'corpus.rejected', requestId: book, message: 'Could not load State of the Union addresses.' });
    await vi.waitFor(() => expect(worker.sent.filter((c) => c.type === 'corpus.use')).toHaveLength(2));
    const files = sent('corpus.use');
    expect(files.corpus).toMatchObject({ kind: 'files', files: [{ name: 'second.txt' }] });
    expect(store.getState().errors.at(-1)?.message).toBe('Could not load State of the Union addresses.');
    await say({ type: 'corpus.staged', requestId: files.requestId, name: 'second.txt' });
    expect(store.getState().corpusStatus).toMatchObject({ kind: 'staged', name: 'second.txt' });
    store.getState().commitCorpus(true);
    await replaced(
      describeRun({ runId: 5, corpus: { ...mobyDick, name: 'second.txt', origin: { kind: 'own' } } }),
      files.requestId,
      'corpus',
    );
    expect(store.getState()).toMatchObject({ corpusStatus: { kind: 'idle' }, runId: 5 });
    expect(store.getState().ownFiles?.map((f) => f.name)).toEqual(['second.txt']);
  });

  it("after a crash, what the old worker was asked is forgotten, and the person's run comes back from its save, training on", async () => {
    await replaced(describeRun({ runId: 6, step: 230, saved: { step: 200, savedAt: 1 }, savedId: 'mine' }), undefined, 'restore');
    await say({ type: 'run.state', runId: 6, state: 'running', step: 230 });
    store.getState().applySettings(tiny);
    expect(store.getState().applying).not.toBeNull();
    worker.onCrash('Out of memory');
    await vi.waitFor(() => expect(store.getState().applying).toBeNull());
    expect(sent('init')).toMatchObject({ corpus: { kind: 'book', id: 'moby-dick' } });
    const restore = sent('run.restore');
    expect(restore.savedId).toBe('mine');
    expect(store.getState().errors.at(-1)?.message).toMatch(/went back to its save at step 200: 30 steps are being redone/);
    await replaced(describeRun({ runId: 1, step: 200, state: 'paused', savedId: 'mine' }), restore.requestId, 'restore');
    expect(sent('run.resume')).toEqual({ type: 'run.resume', runId: 1 });
  });
});
