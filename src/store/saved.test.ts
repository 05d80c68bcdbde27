// Saved runs as the page mirrors them: the resume offer (made once, never in a second tab),
// lastSave with its id, a restore or import answered, and a run brought back after a crash that
// trains on if it was training.
import { describe, expect, it, vi } from 'vitest';
import { applyEvent, type PlaygroundStore, usePlayground } from './store';
import { createSavedSlice, savedEffect } from './saved';
import type { EngineEvent } from '../protocol/events';
import type { SavedRun } from '../protocol/savedRuns';
import type { SliceContext } from './slice';

const run: SavedRun = {
  id: 'a1',
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
const reduce = (s: PlaygroundStore, ...events: EngineEvent[]): PlaygroundStore =>
  events.reduce((acc, e) => ({ ...acc, ...applyEvent(acc, e) }), s);

/** The saved slice over a plain state object, with the commands it sends recorded. */
function slice(state: Partial<PlaygroundStore>) {
  const sent: unknown[] = [];
  let s = { ...initial, ...state } as PlaygroundStore;
  const ctx: SliceContext = {
    set: (update) => void (s = { ...s, ...(typeof update === 'function' ? update(s) : update) }),
    get: () => s,
    send: (cmd) => void sent.push(cmd),
    nextRequestId: () => 41,
  };
  const actions = createSavedSlice(ctx);
  return { actions, sent, state: () => s };
}

describe('saved runs on the page', () => {
  it('offers the newest run once, on the first list, unless another tab saves', () => {
    const first = reduce(initial, { type: 'saved.list', runs: [run] });
    expect(first.resumeOffer).toEqual(run);
    expect(reduce({ ...first, resumeOffer: null }, { type: 'saved.list', runs: [run] }).resumeOffer).toBeNull();
    expect(reduce({ ...initial, tabRole: 'reader' }, { type: 'saved.list', runs: [run] }).resumeOffer).toBeNull();
  });

  it('a second tab withdraws the offer and tells the worker not to write', () => {
    const { actions, sent, state } = slice({ resumeOffer: run });
    actions.setTabRole(false);
    expect(state()).toMatchObject({ tabRole: 'reader', resumeOffer: null });
    expect(sent).toEqual([{ type: 'storage.access', write: false }]);
  });

  it('keeps the id of the last save; an import is answered by its run or its error', () => {
    const saved = reduce(initial, { type: 'run.saved', runId: 0, savedId: 'a1', step: 200, savedAt: 5 });
    expect(saved.lastSave).toEqual({ step: 200, savedAt: 5, savedId: 'a1' });
    const importing = { ...initial, importing: { requestId: 7, name: 'm.safetensors' } };
    expect(applyEvent(importing, { type: 'error', code: 'import', message: 'no', requestId: 7 })).toMatchObject({ importing: null });
    const created = applyEvent(importing, {
      type: 'run.created',
      runId: 3,
      requestId: 7,
      settings: initial.settings,
      corpus: {
        name: 'Moby Dick',
        names: [],
        bytes: 1,
        characters: 1,
        tokenizer: { kind: 'char' },
        vocabSize: 2,
        tokens: 1,
        trainTokens: 1,
        valTokens: 1,
        preview: '',
        notices: [],
        firstMerges: [],
      },
      model: { preset: 'tiny', nLayer: 1, nHead: 1, nEmbd: 8, blockSize: 4, vocabSize: 2, params: 1, flopsPerToken: 6 },
    });
    expect(created.importing).toBeNull();
    expect(created.errors?.at(-1)).toMatchObject({
      kind: 'notice',
      message: expect.stringMatching(/^Imported m\.safetensors: tiny, paused at its step\. .* on Moby Dick/),
    });
  });

  it('after a crash restores the last save and, if it was training, trains on', () => {
    const { actions, sent, state } = slice({
      lastSave: { step: 200, savedAt: 5, savedId: 'a1' },
      savedRuns: [run],
      runState: 'running',
      step: 230,
    });
    actions.recoverAfterCrash('boom');
    expect(sent).toEqual([{ type: 'run.restore', requestId: 41, savedId: 'a1' }]);
    expect(state().restoring).toEqual({ requestId: 41, run, resume: true });
    expect(state().errors.at(-1)).toMatchObject({
      kind: 'notice',
      message: expect.stringContaining('went back to its save at step 200: 30 steps are being redone'),
    });
    const send = vi.fn();
    savedEffect(
      state(),
      {
        type: 'run.created',
        runId: 1,
        requestId: 41,
        settings: initial.settings,
        corpus: {
          name: 'x',
          names: [],
          bytes: 1,
          characters: 1,
          tokenizer: { kind: 'char' },
          vocabSize: 2,
          tokens: 1,
          trainTokens: 1,
          valTokens: 1,
          preview: '',
          notices: [],
          firstMerges: [],
        },
        model: { preset: 'tiny', nLayer: 1, nHead: 1, nEmbd: 8, blockSize: 4, vocabSize: 2, params: 1, flopsPerToken: 6 },
      },
      send,
    );
    expect(send).toHaveBeenCalledWith({ type: 'run.resume', runId: 1 });
  });

  it('after a crash before any save says the run starts again', () => {
    const { actions, sent, state } = slice({ lastSave: null, runState: 'running', step: 30 });
    actions.recoverAfterCrash('boom');
    expect(sent).toEqual([]);
    expect(state().errors.at(-1)?.message).toMatch(/had not been saved yet, so it starts again from step 0/);
  });
});
