// The engine's questions about the current weights, with the real model on the tfjs CPU backend:
// each answer carries its requestId; a measurement meant for a run that is gone, or asked while
// training moves the weights, is not made; a Stop that overtakes its Start still ends it.
import { describe, expect, it } from 'vitest';
import type { CorpusRequest } from '../protocol/commands';
import { FEW_SHOT_KS, FEW_SHOT_ITEMS } from '../protocol/fewShot';
import { fileOf, startEngine, TEST_SETTINGS, until } from './engineHarness';

const settings = { ...TEST_SETTINGS, blockSize: 64 };

const engineOn = (corpus: CorpusRequest) => startEngine({ settings, corpus });

const cats = fileOf('cats.txt', 'the cat sat on the mat. '.repeat(100));

describe('Engine queries', () => {
  it('text.score answers with the score of that text, per token', async () => {
    const { engine, answer } = await engineOn(cats);
    engine.dispatch({ type: 'text.score', requestId: 5, text: 'the cat', temperature: 1 });
    await until(() => answer(5).length > 0, 'the score');
    const [scored] = answer(5);
    if (scored.type !== 'text.scored') throw new Error(`expected a score, got ${scored.type}`);
    expect(scored.score.perToken.map((t) => t.text).join('')).toBe('the␣cat');
    expect(scored.score.perToken.slice(1).every((t) => t.p !== null && t.p > 0)).toBe(true);
    expect(scored.score.next.length).toBeGreaterThan(0);
  });

  it('candidates.score gives each candidate a probability, in the order given', async () => {
    const { engine, answer } = await engineOn(cats);
    engine.dispatch({ type: 'candidates.score', requestId: 6, prompt: 'the c', candidates: ['at', 'mat'] });
    await until(() => answer(6).length > 0, 'the scores');
    const [scored] = answer(6);
    if (scored.type !== 'candidates.scored') throw new Error(`expected scores, got ${scored.type}`);
    expect(scored.result.scores.map((s) => s.candidate)).toEqual(['at', 'mat']);
    for (const s of scored.result.scores) expect(s.probability).toBeGreaterThan(0);
  });

  it('fewshot.measure measures a lab task at its step, refuses while training, and answers a stale runId with why', async () => {
    const { engine, events, answer } = await engineOn({ kind: 'synthetic', task: 'copy' });
    engine.dispatch({ type: 'fewshot.measure', requestId: 7, runId: 99 }); // a run that is gone
    engine.dispatch({ type: 'fewshot.measure', requestId: 8, runId: 1 });
    await until(() => answer(8).some((e) => e.type === 'fewshot.measured'), 'the curve', 120_000);
    expect(answer(7)).toEqual([expect.objectContaining({ type: 'error', message: 'That run was replaced before it could be measured.' })]);
    const measured = answer(8).find((e) => e.type === 'fewshot.measured');
    if (measured?.type !== 'fewshot.measured') throw new Error('no curve');
    expect(measured.step).toBe(0);
    expect(measured.result.points.map((p) => [p.k, p.total])).toEqual(FEW_SHOT_KS.map((k) => [k, FEW_SHOT_ITEMS]));
    expect(answer(8).filter((e) => e.type === 'fewshot.progress').length).toBeGreaterThan(1);

    engine.dispatch({ type: 'run.start', runId: 1 });
    await until(() => events.some((e) => e.type === 'run.metrics' && e.points.length > 0), 'a step');
    engine.dispatch({ type: 'fewshot.measure', requestId: 9, runId: 1 });
    await until(() => answer(9).length > 0, 'the refusal');
    expect(answer(9)).toEqual([
      expect.objectContaining({ type: 'error', message: expect.stringMatching(/Pause training before measuring/) }),
    ]);
    engine.dispatch({ type: 'run.pause', runId: 1 });
    await until(() => events.some((e) => e.type === 'run.state' && e.state === 'paused'), 'the pause');
  }, 180_000);

  it('a Stop that overtakes its queued Start still ends that completion, with done and no tokens', async () => {
    const { engine, answer } = await engineOn(cats);
    // The score goes first in the queue, so the Start waits behind it while the Stop acts at once.
    engine.dispatch({ type: 'text.score', requestId: 10, text: 'the cat sat', temperature: 1 });
    const request = { prompt: 'the ', n: 2, temperature: 1, topK: 0, topP: 1, greedy: false, maxNewTokens: 50, seed: 1 };
    engine.dispatch({ type: 'completion.start', requestId: 11, request });
    engine.dispatch({ type: 'completion.stop', requestId: 11 });
    await until(() => answer(11).some((e) => e.type === 'completion.done'), 'done');
    expect(answer(11).map((e) => e.type)).toEqual(['completion.done']);
  });
});
