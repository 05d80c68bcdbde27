// A long run holds a constant number of tensors: training steps, evaluations, progress samples and
// checkpoints (asked for every 25 steps, as autosave and a hidden tab do) leave nothing behind.
// STEPS can be raised for a longer measurement (PLATEAU_STEPS=2000 npx vitest run …).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TrainingSession } from './session';
import { recordSession, type Said } from './recordSession';
import { prepareCorpus } from '../data/prepare';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';

const STEPS = Number(process.env.PLATEAU_STEPS ?? 200);
const settings: RunSettings = {
  ...DEFAULT_SETTINGS,
  backend: 'cpu',
  preset: 'tiny',
  nLayer: 1,
  nHead: 2,
  nEmbd: 16,
  blockSize: 16,
  batchSize: 2,
  evalEvery: 20,
  evalBatches: 1,
  sampleEvery: 40,
  sampleLength: 8,
  maxSteps: STEPS,
  warmupSteps: 5,
  lr: 3e-3,
};
const text = 'It was the best of times, it was the worst of times, it was the age of wisdom. '.repeat(40);
const prepared = prepareCorpus(
  { name: 'dickens.txt', names: ['dickens.txt'], bytes: text.length, text, notices: [], origin: { kind: 'own' as const } },
  { kind: 'char' },
  settings.blockSize,
);
if (!prepared.ok) throw new Error(prepared.message);

describe('memory over a long run', () => {
  it(`keeps numTensors and bytes flat over ${STEPS} steps with evaluations, samples and checkpoints`, async () => {
    const reports: Said[] = [];
    const session = new TrainingSession(settings, prepared.corpus, 'cpu', recordSession(reports));
    const lastStep = () =>
      reports.reduce((m, r) => (r.type === 'run.metrics' && r.points.length ? Math.max(m, r.points.at(-1)!.step) : m), -1);
    const states = () => reports.filter((r) => r.type === 'run.state').map((r) => (r.type === 'run.state' ? r.state : ''));
    let asked = 0; // checkpoints asked for
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 240_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('timed out');
        const step = lastStep();
        if (step >= (asked + 1) * 25) {
          asked++;
          session.save(); // a checkpoint at the next step boundary
        }
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    const memory = () => ({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });
    session.start();
    // Measured when the loop is at rest (paused), after the first evaluation, sample and checkpoint.
    await until(() => lastStep() >= 45);
    session.pause();
    await until(() => states().at(-1) === 'paused');
    const early = memory();
    session.resume();
    await until(() => states().at(-1) === 'done');
    const checkpointsTaken = reports.filter((r) => r.type === 'checkpoint').length;
    const samples = reports.filter((r) => r.type === 'run.sample').length;
    await new Promise((r) => setTimeout(r, 50)); // the last checkpoint's reads
    const end = memory();
    console.log(
      `plateau: ${STEPS} steps, ${checkpointsTaken} checkpoints, ${samples} samples; paused at ~45: ${early.tensors} tensors / ${early.bytes} B; end: ${end.tensors} / ${end.bytes} B`,
    );
    expect(checkpointsTaken).toBeGreaterThanOrEqual(3);
    expect(samples).toBeGreaterThanOrEqual(3);
    expect(end.tensors).toBe(early.tensors);
    expect(end.bytes).toBe(early.bytes);
    await session.dispose();
  }, 300_000);
});
