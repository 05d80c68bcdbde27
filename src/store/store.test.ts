// The page's mirror of the worker: events from an old run are dropped, metrics append, a
// completion hears only its own request, an Apply changes nothing until the worker answers, and
// the corpus lifecycle moves only on the worker's word.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, usePlayground, type PlaygroundStore } from './store';
import type { EngineEvent } from '../protocol/events';
import type { MetricPoint } from '../protocol/reports';
import { DEFAULT_SETTINGS, PRESETS } from '../protocol/settings';

const corpus = {
  name: 'Moby Dick',
  names: ['Moby Dick'],
  bytes: 1_220_848,
  characters: 1_217_396,
  tokenizer: { kind: 'char' as const },
  vocabSize: 89,
  tokens: 1_217_396,
  trainTokens: 1_095_656,
  valTokens: 121_740,
  preview: 'Call me Ishmael.',
  notices: [],
  firstMerges: [],
};
const model = { preset: 'tiny', nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 32, vocabSize: 10, params: 1000, flopsPerToken: 6000 };
const point = (step: number): MetricPoint => ({ step, tokens: (step + 1) * 256, trainLoss: 2, elapsedMs: step * 10 });
const tiny = { ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny' as const };

const initial = usePlayground.getState();
beforeEach(() => usePlayground.setState(initial, true));

/** Applies events in order, as the store does. */
const reduce = (s: PlaygroundStore, ...events: EngineEvent[]): PlaygroundStore =>
  events.reduce((acc, e) => ({ ...acc, ...applyEvent(acc, e) }), s);

const running = (): PlaygroundStore => ({
  ...reduce(initial, { type: 'run.created', runId: 1, settings: DEFAULT_SETTINGS, corpus, model }),
  runState: 'running',
  step: 5,
  points: [point(3), point(4)],
  evals: [{ step: 0, valLoss: 2.3 }],
  samples: [{ step: 0, text: 'xq' }],
});

describe('run and metrics', () => {
  it('run.created starts a fresh run with empty metrics', () => {
    const s = reduce(running(), { type: 'run.created', runId: 2, settings: tiny, corpus, model });
    expect(s).toMatchObject({ runId: 2, settings: tiny, corpus, model, runState: 'idle', step: 0, points: [], evals: [], samples: [] });
  });

  it('drops events from an old run', () => {
    const s = { ...running(), runId: 2 };
    expect(applyEvent(s, { type: 'run.metrics', runId: 1, points: [point(5)], evals: [] })).toEqual({});
    expect(applyEvent(s, { type: 'run.state', runId: 1, state: 'done', step: 9 })).toEqual({});
    expect(applyEvent(s, { type: 'run.sample', runId: 1, sample: { step: 5, text: 'old' } })).toEqual({});
    expect(applyEvent(s, { type: 'run.state', runId: 2, state: 'paused', step: 5 })).toEqual({ runState: 'paused', step: 5 });
  });

  it('run.metrics appends points and evals and advances the step', () => {
    const s = reduce(running(), { type: 'run.metrics', runId: 1, points: [point(5), point(6)], evals: [{ step: 5, valLoss: 2.1 }] });
    expect(s.points.map((p) => p.step)).toEqual([3, 4, 5, 6]);
    expect(s.evals).toEqual([
      { step: 0, valLoss: 2.3 },
      { step: 5, valLoss: 2.1 },
    ]);
    expect(s.step).toBe(7);
    const empty = reduce(s, { type: 'run.metrics', runId: 1, points: [], evals: [] });
    expect(empty.points).toBe(s.points);
    expect(empty.step).toBe(7);
  });

  it('shows the shader warm-up while it compiles, and not once it is done or the run stops', () => {
    const s = reduce(running(), { type: 'run.compiling', runId: 1, done: 3, total: 44 });
    expect(s.compiling).toEqual({ done: 3, total: 44 });
    expect(reduce(s, { type: 'run.compiling', runId: 1, done: 44, total: 44 }).compiling).toBeNull();
    expect(reduce(s, { type: 'run.state', runId: 1, state: 'paused', step: 0 }).compiling).toBeNull();
    expect(reduce(s, { type: 'run.compiling', runId: 7, done: 4, total: 44 }).compiling).toEqual({ done: 3, total: 44 }); // an old run's
  });

  it('keeps a cut sample with its mark', () => {
    const s = reduce(running(), { type: 'run.sample', runId: 1, sample: { step: 10, text: 'the wh', cut: true } });
    expect(s.samples.at(-1)).toEqual({ step: 10, text: 'the wh', cut: true });
  });
});

describe('completion', () => {
  const withCompletion = (): PlaygroundStore => ({
    ...running(),
    completion: { requestId: 3, prompt: 'Call', texts: ['', ''], running: true, notices: [] },
  });

  it('appends text only for the current request', () => {
    const after = reduce(
      withCompletion(),
      { type: 'completion.tokens', requestId: 3, texts: [' me', ' a'], tokensPerSecond: 10 },
      { type: 'completion.tokens', requestId: 2, texts: [' stale', ' stale'] },
      { type: 'completion.tokens', requestId: 3, texts: [' Ishmael', ''] },
    );
    expect(after.completion).toMatchObject({ texts: [' me Ishmael', ' a'], running: true, tokensPerSecond: 10 });
    expect(applyEvent(initial, { type: 'completion.tokens', requestId: 3, texts: ['x'] })).toEqual({});
    expect(reduce(after, { type: 'completion.done', requestId: 2 }).completion?.running).toBe(true);
    expect(reduce(after, { type: 'completion.done', requestId: 3 }).completion?.running).toBe(false);
  });

  it('shows the notices of its own request', () => {
    const notices = ["'é' is not in this corpus's alphabet and was skipped."];
    expect(reduce(withCompletion(), { type: 'completion.started', requestId: 3, notices }).completion?.notices).toEqual(notices);
    expect(reduce(withCompletion(), { type: 'completion.started', requestId: 4, notices }).completion?.notices).toEqual([]);
  });

  it('an error adds an alert and stops the completion it names', () => {
    const other = reduce(withCompletion(), { type: 'error', code: 'completion', message: 'first', requestId: 2 });
    expect(other.errors.map((e) => e.message)).toEqual(['first']);
    expect(other.completion?.running).toBe(true);
    const matched = reduce(other, { type: 'error', code: 'completion', message: 'second', requestId: 3 });
    expect(matched.errors.map((e) => e.message)).toEqual(['first', 'second']);
    expect(new Set(matched.errors.map((e) => e.id)).size).toBe(2);
    expect(matched.completion?.running).toBe(false);
  });
});

describe('settings', () => {
  it('an Apply changes the run settings only when the worker builds the run', () => {
    const s = { ...running(), applying: { requestId: 8, settings: tiny } };
    const accepted = reduce(s, { type: 'run.created', runId: 2, requestId: 8, settings: tiny, corpus, model });
    expect(accepted).toMatchObject({ applying: null, settings: tiny, settingsVersion: s.settingsVersion + 1 });
  });

  it('a new run with the same settings leaves the form alone; other settings show in it', () => {
    const s = running();
    expect(reduce(s, { type: 'run.created', runId: 2, settings: DEFAULT_SETTINGS, corpus, model }).settingsVersion).toBe(s.settingsVersion);
    expect(reduce(s, { type: 'run.created', runId: 2, settings: tiny, corpus, model }).settingsVersion).toBe(s.settingsVersion + 1);
  });

  it('drops an error from a run the page has left', () => {
    const s = { ...running(), runId: 2 };
    expect(reduce(s, { type: 'error', code: 'train', runId: 1, message: 'old' }).errors).toEqual([]);
    expect(reduce(s, { type: 'error', code: 'train', runId: 2, message: 'now' }).errors.map((e) => e.message)).toEqual(['now']);
  });

  it('a refusal keeps the run settings, ends the Apply and tells the form to show them again', () => {
    const s = { ...running(), applying: { requestId: 8, settings: { ...tiny, blockSize: 512 } } };
    const refused = reduce(s, { type: 'error', code: 'settings', message: 'A context of 512 is too long', requestId: 8 });
    expect(refused).toMatchObject({ applying: null, settings: DEFAULT_SETTINGS, settingsVersion: s.settingsVersion + 1 });
    expect(refused.errors.map((e) => e.message)).toEqual(['A context of 512 is too long']);
  });
});

describe('corpus lifecycle', () => {
  it('moves from preparing to idle on the first run, and adopts a change of corpus only when its run exists', () => {
    expect(initial.corpusStatus.kind).toBe('preparing');
    const files = [new File(['abc'], 'a.txt')];
    const s: PlaygroundStore = {
      ...running(),
      corpusStatus: { kind: 'preparing', requestId: 4, target: { id: 'own', files }, phase: 'reading', fraction: 0 },
    };
    const progress = reduce(s, { type: 'corpus.progress', requestId: 4, phase: 'training BPE', fraction: 0.5 });
    expect(progress.corpusStatus).toMatchObject({ kind: 'preparing', phase: 'training BPE', fraction: 0.5 });
    const staged = reduce(progress, { type: 'corpus.staged', requestId: 4, name: 'a.txt' });
    expect(staged.corpusStatus).toEqual({ kind: 'staged', requestId: 4, target: { id: 'own', files }, name: 'a.txt' });
    expect(staged.corpusId).toBe('moby-dick');
    const created = reduce(
      { ...staged, corpusStatus: { kind: 'committing', requestId: 4, target: { id: 'own', files } } },
      { type: 'run.created', runId: 2, requestId: 4, settings: DEFAULT_SETTINGS, corpus: { ...corpus, name: 'a.txt' }, model },
    );
    expect(created).toMatchObject({ corpusId: 'own', ownFiles: files, corpusStatus: { kind: 'idle' } });
  });

  it('adopts a target only from the run that answers its request, not from a Reset that lands first', () => {
    const s: PlaygroundStore = {
      ...running(),
      corpusStatus: { kind: 'preparing', requestId: 6, target: { id: 'sotu' }, phase: 'reading', fraction: 0 },
    };
    const afterReset = reduce(s, { type: 'run.created', runId: 2, requestId: 5, settings: DEFAULT_SETTINGS, corpus, model });
    expect(afterReset).toMatchObject({ corpusId: 'moby-dick', corpusStatus: { kind: 'preparing', requestId: 6 } });
    const stale = reduce(afterReset, { type: 'corpus.staged', requestId: 3, name: 'old.txt' });
    expect(stale.corpusStatus.kind).toBe('preparing');
    const answered = reduce(afterReset, {
      type: 'run.created',
      runId: 3,
      requestId: 6,
      settings: DEFAULT_SETTINGS,
      corpus: { ...corpus, name: 'SOTU' },
      model,
    });
    expect(answered).toMatchObject({ corpusId: 'sotu', corpusStatus: { kind: 'idle' } });
  });

  it('a dropped question (the worker moved on) ends the staged state without an alert', () => {
    const s: PlaygroundStore = { ...running(), corpusStatus: { kind: 'staged', requestId: 7, target: { id: 'sotu' }, name: 'SOTU' } };
    const dropped = reduce(s, { type: 'corpus.rejected', requestId: 7 });
    expect(dropped.corpusStatus).toEqual({ kind: 'idle' });
    expect(dropped.errors).toEqual([]);
  });

  it('a refused corpus leaves the menu and the run as they were', () => {
    const s: PlaygroundStore = {
      ...running(),
      corpusStatus: { kind: 'preparing', requestId: 5, target: { id: 'sotu' }, phase: 'reading', fraction: 0 },
    };
    const refused = reduce(s, { type: 'corpus.rejected', requestId: 5, message: '"x.png" is a PNG image.' });
    expect(refused).toMatchObject({ corpusId: 'moby-dick', corpusStatus: { kind: 'idle' }, runId: 1, points: s.points });
    expect(refused.errors.map((e) => e.message)).toEqual(['"x.png" is a PNG image.']);
  });
});
