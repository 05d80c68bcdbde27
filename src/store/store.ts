// The one zustand store, joined from slices (run, metrics, corpus, completion, scoring, few-shot
// lab, settings, saved runs, exports, alerts).
// It owns the worker client: actions send commands, and every event the worker sends goes through
// each slice's reducer. The store mirrors what the worker says and never runs ahead of it.
import { create } from 'zustand';
import { createEngineClient, type EngineClient } from '../worker/client';
import { parseSettings, unknownParams } from '../protocol/settingsUrl';
import type { EngineEvent } from '../protocol/events';
import { alertsOnEvent, createAlertsSlice } from './alerts';
import { completionOnEvent, createCompletionSlice } from './completion';
import { FIRST_CORPUS_REQUEST, builtinRequest, corpusOnEvent, createCorpusSlice } from './corpus';
import { metricsData, metricsOnEvent } from './metrics';
import { createRunSlice, runOnEvent } from './run';
import { createScoringSlice, scoringEffect, scoringOnEvent } from './scoring';
import { createFewShotSlice, fewShotOnEvent } from './fewShot';
import { createSettingsSlice, settingsEffect, settingsOnEvent } from './settings';
import { createSavedSlice, savedOnEvent } from './saved';
import { createExportsSlice, exportsEffect, exportsOnEvent } from './exports';
import type { EventReducer, PlaygroundStore, SliceContext } from './slice';

export type { PlaygroundStore };

const reducers: EventReducer[] = [runOnEvent, metricsOnEvent, corpusOnEvent, completionOnEvent, scoringOnEvent, fewShotOnEvent, settingsOnEvent, savedOnEvent, exportsOnEvent, alertsOnEvent];

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
    scoringEffect(get());
  };
  return {
    ...createRunSlice(ctx),
    ...metricsData,
    ...createCorpusSlice(ctx),
    ...createCompletionSlice(ctx),
    ...createScoringSlice(ctx),
    ...createFewShotSlice(ctx),
    ...createSettingsSlice(ctx),
    ...createSavedSlice(ctx),
    ...createExportsSlice(ctx),
    ...createAlertsSlice(ctx),
    init(search) {
      if (client) return;
      const params = new URLSearchParams(search);
      const { settings, problems } = parseSettings((key) => params.get(key));
      set((s) => ({ settings, settingsProblems: [...problems, ...unknownParams(params)], settingsVersion: s.settingsVersion + 1 }));
      client = createEngineClient(onEvent);
      client.send({ type: 'init', requestId: FIRST_CORPUS_REQUEST, corpus: builtinRequest('moby-dick'), tokenizer: get().tokenizer, settings });
    },
  };
});
