// The one zustand store, joined from slices (run, metrics, corpus, completion, scoring, attention,
// few-shot lab, labs, settings, saved runs, exports, alerts). It owns the worker client and the
// requests helper: slices send commands and await their answers (requests.ts); every event the
// worker sends goes through each slice's reducer first (metrics joined into at most one update per
// METRICS_EVERY_MS: coalesce.ts), then to the request it answers. The store mirrors what the worker
// says and never runs ahead of it; each slice writes only its own fields.
import { create } from 'zustand';
import { createEngineClient, type EngineClient } from '../worker/client';
import { parseSettings, repeatedParams, unknownParams } from '../protocol/settingsUrl';
import { parseFault } from '../protocol/faults';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import { watchTabLock } from './tabLock';
import { createMetricsCoalescer } from './coalesce';
import { createRequests } from './requests';
import { dropSnapshot, keepSnapshot, openLastSteps } from './lastSteps';
import { alertsOnEvent, createAlertsSlice } from './alerts';
import { completionOnEvent, createCompletionSlice } from './completion';
import { bookUrl, createCorpusSlice } from './corpus';
import { metricsData, metricsOnEvent } from './metrics';
import { createRunSlice, runOnEvent } from './run';
import { createScoringSlice } from './scoring';
import { createAttentionSlice } from './attention';
import { createFewShotSlice, fewShotOnEvent } from './fewShot';
import { createLabsSlice } from './labs';
import { createSettingsSlice, settingsEffect, settingsOnEvent } from './settings';
import { createSavedSlice, savedOnEvent } from './saved';
import { createExportsSlice } from './exports';
import { compressionOnEvent, createCompressionSlice } from './compression';
import { createCompareSlice } from './compare';
import { createLongRunSlice } from './longRun';
import { personRunSettings } from './selectors';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';

export type { PlaygroundStore };

const reducers: EventReducer<keyof PlaygroundStore>[] = [
  runOnEvent,
  metricsOnEvent,
  completionOnEvent,
  fewShotOnEvent,
  settingsOnEvent,
  savedOnEvent,
  alertsOnEvent,
  compressionOnEvent,
];

/**
 * How the store changes when the worker reports something: every slice's reducer sees the store
 * as it was before the event. Events from a run the page has left are dropped.
 */
export function applyEvent(s: PlaygroundStore, e: EngineEvent): Partial<PlaygroundStore> {
  // The person's run kept during a lab still saves and may say so (a full disk, say).
  const kept = s.run?.kept?.runId;
  const ofKept = (e.type === 'run.saved' || e.type === 'error' || e.type === 'notice') && e.runId !== undefined && e.runId === kept;
  const stale = e.type !== 'run.replaced' && 'runId' in e && e.runId !== undefined && e.runId !== s.runId && !ofKept;
  if (stale) return {};
  return Object.assign({}, ...reducers.map((reduce) => reduce(s, e)));
}

let client: EngineClient | null = null;
const send = (cmd: EngineCommand, transfer?: Transferable[]) => client?.send(cmd, transfer);
const requests = createRequests(send);

export interface PlaygroundInit {
  /** Starts the worker with settings from the URL; idempotent. */
  init(search: string): void;
}

export const usePlayground = create<PlaygroundStore & PlaygroundInit>()((set, get) => {
  const ctx: SliceContext = {
    set,
    get,
    send,
    request: requests.request,
    alert: (message, kind) => get().pushAlert(message, kind),
  };
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'run.snapshot') return e.runId === get().runId ? keepSnapshot(e.snapshot) : undefined; // kept against a reload, never drawn
    if (e.type === 'run.saved' && e.runId === get().runId) dropSnapshot(e.step);
    if (e.type === 'run.replaced') dropSnapshot();
    set(applyEvent(get(), e));
    settingsEffect(e);
    requests.onEvent(e);
  };
  const events = createMetricsCoalescer(onEvent);
  /** The first text of a (new) worker: the book, with the link's settings. */
  const init = (extra: Pick<Extract<EngineCommand, { type: 'init' }>, 'fault'> = {}) =>
    get().changeCorpus({}, (requestId) => ({
      type: 'init',
      requestId,
      corpus: { kind: 'book', id: 'moby-dick', url: bookUrl('moby-dick') },
      tokenizer: { kind: 'char' },
      settings: personRunSettings(get()),
      ...extra,
    }));
  return {
    ...createRunSlice(ctx),
    ...metricsData,
    ...createCorpusSlice(ctx),
    ...createCompletionSlice(ctx),
    ...createScoringSlice(ctx),
    ...createAttentionSlice(ctx),
    ...createFewShotSlice(ctx),
    ...createLabsSlice(ctx),
    ...createSettingsSlice(ctx),
    ...createSavedSlice(ctx),
    ...createExportsSlice(ctx),
    ...createAlertsSlice(ctx),
    ...createCompressionSlice(ctx),
    ...createCompareSlice(ctx),
    ...createLongRunSlice(ctx),
    init(search) {
      if (client) return;
      const params = new URLSearchParams(search);
      const { settings, problems } = parseSettings((key) => params.get(key));
      // fault=…: a demonstration and test aid (protocol/faults.ts), not a setting.
      const fault = params.has('fault') ? parseFault(params.get('fault') ?? '') : null;
      const faultProblem = fault && !fault.ok ? [{ param: 'fault', message: fault.message, fallback: 'No fault is made.' }] : [];
      const unknown = unknownParams(params, ['fault']);
      const repeated = repeatedParams(params, ['fault']); // the first is read (URLSearchParams.get)
      set((s) => ({
        settings,
        settingsProblems: [...repeated, ...problems, ...faultProblem, ...unknown],
        settingsVersion: s.settingsVersion + 1,
      }));
      // A fresh worker after a crash starts on the book, then brings the person's run back from its last save.
      client = createEngineClient(events.push, (why) => {
        requests.failAll(why); // whatever the old worker was asked is forgotten with it
        init();
        if (get().tabRole === 'reader') send({ type: 'storage.access', write: false });
        get().recoverAfterCrash(why);
      });
      init({ fault: fault?.ok ? fault.fault : undefined });
      watchTabLock((writer) => get().setTabRole(writer));
      openLastSteps();
    },
  };
});
