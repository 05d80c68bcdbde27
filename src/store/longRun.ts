// The long run the page ships (protocol/longRun.ts): its manifest (read only when a person opens
// it), the snapshot chosen and loaded in its own worker (createLongRunClient in worker/client.ts),
// and its answer to the person's prompt: the same request the person's run gets (prompt, sampling,
// seed), so the two columns differ only by the weights. The answer is labelled with the snapshot
// the worker says answered it; a failed answer keeps its error and the long run stays usable.
import * as v from 'valibot';
import { createLongRunClient, type LongRunClient } from '../worker/client';
import { LONG_RUN_DIR, LongRunManifestSchema, type LongRunEvent, type LongRunManifest } from '../protocol/longRun';
import type { CompletionRequest } from '../protocol/completion';
import { errorMessage } from '../protocol/errors';
import type { SliceContext } from './slice';

export interface LongRunState {
  /**
   * 'loading' until the manifest and the chosen snapshot are in; 'failed' when nothing can answer
   * (no manifest, or no snapshot loaded), with `message`. A failed load with another snapshot
   * still loaded is 'ready', its message said beside.
   */
  status: 'loading' | 'ready' | 'failed';
  manifest: LongRunManifest | null;
  /** The snapshot asked for (back to the loaded one when a load fails). */
  step: number | null;
  /** The snapshot the worker holds (its answers are this step's). */
  loadedStep: number | null;
  backend?: string;
  message?: string;
}

export interface LongRunAnswer {
  requestId: number;
  prompt: string;
  /** The snapshot that answers, as the worker says once it starts; null until then. */
  step: number | null;
  /** One text per column, as the person's completion. */
  texts: string[];
  running: boolean;
  notices: string[];
  /** Why it stopped short, shown with it. */
  error?: string;
}

export interface LongRunSlice {
  longRun: LongRunState | null;
  longRunAnswer: LongRunAnswer | null;
  /** Reads the manifest and loads a snapshot (default: the last). */
  openLongRun(step?: number): void;
  /** Loads another snapshot; the answer on the page stays until the next prompt. */
  chooseLongRunStep(step: number): void;
  /** The long run continues this prompt (a newer question replaces the old). */
  askLongRun(request: CompletionRequest): void;
  /** Stops the long run's answer, if it is still being written. */
  stopLongRun(): void;
}

type Own = keyof LongRunSlice;

/** Said when the manifest is missing or is not JSON (a dev server answers a missing file with the page itself). */
export const NOT_ON_SITE = "The long run's files are not on this site (public/pretrained/moby-dick/; npm run pretrain makes them).";
const MAX_MESSAGE = 300;
const bounded = (message: string): string => (message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message);

/** The manifest's address under the page's base. */
const manifestUrl = (): string => new URL(`${import.meta.env.BASE_URL}${LONG_RUN_DIR}manifest.json`, window.location.href).href;

/** Reads and checks the manifest. @throws Error with a message a person can act on. */
async function fetchManifest(): Promise<LongRunManifest> {
  const response = await fetch(manifestUrl());
  if (!response.ok) throw new Error(`${NOT_ON_SITE} (${response.status} ${response.statusText})`);
  if (response.headers.get('content-type')?.includes('html')) throw new Error(NOT_ON_SITE);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new Error(NOT_ON_SITE);
  }
  const parsed = v.safeParse(LongRunManifestSchema, json);
  if (!parsed.success) throw new Error(`The long run's manifest is malformed: ${parsed.issues[0].message}`);
  return parsed.output;
}

