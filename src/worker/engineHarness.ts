// A test aid for the engine's tests (engine*.test.ts): the real Engine on the tfjs CPU backend,
// with the in-memory IndexedDB of vitest.setup.ts, a one-layer model on a short text, its events
// kept in order, and the ways the tests read them. Not imported by the page.
import { Engine } from './engine';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';
import type { CorpusRequest } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import type { Fault } from '../protocol/faults';

/** One layer, width 16, context 16, batch 2: a step takes milliseconds on the CPU backend. */
export const TEST_SETTINGS: RunSettings = {
  ...DEFAULT_SETTINGS,
  backend: 'cpu',
  preset: 'tiny',
  nLayer: 1,
  nHead: 2,
  nEmbd: 16,
  blockSize: 16,
  batchSize: 2,
  evalBatches: 1,
};

/** 2,880 characters over 14 symbols. */
export const PETS = 'the cat sat on the mat. the dog sat on the log. '.repeat(60);

/** `text` as one dropped file named `name`. */
export const fileOf = (name: string, text = PETS): CorpusRequest => ({
  kind: 'files',
  files: [{ name, bytes: new TextEncoder().encode(text).buffer }],
});

/**
 * Waits until `check` holds, polling every 2 ms.
 * @throws Error after `ms` milliseconds, naming `what` and the errors and notices `events` hold.
 */
export async function until(check: () => boolean, what: string, ms = 60_000, events: readonly EngineEvent[] = []): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      const said = events.filter((e) => e.type === 'error' || e.type === 'notice');
      throw new Error(`timed out waiting for ${what}${said.length ? `; said: ${JSON.stringify(said)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

export interface Harness {
  engine: Engine;
  /** Every event the engine has posted, in order. */
  events: EngineEvent[];
  /** The events of one type. */
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[];
  /** The events that answer one request. */
  answer(requestId: number): EngineEvent[];
  /** The steps run `runId` has reported, in order. */
  steps(runId: number): number[];
  /** Waits until `check` holds, saying this engine's errors and notices if it times out. */
  until(check: () => boolean, what: string, ms?: number): Promise<void>;
}

/**
 * A new engine (a new worker, as after a reload: the same storage), once it has built its first
 * run and listed the saved runs.
 */
export async function startEngine(opts: { settings?: RunSettings; corpus?: CorpusRequest; fault?: Fault } = {}): Promise<Harness> {
  const events: EngineEvent[] = [];
  const engine = new Engine((e) => events.push(e));
  const { settings = TEST_SETTINGS, corpus = fileOf('pets.txt'), fault } = opts;
  engine.dispatch({ type: 'init', requestId: 0, corpus, tokenizer: { kind: 'char' }, settings, fault });
  const of = <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  const harness: Harness = {
    engine,
    events,
    of,
    answer: (requestId) => events.filter((e) => 'requestId' in e && e.requestId === requestId),
    steps: (runId) => of('run.metrics').flatMap((e) => (e.runId === runId ? e.points.map((p) => p.step) : [])),
    until: (check, what, ms) => until(check, what, ms, events),
  };
  await harness.until(() => of('saved.list').length > 0 && of('run.replaced').length > 0, 'the first run and the saved runs');
  return harness;
}
