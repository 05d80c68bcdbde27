// The page's mirror of the worker: events from an old run are dropped, metrics append, a
// generation hears only its own tokens, and prompt notices read as a person would write them.
import { describe, expect, it } from 'vitest';
import { applyEvent, initialData, promptNotices, type PlaygroundData } from './state';
import type { EngineEvent, MetricPoint } from '../worker/protocol';
import { DEFAULT_SETTINGS, PRESETS } from '../train/settings';

const corpus = {
  name: 'Moby Dick', names: ['Moby Dick'], bytes: 1_220_848, characters: 1_217_396, tokenizer: { kind: 'char' as const }, vocabSize: 89,
  tokens: 1_217_396, trainTokens: 1_095_656, valTokens: 121_740, preview: 'Call me Ishmael.', notices: [], firstMerges: [],
};
const model = { preset: 'tiny', nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 32, vocabSize: 10, params: 1000, flopsPerToken: 6000 };
const point = (step: number): MetricPoint => ({ step, tokens: (step + 1) * 256, trainLoss: 2, lr: 1e-3, elapsedMs: step * 10 });

/** Applies events in order, as the store does. */
const reduce = (s: PlaygroundData, ...events: EngineEvent[]): PlaygroundData =>
  events.reduce((acc, e) => ({ ...acc, ...applyEvent(acc, e) }), s);

const running: PlaygroundData = {
  ...initialData,
  runId: 1,
  runState: 'running',
  step: 5,
  points: [point(3), point(4)],
  evals: [{ step: 0, valLoss: 2.3 }],
  samples: [{ step: 0, text: 'xq' }],
};

describe('applyEvent', () => {
  it('run.created starts a fresh run with empty metrics', () => {
    const settings = { ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny' as const };
    const s = reduce(running, { type: 'run.created', runId: 2, settings, corpus, model });
    expect(s).toMatchObject({ runId: 2, settings, corpus, model, runState: 'idle', step: 0, points: [], evals: [], samples: [] });
  });

  it('drops events from an old run', () => {
    const s = { ...running, runId: 2 };
    expect(applyEvent(s, { type: 'run.metrics', runId: 1, points: [point(5)], evals: [] })).toEqual({});
    expect(applyEvent(s, { type: 'run.state', runId: 1, state: 'done', step: 9 })).toEqual({});
    expect(applyEvent(s, { type: 'run.sample', runId: 1, sample: { step: 5, text: 'old' } })).toEqual({});
    expect(applyEvent(s, { type: 'run.state', runId: 2, state: 'paused', step: 5 })).toEqual({ runState: 'paused', step: 5 });
  });

  it('run.metrics appends points and evals and advances the step', () => {
    const s = reduce(running, { type: 'run.metrics', runId: 1, points: [point(5), point(6)], evals: [{ step: 5, valLoss: 2.1 }] });
    expect(s.points.map((p) => p.step)).toEqual([3, 4, 5, 6]);
    expect(s.evals).toEqual([{ step: 0, valLoss: 2.3 }, { step: 5, valLoss: 2.1 }]);
    expect(s.step).toBe(7);
    const empty = reduce(s, { type: 'run.metrics', runId: 1, points: [], evals: [] });
    expect(empty.points).toBe(s.points);
    expect(empty.step).toBe(7);
  });

  it('sample.token appends text only for the current request', () => {
    const s = { ...running, generation: { requestId: 3, text: 'Call', running: true, notices: [] } };
    const after = reduce(
      s,
      { type: 'sample.token', requestId: 3, text: ' me' },
      { type: 'sample.token', requestId: 2, text: ' stale' },
      { type: 'sample.token', requestId: 3, text: ' Ishmael' },
    );
    expect(after.generation).toEqual({ requestId: 3, text: 'Call me Ishmael', running: true, notices: [] });
    expect(applyEvent(initialData, { type: 'sample.token', requestId: 3, text: 'x' })).toEqual({});
    expect(reduce(after, { type: 'sample.done', requestId: 2 }).generation?.running).toBe(true);
    expect(reduce(after, { type: 'sample.done', requestId: 3 }).generation?.running).toBe(false);
  });

  it('sample.started shows the notices of its own request', () => {
    const s = { ...running, generation: { requestId: 3, text: '', running: true, notices: [] } };
    expect(reduce(s, { type: 'sample.started', requestId: 3, skipped: ['é'], croppedTo: 32 }).generation?.notices).toHaveLength(2);
    expect(reduce(s, { type: 'sample.started', requestId: 4, skipped: ['é'] }).generation?.notices).toEqual([]);
  });

  it('error adds an error and stops the generation it names', () => {
    const s = { ...running, generation: { requestId: 3, text: 'abc', running: true, notices: [] } };
    const other = reduce(s, { type: 'error', code: 'generate', message: 'first', requestId: 2 });
    expect(other.errors.map((e) => e.message)).toEqual(['first']);
    expect(other.generation?.running).toBe(true);
    const matched = reduce(other, { type: 'error', code: 'generate', message: 'second', requestId: 3 });
    expect(matched.errors.map((e) => e.message)).toEqual(['first', 'second']);
    expect(new Set(matched.errors.map((e) => e.id)).size).toBe(2);
    expect(matched.generation).toEqual({ requestId: 3, text: 'abc', running: false, notices: [] });
    const general = reduce(s, { type: 'error', code: 'gpu', message: 'device lost' });
    expect(general.errors).toHaveLength(1);
    expect(general.generation?.running).toBe(true);
  });
});

describe('promptNotices', () => {
  it('says nothing when the prompt is used as typed', () => {
    expect(promptNotices([])).toEqual([]);
  });

  it('names one skipped character', () => {
    expect(promptNotices(['é'])).toEqual(["'é' is not in this corpus's alphabet and was skipped."]);
  });

  it('names several skipped characters, newline and tab by name', () => {
    expect(promptNotices(['é', '\n', '\t', '🐋'])).toEqual([
      "'é', newline, tab, '🐋' are not in this corpus's alphabet and were skipped.",
    ]);
  });

  it('says when the prompt was cropped to the context', () => {
    expect(promptNotices([], 64)).toEqual([
      "The prompt is longer than the model's context; only its last 64 characters are used.",
    ]);
    expect(promptNotices(['é'], 64)).toHaveLength(2);
  });
});