export const createLongRunSlice = ({ set, get }: SliceContext<Own>): LongRunSlice => {
  let client: LongRunClient | null = null;
  let nextId = 1;
  let loadId = 0;
  /** A question asked while the manifest was still being read: sent once a snapshot load is. */
  let pending: CompletionRequest | null = null;
  const state = () => get().longRun;
  const onEvent = (e: LongRunEvent): void => {
    const answer = get().longRunAnswer;
    const mine = answer !== null && 'requestId' in e && e.requestId === answer.requestId;
    const s = state();
    switch (e.type) {
      case 'longRun.loaded':
        // what the worker holds, whichever load it was; ready once the one chosen now is in
        if (s)
          set({
            longRun: {
              ...s,
              loadedStep: e.step,
              backend: e.backend,
              ...(e.requestId === loadId && { status: 'ready', message: undefined }),
            },
          });
        return;
      case 'longRun.started':
        if (mine) set({ longRunAnswer: { ...answer, step: e.step, notices: e.notices } });
        return;
      case 'longRun.tokens':
        if (mine) set({ longRunAnswer: { ...answer, texts: answer.texts.map((t, i) => t + (e.texts[i] ?? '')) } });
        return;
      case 'longRun.done':
        if (mine) set({ longRunAnswer: { ...answer, running: false } });
        return;
      case 'longRun.error': {
        const message = bounded(e.message);
        if (mine) set({ longRunAnswer: { ...answer, running: false, error: message } });
        if (!s) return;
        if (e.requestId === undefined) {
          // the worker failed (a fresh one starts on the next command, holding nothing)
          set({ longRun: { ...s, status: 'failed', loadedStep: null, message } });
          if (answer?.running) set({ longRunAnswer: { ...answer, running: false, error: message } });
        } else if (e.requestId === loadId) {
          const step = s.step === null ? '' : ` ${s.step.toLocaleString('en-US')}`;
          set({
            longRun: {
              ...s,
              status: s.loadedStep === null ? 'failed' : 'ready',
              step: s.loadedStep ?? s.step,
              message: bounded(`Step${step} could not be loaded: ${e.message}`),
            },
          });
        }
        return;
      }
    }
  };
  const load = (manifest: LongRunManifest, step: number) => {
    const snapshot = manifest.snapshots.find((x) => x.step === step) ?? manifest.snapshots[manifest.snapshots.length - 1];
    loadId = nextId++;
    client ??= createLongRunClient(onEvent);
    const snapshotUrl = new URL(snapshot.file, manifestUrl()).href;
    const s = state();
    set({ longRun: { status: 'loading', manifest, step: snapshot.step, loadedStep: s?.loadedStep ?? null, backend: s?.backend } });
    client.send({ type: 'longRun.load', requestId: loadId, manifest, snapshotUrl, step: snapshot.step });
    const asked = pending;
    pending = null;
    if (asked) ask(asked);
  };
  /** The worker runs commands in order, so a question sent after a load is answered by that snapshot. */
  const ask = (request: CompletionRequest) => {
    const s = state();
    if (!s) return;
    if (!s.manifest || !client) {
      if (s.status === 'loading') pending = request; // the manifest is being read
      return;
    }
    // nothing loaded (a load failed, or the worker did): load the chosen snapshot again first
    if (s.loadedStep === null && s.status !== 'loading' && s.step !== null) load(s.manifest, s.step);
    const old = get().longRunAnswer;
    if (old?.running) client.send({ type: 'longRun.stop', requestId: old.requestId });
    const requestId = nextId++;
    set({
      longRunAnswer: {
        requestId,
        prompt: request.prompt,
        step: null,
        texts: Array.from({ length: request.n }, () => ''),
        running: true,
        notices: [],
      },
    });
    client.send({ type: 'longRun.complete', requestId, request });
  };
  return {
    longRun: null,
    longRunAnswer: null,
    openLongRun(step) {
      const s = state();
      if (s?.manifest) return load(s.manifest, step ?? s.step ?? s.manifest.snapshots[s.manifest.snapshots.length - 1].step);
      set({ longRun: { status: 'loading', manifest: null, step: null, loadedStep: null } });
      void (async () => {
        try {
          const manifest = await fetchManifest();
          load(manifest, step ?? manifest.snapshots[manifest.snapshots.length - 1].step);
        } catch (e) {
          pending = null;
          set({ longRun: { status: 'failed', manifest: null, step: null, loadedStep: null, message: bounded(errorMessage(e)) } });
        }
      })();
    },
    chooseLongRunStep(step) {
      const s = state();
      if (s?.manifest) load(s.manifest, step);
    },
    askLongRun: ask,
    stopLongRun() {
      const a = get().longRunAnswer;
      if (a?.running) client?.send({ type: 'longRun.stop', requestId: a.requestId });
    },
  };
};
