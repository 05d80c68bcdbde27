// What every slice of the store is made from: the whole store's type, how to read and change it,
// and the one way to reach the worker. Slices declare their data, their actions and how engine
// events change them; store.ts joins them.
import type { StoreApi } from 'zustand';
import type { EngineClient } from '../worker/client';
import type { EngineEvent } from '../protocol/events';
import type { AlertsSlice } from './alerts';
import type { CompletionSlice } from './completion';
import type { CorpusSlice } from './corpus';
import type { MetricsSlice } from './metrics';
import type { RunSlice } from './run';
import type { FewShotSlice } from './fewShot';
import type { ScoringSlice } from './scoring';
import type { AttentionSlice } from './attention';
import type { SettingsSlice } from './settings';
import type { SavedSlice } from './saved';
import type { ExportsSlice } from './exports';

export type PlaygroundStore = RunSlice &
  MetricsSlice &
  CorpusSlice &
  CompletionSlice &
  ScoringSlice &
  AttentionSlice &
  FewShotSlice &
  SettingsSlice &
  SavedSlice &
  ExportsSlice &
  AlertsSlice;

export interface SliceContext {
  set: StoreApi<PlaygroundStore>['setState'];
  get: StoreApi<PlaygroundStore>['getState'];
  /** Sends a command to the worker (dropped before init). */
  send: EngineClient['send'];
  /** A fresh id for a request/response pair. */
  nextRequestId(): number;
}

/** How one slice changes when the worker reports something; `s` is the store before the event. */
export type EventReducer = (s: PlaygroundStore, e: EngineEvent) => Partial<PlaygroundStore>;
