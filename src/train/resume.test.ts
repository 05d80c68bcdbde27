// Resume is exact: a run saved at step k and continued in a new session (new model, new
// optimizer, new RNG, all from the checkpoint) gives the same losses as the run never stopped.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TrainingSession } from './session';
import { recordSession, type Said } from './recordSession';
import type { SessionCheckpoint } from './checkpoint';
import { prepareCorpus } from '../data/prepare';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';

const base: RunSettings = {
  ...DEFAULT_SETTINGS,
  backend: 'cpu',
  preset: 'tiny',
  nLayer: 1,
  nHead: 2,
  nEmbd: 16,
  blockSize: 16,
  batchSize: 4,
  evalEvery: 10,
  evalBatches: 2,
  sampleEvery: 15,
  sampleLength: 20,
  maxSteps: 30,
  warmupSteps: 5,
  lr: 3e-3,
};
const text = 'It was the best of times, it was the worst of times, it was the age of wisdom. '.repeat(40);
const prepared = prepareCorpus(
  { name: 'dickens.txt', names: ['dickens.txt'], bytes: text.length, text, notices: [], origin: { kind: 'own' as const } },
  { kind: 'char' },
  base.blockSize,
);
if (!prepared.ok) throw new Error(prepared.message);
const corpus = prepared.corpus;

/** Runs a session until its state is `until`, collecting its reports. */
async function runUntil(session: TrainingSession, reports: Said[], until: (r: Said[]) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!until(reports)) {
    if (Date.now() > deadline) throw new Error(`timed out: ${dump(reports)}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  void session;
}

const dump = (rs: Said[]) =>
  rs
    .map((r) =>
      r.type === 'run.state'
        ? `${r.state}@${r.step}`
        : r.type === 'run.metrics'
          ? `m${r.points.map((p) => p.step).join(',')}|${r.evals.map((e) => e.step).join(',')}`
          : r.type,
    )
    .join(' ');

const losses = (reports: Said[]) =>
  new Map(reports.flatMap((r) => (r.type === 'run.metrics' ? r.points.map((p) => [p.step, p.trainLoss] as const) : [])));
const checkpoints = (reports: Said[]) => reports.flatMap((r) => (r.type === 'checkpoint' ? [r.checkpoint] : []));
const isState = (state: string) => (rs: Said[]) => rs.some((r) => r.type === 'run.state' && r.state === state);

describe('resume from a checkpoint', () => {
  // Muon keeps its momentum where AdamW keeps its first moment: the same checkpoint carries either.
  it.each(['adamw', 'muon'] as const)(
    'continues with the losses of the uninterrupted run, within 1e-5, and keeps its history (%s)',
    async (optimizer) => {
      const settings: RunSettings = { ...base, optimizer };
      const whole: Said[] = [];
      const a = new TrainingSession(settings, corpus, 'cpu', recordSession(whole));
      a.start();
      await runUntil(a, whole, isState('done'));
      await a.dispose();
      const uninterrupted = losses(whole);
      expect(uninterrupted.size).toBe(30);

      // The same run, paused at some step: Pause saves.
      const first: Said[] = [];
      const b = new TrainingSession(settings, corpus, 'cpu', recordSession(first));
      b.start();
      await runUntil(b, first, (rs) => losses(rs).size >= 12);
      b.pause();
      await runUntil(b, first, (rs) => isState('paused')(rs) && checkpoints(rs).length > 0);
      const saved: SessionCheckpoint = structuredClone(checkpoints(first).at(-1)!); // as IndexedDB stores it
      await b.dispose();
      expect(saved.step).toBeGreaterThanOrEqual(12);
      expect(saved.history.points.map((p) => p.step)).toEqual(Array.from({ length: saved.step }, (_, i) => i));

      const tensorsBefore = tf.memory().numTensors;
      const rest: Said[] = [];
      const c = new TrainingSession(settings, corpus, 'cpu', recordSession(rest), { from: saved });
      expect(c.runState).toBe('paused');
      expect(c.stepsTrained).toBe(saved.step);
      c.resume();
      await runUntil(c, rest, isState('done'));
      const resumed = losses(rest);
      expect([...resumed.keys()]).toEqual(Array.from({ length: 30 - saved.step }, (_, i) => saved.step + i));
      let worst = 0;
      for (const [step, loss] of resumed) worst = Math.max(worst, Math.abs(loss - uninterrupted.get(step)!));
      console.log(`resume at step ${saved.step}: max |Δloss| over steps ${saved.step}–29 = ${worst}`);
      expect(worst).toBeLessThanOrEqual(1e-5);
      // Evaluations after the resume match too (same weights, same fixed validation windows).
      const evals = (rs: Said[]) => rs.flatMap((r) => (r.type === 'run.metrics' ? r.evals : []));
      const late = evals(rest);
      for (const e of late) expect(e.valLoss).toBeCloseTo(evals(whole).find((w) => w.step === e.step)!.valLoss, 5);
      // The finished run's checkpoint carries the whole history, before and after the resume.
      const end = checkpoints(rest).at(-1)!;
      expect(end.step).toBe(30);
      expect(end.history.points.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      await c.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    },
    120_000,
  );

  it('refuses a checkpoint of another shape, naming the parameter, and frees what it built', async () => {
    const settings = base;
    const reports: Said[] = [];
    const a = new TrainingSession(settings, corpus, 'cpu', recordSession(reports));
    a.start();
    await runUntil(a, reports, (rs) => losses(rs).size >= 2);
    a.pause(); // saves
    await runUntil(a, reports, (rs) => checkpoints(rs).length > 0);
    await a.dispose();
    const saved = checkpoints(reports)[0];
    const before = tf.memory().numTensors;
    const wider = { ...settings, nEmbd: 32 };
    expect(() => new TrainingSession(wider, corpus, 'cpu', { post: () => undefined }, { from: saved })).toThrow(
      /cannot be resumed: its weights have \d+ values for wte\.weight; the model needs \d+/,
    );
    expect(tf.memory().numTensors).toBe(before);
    // A diverged run's record, or one from another version, is refused whole.
    const diverged = structuredClone(saved);
    diverged.optimizer.v['ln_f.bias'][3] = NaN;
    expect(() => new TrainingSession(settings, corpus, 'cpu', { post: () => undefined }, { from: diverged })).toThrow(
      /second moments for ln_f\.bias hold values that are not finite/,
    );
    const older = { ...saved, batchRng: undefined } as unknown as SessionCheckpoint;
    expect(() => new TrainingSession(settings, corpus, 'cpu', { post: () => undefined }, { from: older })).toThrow(
      /random-number state is malformed/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
