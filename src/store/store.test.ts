// The page's mirror of the worker, as pure reducers: a replaced run is everything the page shows
// (the run-replaced reducer), events from an old run are dropped, metrics append, the device's
// measured speed outlives a run, the resume offer is the person's newest run, and a save storage
// no longer lists is no save.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, usePlayground, type PlaygroundStore } from './store';
import type { EngineEvent } from '../protocol/events';
import type { MetricPoint } from '../protocol/reports';
import type { SavedRun } from '../protocol/savedRuns';
import { DEFAULT_SETTINGS, PRESETS } from '../protocol/settings';
import { babyModel, copyTask, describeRun, mobyDick, noHistory } from '../protocol/fixtures/run';
import { flopsPerToken } from '../protocol/flops';
import { labTask, personRunSettings, textChoice } from './selectors';

const point = (step: number): MetricPoint => ({ step, tokens: (step + 1) * 768, trainLoss: 2, elapsedMs: step * 10 });
const tiny = { ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny' as const };
const saved: SavedRun = {
  id: 'saved-1',
  corpusName: 'Moby Dick',
  preset: 'baby',
  params: 813_056,
  step: 200,
  maxSteps: 2000,
  valLoss: 2.4,
  savedAt: 1_796_000_000_000,
  bytes: 9_756_672,
};

const initial = usePlayground.getState();
beforeEach(() => usePlayground.setState(initial, true));

/** Applies events in order, as the store does. */
const reduce = (s: PlaygroundStore, ...events: EngineEvent[]): PlaygroundStore =>
  events.reduce((acc, e) => ({ ...acc, ...applyEvent(acc, e) }), s);

const replaced = (run = describeRun(), history = noHistory(), cause: 'reset' | 'init' | 'restore' = 'reset'): EngineEvent => ({
  type: 'run.replaced',
  cause,
  run,
  history,
});

const running = (): PlaygroundStore => ({
  ...reduce(initial, replaced()),
  runState: 'running',
  step: 5,
  points: [point(3), point(4)],
  evals: [{ step: 0, valLoss: 2.3 }],
  samples: [{ step: 0, text: 'xq' }],
});

describe('the run-replaced reducer', () => {
  it('makes the description everything the page shows: fresh charts for a fresh run', () => {
    const run = describeRun({ runId: 2, settings: tiny });
    const s = reduce(running(), replaced(run));
    expect(s).toMatchObject({ run, runId: 2, settings: tiny, corpus: run.corpus, model: run.model, runState: 'idle', step: 0 });
    expect(s).toMatchObject({ points: [], evals: [], samples: [], completion: null, fewShotCurves: [] });
  });

  it("brings a restored run's history, step, state and save", () => {
    const history = { points: [point(0), point(199)], evals: [{ step: 200, valLoss: 2.4 }], samples: [{ step: 0, text: 'xq' }] };
    const run = describeRun({ runId: 3, step: 200, state: 'paused', saved: { step: 200, savedAt: 5 } });
    const s = reduce(running(), replaced(run, history, 'restore'));
    expect(s).toMatchObject({ runId: 3, step: 200, runState: 'paused', ...history });
    expect(s.run?.saved).toEqual({ step: 200, savedAt: 5 });
  });

  it("names the text, the lab task and the person's settings from the run alone", () => {
    const book = reduce(initial, replaced());
    expect([textChoice(book), labTask(book)?.id, personRunSettings(book)]).toEqual(['moby-dick', undefined, DEFAULT_SETTINGS]);
    const kept = { runId: 1, settings: tiny, corpus: mobyDick, step: 340, savedId: 'saved-1', saved: { step: 340, savedAt: 9 } };
    const lab = reduce(book, replaced(describeRun({ runId: 2, corpus: copyTask, lab: 'fewshot', kept })));
    expect([textChoice(lab), labTask(lab)?.id, personRunSettings(lab)]).toEqual(['copy', 'copy', tiny]);
    const back = reduce(lab, replaced(describeRun({ runId: 1, settings: tiny, step: 340, state: 'paused' })));
    expect([textChoice(back), labTask(back), back.step]).toEqual(['moby-dick', undefined, 340]);
  });

  it('drops events from a run the page has left, but never a replacement', () => {
    const s = { ...running(), runId: 2 };
    expect(applyEvent(s, { type: 'run.metrics', runId: 1, points: [point(5)], evals: [] })).toEqual({});
    expect(applyEvent(s, { type: 'run.state', runId: 1, state: 'done', step: 9 })).toEqual({});
    expect(applyEvent(s, { type: 'run.sample', runId: 1, sample: { step: 5, text: 'old' } })).toEqual({});
    expect(applyEvent(s, { type: 'error', code: 'train', runId: 1, message: 'old' })).toEqual({});
    expect(applyEvent(s, { type: 'run.saved', runId: 1, savedId: 'x', step: 3, savedAt: 1 })).toEqual({});
    expect(applyEvent(s, { type: 'run.state', runId: 2, state: 'paused', step: 5 })).toMatchObject({ runState: 'paused', step: 5 });
    expect(reduce(s, replaced(describeRun({ runId: 1 }))).runId).toBe(1);
  });
});

describe('run and metrics', () => {
  it('run.metrics appends points and evals and advances the step', () => {
    const s = reduce(running(), { type: 'run.metrics', runId: 1, points: [point(5), point(6)], evals: [{ step: 5, valLoss: 2.1 }] });
    expect(s.points.map((p) => p.step)).toEqual([3, 4, 5, 6]);
    expect(s.evals.map((e) => e.step)).toEqual([0, 5]);
    expect(s.step).toBe(7);
    const empty = reduce(s, { type: 'run.metrics', runId: 1, points: [], evals: [] });
    expect(empty.points).toBe(s.points);
  });

  it('shows the shader warm-up while it compiles, and not once it is done or the run stops', () => {
    const s = reduce(running(), { type: 'run.compiling', runId: 1, done: 3, total: 44 });
    expect(s.compiling).toEqual({ done: 3, total: 44 });
    expect(reduce(s, { type: 'run.compiling', runId: 1, done: 44, total: 44 }).compiling).toBeNull();
    expect(reduce(s, { type: 'run.state', runId: 1, state: 'paused', step: 0 }).compiling).toBeNull();
  });

  it('keeps a cut sample with its mark', () => {
    const s = reduce(running(), { type: 'run.sample', runId: 1, sample: { step: 10, text: 'the wh', cut: true } });
    expect(s.samples.at(-1)).toEqual({ step: 10, text: 'the wh', cut: true });
  });

  it("measures this device's FLOP/s as tokens/s × FLOPs per token, kept across runs", () => {
    let s = reduce(initial, replaced());
    s = reduce(s, { type: 'run.metrics', runId: 1, evals: [], points: [{ ...point(1), tokensPerSecond: 1000 }] });
    expect(s.measuredFlops).toMatchObject({ flopsPerSecond: 1000 * flopsPerToken(babyModel), preset: 'baby', step: 1 });
    s = reduce(s, replaced(describeRun({ runId: 2 })));
    expect(s.points).toEqual([]);
    expect(s.measuredFlops?.flopsPerSecond).toBe(1000 * flopsPerToken(babyModel));
  });
});

describe('saves and alerts', () => {
  it("offers the person's newest run once, on the first list, never a lab's, never in a second tab", () => {
    const lab = { ...saved, id: 'lab-1', group: 'fewshot' as const, savedAt: saved.savedAt + 1 };
    const first = reduce(initial, { type: 'saved.list', runs: [lab, saved] });
    expect(first.resumeOffer).toEqual(saved);
    expect(reduce({ ...first, resumeOffer: null }, { type: 'saved.list', runs: [saved] }).resumeOffer).toBeNull();
    expect(reduce({ ...initial, tabRole: 'reader' }, { type: 'saved.list', runs: [saved] }).resumeOffer).toBeNull();
  });

  it('offers the saved run on a text switched back to (never loaded unasked); none for a text without one', () => {
    const union = { ...saved, id: 'saved-2', corpusName: 'State of the Union', savedAt: saved.savedAt + 1 };
    const listed = reduce(
      initial,
      { type: 'saved.list', runs: [union, saved] },
      replaced(describeRun({ savedId: 'saved-2' }), noHistory(), 'init'),
    );
    const onText = (name: string, savedId: string, s: PlaygroundStore = { ...listed, resumeOffer: null }) =>
      reduce(s, {
        type: 'run.replaced',
        cause: 'corpus',
        run: describeRun({ runId: 3, savedId, corpus: { ...mobyDick, name } }),
        history: noHistory(),
      });
    const back = onText('Moby Dick', 'fresh-1');
    expect(back).toMatchObject({ resumeOffer: saved, resumeOfferWhy: 'text', runId: 3, step: 0 }); // offered; the fresh run stays
    expect(onText('A Tale of Two Cities', 'fresh-2').resumeOffer).toBeNull();
    expect(onText('Moby Dick', 'saved-1').resumeOffer).toBeNull(); // the run itself is not offered to itself
    expect(onText('Moby Dick', 'fresh-1', { ...listed, tabRole: 'reader' }).resumeOffer).toBeNull();
  });

  it('a save lands on the run; a save storage no longer lists (deleted, cleared) is no save', () => {
    const s = reduce(running(), { type: 'run.saved', runId: 1, savedId: 'saved-1', step: 200, savedAt: 7 });
    expect(s.run?.saved).toEqual({ step: 200, savedAt: 7 });
    expect(reduce(s, { type: 'saved.list', runs: [saved] }).run?.saved).toEqual({ step: 200, savedAt: 7 });
    expect(reduce(s, { type: 'saved.list', runs: [] }).run?.saved).toBeNull();
  });

  it('shows errors that answer no request and notices; an error answering a request is its asker’s', () => {
    const s = reduce(
      running(),
      { type: 'error', code: 'gpu', runId: 1, message: 'lost' },
      { type: 'notice', message: 'steps skipped' },
      { type: 'error', code: 'settings', message: 'refused', requestId: 4 },
    );
    expect(s.errors.map((e) => [e.message, e.kind])).toEqual([
      ['lost', 'error'],
      ['steps skipped', 'notice'],
    ]);
  });
});
