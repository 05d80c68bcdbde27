// The one zustand store: the worker's reports (state.ts) plus the actions the UI calls. Actions
// send commands; the state changes only when the worker answers (it owns the truth).
import { create } from 'zustand';
import { createEngineClient, type EngineClient } from '../worker/client';
import { applyEvent, initialData, withError, type CorpusId, type PlaygroundData } from './state';
import { checkFileSize } from '../data/textFile';
import { parseSettings, settingsToParams, type RunSettings } from '../train/settings';
import type { CorpusRequest, GenerateRequest, TokenizerChoice } from '../worker/protocol';

export interface PlaygroundActions {
  /** Starts the worker with settings from the URL; idempotent. */
  init(search: string): void;
  train(): void;
  pause(): void;
  resume(): void;
  /** Discards the weights and builds a fresh model (with new settings, when given). */
  reset(settings?: RunSettings): void;
  generate(req: GenerateRequest): void;
  stopGenerating(): void;
  /** Trains on a bundled corpus, the person's files, or pasted text (a fresh model). */
  selectBuiltin(id: Exclude<CorpusId, 'own'>): void;
  loadFiles(files: File[]): Promise<void>;
  loadText(text: string): Promise<void>;
  /** Re-tokenizes the current corpus (a fresh model: the vocabulary changes). */
  setTokenizer(choice: TokenizerChoice): void;
  /** The person's answer to "replace the trained run with the staged corpus?". */
  commitCorpus(accept: boolean): void;
  dismissError(id: number): void;
  dismissProblems(): void;
}

export type PlaygroundStore = PlaygroundData & PlaygroundActions;

let client: EngineClient | null = null;
let nextRequestId = 1;

export const BUILTIN_CORPORA = {
  'moby-dick': { name: 'Moby Dick', file: 'corpus/moby-dick.txt' },
  sotu: { name: 'State of the Union addresses, 1983–2021', file: 'corpus/sotu.txt' },
} as const;

// An absolute URL: inside the worker a relative one would resolve against its own folder.
const builtinRequest = (id: keyof typeof BUILTIN_CORPORA): CorpusRequest => ({
  kind: 'url',
  url: new URL(`${import.meta.env.BASE_URL}${BUILTIN_CORPORA[id].file}`, window.location.href).href,
  name: BUILTIN_CORPORA[id].name,
});

export const usePlayground = create<PlaygroundStore>()((set, get) => {
  const send: EngineClient['send'] = (cmd) => client?.send(cmd);
  return {
    ...initialData,
    init(search) {
      if (client) return;
      const params = new URLSearchParams(search);
      const { settings, problems } = parseSettings((key) => params.get(key));
      set({ settings, settingsProblems: problems });
      client = createEngineClient((event) => set((s) => applyEvent(s, event)));
      send({ type: 'init', corpus: builtinRequest('moby-dick'), tokenizer: get().tokenizer, settings });
    },
    train: () => send({ type: 'run.start' }),
    pause: () => send({ type: 'run.pause' }),
    resume: () => send({ type: 'run.resume' }),
    reset(settings) {
      const next = settings ?? get().settings;
      if (settings) {
        // The URL reproduces the run: share it and the same model trains again.
        const query = settingsToParams(next).toString();
        window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
        set({ settingsProblems: [] });
      }
      send({ type: 'run.reset', settings: next });
    },
    generate(req) {
      const requestId = nextRequestId++;
      set({ generation: { requestId, text: '', running: true, notices: [] } });
      send({ type: 'sample.start', requestId, ...req });
    },
    stopGenerating() {
      const g = get().generation;
      if (g?.running) send({ type: 'sample.stop', requestId: g.requestId });
    },
    selectBuiltin(id) {
      set({ pendingCorpus: { id } });
      const { tokenizer, settings } = get();
      send({ type: 'corpus.use', corpus: builtinRequest(id), tokenizer, settings });
    },
    async loadFiles(files) {
      // Refuse an oversized file before reading it into memory.
      for (const f of files) {
        const problem = checkFileSize(f.name, f.size);
        if (problem) return set((s) => withError(s, problem));
      }
      set({ pendingCorpus: { id: 'own', files }, corpusLoading: { phase: 'reading', fraction: 0 } });
      let read: { name: string; bytes: ArrayBuffer }[];
      try {
        read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        return set((s) => ({ ...withError(s, `Could not read ${files.map((f) => f.name).join(', ')}: ${reason}`), corpusLoading: null, pendingCorpus: null }));
      }
      const { tokenizer, settings } = get();
      // Transfer, not copy: a large file's bytes move to the worker.
      client?.send(
        { type: 'corpus.use', corpus: { kind: 'files', files: read }, tokenizer, settings },
        read.map((f) => f.bytes),
      );
    },
    loadText(text) {
      return get().loadFiles([new File([text], 'pasted text.txt', { type: 'text/plain' })]);
    },
    setTokenizer(choice) {
      const { settings } = get();
      send({ type: 'corpus.use', corpus: { kind: 'current' }, tokenizer: choice, settings });
    },
    commitCorpus(accept) {
      set(accept ? { stagedCorpus: null } : { stagedCorpus: null, pendingCorpus: null });
      send({ type: 'corpus.commit', accept });
    },
    dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
    dismissProblems: () => set({ settingsProblems: [] }),
  };
});

/** For tests and hot reload: forget the worker and the data. */
export function resetPlayground(): void {
  client?.dispose();
  client = null;
  usePlayground.setState(initialData);
}

