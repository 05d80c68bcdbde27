// What every slice of the store is made from: the whole store's type, how to read it, how to
// change its own fields (and only those: the types say so), the one way to reach the worker
// (requests are promises: requests.ts), and how to say something to the person. Slices declare
// their data, their actions and how broadcast events change them; store.ts joins them.
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
import type { LabsSlice } from './labs';
import type { CompressionSlice } from './compression';
import type { CompareSlice } from './compare';
import type { LongRunSlice } from './longRun';
import type { Requests } from './requests';

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
  AlertsSlice &
  LabsSlice &
  CompressionSlice &
  CompareSlice &
  LongRunSlice;

/** A change to the fields `K` only. */
export type Change<K extends keyof PlaygroundStore> = Partial<Pick<PlaygroundStore, K>>;

export interface SliceContext<K extends keyof PlaygroundStore = keyof PlaygroundStore> {
  /** Changes this slice's own fields. */
  set(change: Change<K> | ((s: PlaygroundStore) => Change<K>)): void;
  get(): PlaygroundStore;
  /** Sends a command that gets no answer (dropped before init). */
  send: EngineClient['send'];
  /** Sends a command and returns its answer as a promise (requests.ts). */
  request: Requests['request'];
  /** Shows a message the person must see (an error unless said otherwise). */
  alert(message: string, kind?: 'error' | 'notice'): void;
}

/** How one slice's fields change when the worker reports something; `s` is the store before the event. */
export type EventReducer<K extends keyof PlaygroundStore> = (s: PlaygroundStore, e: EngineEvent) => Change<K>;
