// When a run is saved: every SAVE_EVERY_STEPS steps or SAVE_EVERY_MS of training, when asked,
// never twice at one step; one read at a time; a diverged checkpoint is never delivered.
import { describe, expect, it, vi } from 'vitest';
import { Autosave, SAVE_EVERY_MS, SAVE_EVERY_STEPS } from './autosave';
import { emptyHistory, type SessionCheckpoint } from './checkpoint';
import { createRng } from '../data/rng';

const checkpoint = (step: number, w = 1): SessionCheckpoint => ({
  step,
  elapsedMs: step * 10,
  evaluatedAt: -1,
  sampledAt: -1,
  batchRng: createRng(1).save(),
  weights: { 'wte.weight': new Float32Array([w, 2]) },
  optimizer: { step, m: { 'wte.weight': new Float32Array(2) }, v: { 'wte.weight': new Float32Array(2) } },
  history: emptyHistory(),
});

describe('Autosave', () => {
  it('is due after SAVE_EVERY_STEPS steps or SAVE_EVERY_MS, or when asked, and never without a new step', () => {
    const a = new Autosave({ step: 10, ms: 1000 });
    expect(a.due(10 + SAVE_EVERY_STEPS - 1, 1000 + SAVE_EVERY_MS - 1)).toBe(false);
    expect(a.due(10 + SAVE_EVERY_STEPS, 1001)).toBe(true);
    expect(a.due(11, 1000 + SAVE_EVERY_MS)).toBe(true);
    a.ask();
    expect(a.due(11, 1001)).toBe(true);
    expect(a.due(10, 1000 + SAVE_EVERY_MS)).toBe(false); // nothing new to save
  });

  it('delivers a checkpoint once, joins a second call to the read under way, and moves its mark', async () => {
    const a = new Autosave();
    const deliver = vi.fn();
    const failed = vi.fn();
    let release: (c: SessionCheckpoint) => void = () => undefined;
    const capture = vi.fn(() => new Promise<SessionCheckpoint>((r) => (release = r)));
    const first = a.take(capture, deliver, failed);
    const second = a.take(capture, deliver, failed);
    expect(second).toBe(first);
    release(checkpoint(40));
    await first;
    expect(capture).toHaveBeenCalledTimes(1);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(a.changed(40)).toBe(false);
    expect(failed).not.toHaveBeenCalled();
  });

  it('never delivers non-finite weights, and says so; a failed read is said too', async () => {
    const a = new Autosave();
    const deliver = vi.fn();
    const failed = vi.fn();
    await a.take(() => Promise.resolve(checkpoint(7, NaN)), deliver, failed);
    await a.take(() => Promise.reject(new Error('device lost')), deliver, failed);
    expect(deliver).not.toHaveBeenCalled();
    expect(failed.mock.calls.map(([m]) => m)).toEqual([
      expect.stringMatching(/not saved at step 7: .* no longer finite/),
      expect.stringMatching(/could not be read back .*device lost/),
    ]);
  });
});
