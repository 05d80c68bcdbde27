// A drop as the page takes it, against a stand-in worker: the handed folder (a Mac's AppleDouble
// companions and .DS_Store beside three chapters) sends the chapters alone and names the four it
// skipped; a drop while the first text is still being read (the first second after load) waits
// and is read as soon as that text is ready, never refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import { DEFAULT_SETTINGS, PRESETS } from '../protocol/settings';
import { describeRun, noHistory } from '../protocol/fixtures/run';

const worker = vi.hoisted(() => ({ sent: [] as EngineCommand[], onEvent: (_e: EngineEvent): void => undefined }));
vi.mock('../worker/client', () => ({
  createEngineClient(onEvent: (e: EngineEvent) => void) {
    worker.onEvent = onEvent;
    return { send: (cmd: EngineCommand) => void worker.sent.push(cmd) };
  },
}));
const location = { href: 'http://127.0.0.1/?preset=tiny', pathname: '/', search: '?preset=tiny' };
vi.stubGlobal('window', { location, history: { replaceState: () => undefined } });

const { usePlayground: store } = await import('./store');

const FOLDER = join(__dirname, '../data/fixtures/folder-with-mac-metadata');
/** The folder's files as the drop zone hands them over: Files with their path in the drop. */
const droppedFolder = (): File[] =>
  readdirSync(FOLDER).map((name) =>
    Object.defineProperty(new File([readFileSync(join(FOLDER, name))], name), 'path', { value: `/folder-with-mac-metadata/${name}` }),
  );

const corpusUses = () => worker.sent.filter((c): c is Extract<EngineCommand, { type: 'corpus.use' }> => c.type === 'corpus.use');
async function say(e: EngineEvent): Promise<void> {
  worker.onEvent(e);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  worker.sent.length = 0;
});

describe('dropping files', () => {
  it('a drop while the first text is still read waits, then is read: nothing to drop again', async () => {
    store.getState().init(location.search);
    const init = worker.sent.find((c) => c.type === 'init');
    if (init?.type !== 'init') throw new Error('no init sent');
    expect(store.getState().corpusStatus.kind).toBe('preparing');
    await store.getState().loadFiles([new File(['latin words '.repeat(100)], 'latin-words.txt')]);
    expect(corpusUses()).toHaveLength(0);
    expect(store.getState().errors).toEqual([]);
    const tiny = { ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny' as const };
    await say({
      type: 'run.replaced',
      requestId: init.requestId,
      cause: 'init',
      run: describeRun({ settings: tiny }),
      history: noHistory(),
    });
    await vi.waitFor(() => expect(corpusUses()).toHaveLength(1));
    expect(corpusUses()[0].corpus).toMatchObject({ kind: 'files', files: [{ name: 'latin-words.txt' }] });
    await say({ type: 'corpus.rejected', requestId: corpusUses()[0].requestId });
  });

  it('the handed folder sends its three chapters and names the four files the Mac added', async () => {
    await store.getState().loadFiles(droppedFolder());
    const [use] = corpusUses();
    expect(use.corpus.kind === 'files' && use.corpus.files.map((f) => f.name).sort()).toEqual([
      'chapter-1.txt',
      'chapter-2.txt',
      'chapter-3.txt',
    ]);
    expect(store.getState().errors.map((e) => [e.kind, e.message])).toEqual([
      [
        'notice',
        expect.stringMatching(
          /^Skipped 4 files a Mac or Windows adds: (\.DS_Store|\._chapter-\d\.txt)(, (\.DS_Store|\._chapter-\d\.txt)){3}\./,
        ),
      ],
    ]);
  });
});
