// The one zustand store, joined from slices (run, metrics, corpus, completion, scoring, few-shot
// lab, settings, saved runs, exports, alerts).
// It owns the worker client: actions send commands, and every event the worker sends goes through
// each slice's reducer, metrics joined into at most one update per METRICS_EVERY_MS (coalesce.ts).
// The store mirrors what the worker says and never runs ahead of it.
import { create } from 'zustand';
import { createEngineClient, type EngineClient } from '../worker/client';
import { parseSettings, unknownParams } from '../protocol/settingsUrl';
import { parseFault } from '../protocol/faults';
import { watchTabLock } from './tabLock';
import { createMetricsCoalescer } from './coalesce';
import type { EngineEvent } from '../protocol/events';
import { alertsOnEvent, createAlertsSlice } from './alerts';
import { completionOnEvent, createCompletionSlice } from './completion';
import { FIRST_CORPUS_REQUEST, builtinRequest, corpusOnEvent, createCorpusSlice } from './corpus';
import { metricsData, metricsOnEvent } from './metrics';
import { createRunSlice, runOnEvent } from './run';
import { createScoringSlice, scoringEffect, scoringOnEvent } from './scoring';
import { attentionEffect, attentionOnEvent, createAttentionSlice } from './attention';
import { createFewShotSlice, fewShotOnEvent } from './fewShot';
import { createSettingsSlice, settingsEffect, settingsOnEvent } from './settings';
import { createSavedSlice, savedEffect, savedOnEvent } from './saved';
import { createExportsSlice, exportsEffect, exportsOnEvent } from './exports';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';

export type { PlaygroundStore };

const reducers: EventReducer[] = [
  runOnEvent,
  metricsOnEvent,
  corpusOnEvent,
  completionOnEvent,
  scoringOnEvent,
  attentionOnEvent,
  fewShotOnEvent,
  settingsOnEvent,
  savedOnEvent,
  exportsOnEvent,
  alertsOnEvent,
];

/**
 * How the store changes when the worker reports something: every slice's reducer sees the store
 * as it was before the event. Events from a run the page has left are dropped.
 */
export function applyEvent(s: PlaygroundStore, e: EngineEvent): Partial<PlaygroundStore> {
  if ('runId' in e && e.runId !== undefined && e.type !== 'run.created' && e.runId !== s.runId) return {};
  return Object.assign({}, ...reducers.map((reduce) => reduce(s, e)));
}

let client: EngineClient | null = null;
let requestIds = FIRST_CORPUS_REQUEST + 1;

export interface PlaygroundInit {
  /** Starts the worker with settings from the URL; idempotent. */
  init(search: string): void;
}

export const usePlayground = create<PlaygroundStore & PlaygroundInit>()((set, get) => {
  const ctx: SliceContext = {
    set,
    get,
    send: (cmd, transfer) => client?.send(cmd, transfer),
    nextRequestId: () => requestIds++,
  };
  const onEvent = (e: EngineEvent): void => {
    const before = get();
    set(applyEvent(before, e));
    settingsEffect(before, e);
    exportsEffect(before, e);
    savedEffect(before, e, ctx.send);
    scoringEffect(get());
    attentionEffect(get());
  };
  const events = createMetricsCoalescer(onEvent);
  return {
    ...createRunSlice(ctx),
    ...metricsData,
    ...createCorpusSlice(ctx),
    ...createCompletionSlice(ctx),
    ...createScoringSlice(ctx),
    ...createAttentionSlice(ctx),
    ...createFewShotSlice(ctx),
    ...createSettingsSlice(ctx),
    ...createSavedSlice(ctx),
    ...createExportsSlice(ctx),
    ...createAlertsSlice(ctx),
    init(search) {
      if (client) return;
      const params = new URLSearchParams(search);
      const { settings, problems } = parseSettings((key) => params.get(key));
      // fault=…: a demonstration and test aid (protocol/faults.ts), not a setting.
      const fault = params.has('fault') ? parseFault(params.get('fault') ?? '') : null;
      const faultProblem = fault && !fault.ok ? [{ param: 'fault', message: fault.message, fallback: 'No fault is made.' }] : [];
      const unknown = unknownParams(params).filter((p) => p.param !== 'fault');
      set((s) => ({ settings, settingsProblems: [...problems, ...faultProblem, ...unknown], settingsVersion: s.settingsVersion + 1 }));
      const initCommand = (requestId: number) => ({
        type: 'init' as const,
        requestId,
        corpus: builtinRequest('moby-dick'),
        tokenizer: get().tokenizer,
        settings: get().settings,
      });
      // A fresh worker after a crash starts on the default text, then brings the run back from its last save.
      client = createEngineClient(events.push, (why) => {
        const requestId = ctx.nextRequestId();
        set({ corpusStatus: { kind: 'preparing', requestId, target: { id: 'moby-dick' }, phase: 'reading', fraction: 0 } });
        client?.send(initCommand(requestId));
        if (get().tabRole === 'reader') client?.send({ type: 'storage.access', write: false });
        get().recoverAfterCrash(why);
      });
      client.send({ ...initCommand(FIRST_CORPUS_REQUEST), fault: fault?.ok ? fault.fault : undefined });
      watchTabLock((writer) => get().setTabRole(writer));
    },
  };
});
