// The one zustand store: the worker's reports (state.ts) plus the actions the UI calls. Actions
// send commands; the state changes only when the worker answers (it owns the truth).
import { create } from 'zustand';
import { createEngineClient, type EngineClient } from '../worker/client';
import { applyEvent, initialData, type PlaygroundData } from './state';
import { parseSettings, settingsToParams, type RunSettings } from '../train/settings';
import type { GenerateRequest } from '../worker/protocol';

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
  dismissError(id: number): void;
  dismissProblems(): void;
}

export type PlaygroundStore = PlaygroundData & PlaygroundActions;

let client: EngineClient | null = null;
let nextRequestId = 1;

const CORPUS = { name: 'Moby Dick', file: 'corpus/moby-dick.txt' };

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
      // An absolute URL: inside the worker a relative one would resolve against its own folder.
      const corpusUrl = new URL(`${import.meta.env.BASE_URL}${CORPUS.file}`, window.location.href).href;
      send({ type: 'init', corpusUrl, corpusName: CORPUS.name, settings });
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
      set({ runState: 'loading' });
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

