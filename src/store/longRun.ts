// The long run the page ships (protocol/longRun.ts): its manifest (read only when a person opens
// it), the snapshot chosen and loaded in its own worker (worker/longRunClient.ts), and its answer
// to the person's prompt: the same request the person's run gets (prompt, sampling, seed), so the
// two columns differ only by the weights.
import * as v from 'valibot';
import { createLongRunClient, type LongRunClient } from '../worker/client';
import { LONG_RUN_DIR, LongRunManifestSchema, type LongRunEvent, type LongRunManifest } from '../protocol/longRun';
import type { CompletionRequest } from '../protocol/completion';
import { errorMessage } from '../protocol/errors';
import type { SliceContext } from './slice';

export interface LongRunState {
  /** 'loading' until the manifest and the chosen snapshot are in; 'failed' with a message. */
  status: 'loading' | 'ready' | 'failed';
  manifest: LongRunManifest | null;
  /** The snapshot asked for. */
  step: number | null;
  /** The snapshot the worker holds (its answers are this step's). */
  loadedStep: number | null;
  backend?: string;
  message?: string;
}

export interface LongRunAnswer {
  requestId: number;
  prompt: string;
  /** The snapshot that answers. */
  step: number;
  /** One text per column, as the person's completion. */
  texts: string[];
  running: boolean;
  notices: string[];
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
  stopLongRun(): void;
}

type Own = keyof LongRunSlice;

/** The manifest's address under the page's base. */
const manifestUrl = (): string => new URL(`${import.meta.env.BASE_URL}${LONG_RUN_DIR}manifest.json`, window.location.href).href;

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
    switch (e.type) {
      case 'longRun.loaded': {
        const s = state();
        if (s && e.requestId === loadId) set({ longRun: { ...s, status: 'ready', loadedStep: e.step, backend: e.backend } });
        return;
      }
      case 'longRun.started':
        if (mine) set({ longRunAnswer: { ...answer, notices: e.notices } });
        return;
      case 'longRun.tokens':
        if (mine) set({ longRunAnswer: { ...answer, texts: answer.texts.map((t, i) => t + (e.texts[i] ?? '')) } });
        return;
      case 'longRun.done':
        if (mine) set({ longRunAnswer: { ...answer, running: false } });
        return;
      case 'longRun.error': {
        if (mine) set({ longRunAnswer: { ...answer, running: false } });
        const s = state();
        if (s && (e.requestId === undefined || e.requestId === loadId || mine))
          set({ longRun: { ...s, status: 'failed', message: e.message } });
        return;
      }
    }
  };
  const load = (manifest: LongRunManifest, step: number) => {
    const snapshot = manifest.snapshots.find((x) => x.step === step) ?? manifest.snapshots[manifest.snapshots.length - 1];
    loadId = nextId++;
    client ??= createLongRunClient(onEvent);
    const snapshotUrl = new URL(snapshot.file, manifestUrl()).href;
    set({ longRun: { status: 'loading', manifest, step: snapshot.step, loadedStep: state()?.loadedStep ?? null } });
    client.send({ type: 'longRun.load', requestId: loadId, manifest, snapshotUrl, step: snapshot.step });
    const asked = pending;
    pending = null;
    if (asked) ask(asked);
  };
  /** The worker runs commands in order, so a question sent after a load is answered by that snapshot. */
  const ask = (request: CompletionRequest) => {
    const s = state();
    if (!s || s.status === 'failed') return;
    if (!client || s.step === null) {
      pending = request;
      return;
    }
    const old = get().longRunAnswer;
    if (old?.running) client.send({ type: 'longRun.stop', requestId: old.requestId });
    const requestId = nextId++;
    set({
      longRunAnswer: {
        requestId,
        prompt: request.prompt,
        step: s.step,
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
          const response = await fetch(manifestUrl());
          if (!response.ok) throw new Error(`The long run's files are not on this site (${response.status} ${response.statusText}).`);
          const parsed = v.safeParse(LongRunManifestSchema, await response.json());
          if (!parsed.success) throw new Error(`The long run's manifest is malformed: ${parsed.issues[0].message}`);
          const manifest = parsed.output;
          load(manifest, step ?? manifest.snapshots[manifest.snapshots.length - 1].step);
        } catch (e) {
          pending = null;
          set({ longRun: { status: 'failed', manifest: null, step: null, loadedStep: null, message: errorMessage(e) } });
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
