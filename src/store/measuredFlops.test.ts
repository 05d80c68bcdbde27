// The device's measured FLOP/s: taken from the last point that has a token rate, times nanoGPT's
// FLOPs per token of the run's model, and kept when a new run starts.
import { describe, expect, it } from 'vitest';
import { applyEvent, usePlayground, type PlaygroundStore } from './store';
import { typicalTokensPerSecond } from './metrics';
import type { EngineEvent } from '../protocol/events';
import { DEFAULT_SETTINGS } from '../protocol/settings';

const corpus = {
  name: 'x',
  names: ['x'],
  bytes: 10,
  characters: 10,
  tokenizer: { kind: 'char' as const },
  vocabSize: 65,
  tokens: 10,
  trainTokens: 9,
  valTokens: 1,
  preview: 'x',
  notices: [],
  firstMerges: [],
};
// baby on 65 characters: nanoGPT's flops_per_token = 5,203,200 (protocol/flops.test.ts).
const model = { preset: 'baby', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: 65, params: 809_856, flopsPerToken: 0 };
const reduce = (s: PlaygroundStore, ...events: EngineEvent[]): PlaygroundStore =>
  events.reduce((acc, e) => ({ ...acc, ...applyEvent(acc, e) }), s);

describe('measuredFlops', () => {
  it('is tokens/s × FLOPs per token, and outlives the run', () => {
    const created: EngineEvent = { type: 'run.created', runId: 1, settings: DEFAULT_SETTINGS, corpus, model };
    let s = reduce(usePlayground.getState(), created);
    expect(s.measuredFlops).toBeNull();
    s = reduce(s, {
      type: 'run.metrics',
      runId: 1,
      evals: [],
      points: [
        { step: 0, tokens: 768, trainLoss: 4, elapsedMs: 100 },
        { step: 1, tokens: 1536, trainLoss: 4, elapsedMs: 200, tokensPerSecond: 1000 },
      ],
    });
    expect(s.measuredFlops).toMatchObject({ flopsPerSecond: 5_203_200_000, preset: 'baby', step: 1 });
    // A batch without a rate keeps the last measurement; so does a new run.
    s = reduce(s, { type: 'run.metrics', runId: 1, evals: [], points: [{ step: 2, tokens: 2304, trainLoss: 4, elapsedMs: 300 }] });
    expect(s.measuredFlops?.flopsPerSecond).toBe(5_203_200_000);
    s = reduce(s, { ...created, runId: 2 });
    expect(s.points).toEqual([]);
    expect(s.measuredFlops?.flopsPerSecond).toBe(5_203_200_000);
  });
});

describe('typicalTokensPerSecond', () => {
  it('is the median of the recent rates, steady against one slow reading', () => {
    const at = (step: number, tokensPerSecond?: number) => ({
      step,
      tokens: step * 10,
      trainLoss: 1,
      elapsedMs: step,
      ...(tokensPerSecond ? { tokensPerSecond } : {}),
    });
    expect(typicalTokensPerSecond([at(0)])).toBeUndefined();
    expect(typicalTokensPerSecond([at(0), at(1, 1000), at(2, 100), at(3, 900)])).toBe(900);
    expect(typicalTokensPerSecond([at(1, 1000), at(2, 100)])).toBe(550);
    // Only the last 50 rates count.
    const old = Array.from({ length: 60 }, (_, i) => at(i, 10));
    const recent = Array.from({ length: 50 }, (_, i) => at(60 + i, 500));
    expect(typicalTokensPerSecond([...old, ...recent])).toBe(500);
  });
});
