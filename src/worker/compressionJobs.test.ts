// Compress and Decompress as jobs, with a real model on the tfjs CPU backend and a stand-in run:
// a step taken after the last token is caught before the file is reported (its header would name
// weights that no longer exist); a stale request and a Stop are said before the text is looked at;
// diverged weights are said as such, with the next step; the text is tokenized once.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { createGPT } from '../model/gpt';
import { prepareCorpus, type PreparedCorpus } from '../data/prepare';
import { createRng } from '../data/rng';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import type { RunState } from '../protocol/reports';
import { TEST_SETTINGS } from './engineHarness';
import { CompressionJobs, type CodingRun } from './compressionJobs';
import { QueuedJobs } from './queuedJobs';

const TEXT = 'the cat sat on the mat. the dog sat on the log. '.repeat(20);

function corpus(): PreparedCorpus {
  const source = { name: 'pets.txt', names: ['pets.txt'], bytes: TEXT.length, text: TEXT, origin: { kind: 'own' as const }, notices: [] };
  const prepared = prepareCorpus(source, { kind: 'char' }, TEST_SETTINGS.blockSize);
  if (!prepared.ok) throw new Error(prepared.message);
  return prepared.corpus;
}

/** A paused run at step 5 whose step count the test can move, and the jobs' events. */
function setUp() {
  const c = corpus();
  const { nLayer, nHead, nEmbd, blockSize } = TEST_SETTINGS;
  const model = createGPT({ vocabSize: c.tokenizer.vocabSize, nLayer, nHead, nEmbd, blockSize }, createRng(1));
  const session = { model, corpus: c, settings: TEST_SETTINGS, runState: 'paused' as RunState, stepsTrained: 5 };
  const run: CodingRun = { runId: 1, savedId: 'run-a', session };
  const events: EngineEvent[] = [];
  const onPost = { call: (_e: EngineEvent) => undefined as void };
  const queued = new QueuedJobs();
  const jobs = new CompressionJobs(
    (e) => (events.push(e), onPost.call(e)),
    queued,
    async () => null,
  );
  const compress = (requestId: number, text: string, runId = 1) => {
    const cmd: Extract<EngineCommand, { type: 'compression.compress' }> = {
      ...{ type: 'compression.compress', requestId, runId },
      target: { kind: 'text', name: 'a paragraph', text },
    };
    queued.dispatched(cmd);
    return jobs.compress(cmd, run, 'cpu');
  };
  return { model, session, events, onPost, queued, compress, dispose: () => model.dispose() };
}

describe('CompressionJobs', () => {
  it('a step taken after the last token is coded is caught before the file is reported', async () => {
    const { session, events, onPost, compress, dispose } = setUp();
    onPost.call = (e) => {
      if (e.type === 'compression.progress' && e.done === e.total) session.stepsTrained++; // training started and paused again
    };
    await expect(compress(1, 'the cat sat.')).rejects.toThrow(/^Compression stopped: training started/);
    expect(events.map((e) => e.type)).not.toContain('compression.compressed');
    dispose();
  });

  it('reports the step of the weights that coded, in the result and the file name', async () => {
    const { events, compress, dispose } = setUp();
    await compress(1, 'the cat sat.');
    const done = events.find((e) => e.type === 'compression.compressed');
    expect(done?.type === 'compression.compressed' && [done.result.step, done.result.fileName]).toEqual([5, 'pets-step5.ppac']);
    dispose();
  });

  it('says a stale request and a Stop before looking at the text', async () => {
    const { events, queued, compress, dispose } = setUp();
    await expect(compress(1, 'the cat: Zebra', 2)).rejects.toThrow(/^The model changed since you asked/);
    queued.stop(2);
    await compress(2, 'the cat: Zebra');
    expect(events.at(-1)).toEqual({ type: 'compression.stopped', requestId: 2 });
    await expect(compress(3, 'the cat: Zebra')).rejects.toThrow(/not in the alphabet of pets\.txt/);
    dispose();
  });

  it('diverged weights: says the weights are not finite and to Reset the run', async () => {
    const { model, compress, dispose } = setUp();
    const bias = model.params['ln_f.bias'];
    bias.assign(tf.fill(bias.shape, NaN));
    await expect(compress(1, 'the cat')).rejects.toThrow(
      /^Compression failed: this run's weights are not finite numbers \(training diverged\).* Reset the run/,
    );
    dispose();
  });

  it('tokenizes the text once', async () => {
    const { session, compress, dispose } = setUp();
    const encode = vi.spyOn(session.corpus.tokenizer, 'encode');
    await compress(1, 'the dog sat.');
    expect(encode.mock.calls.filter(([text]) => text === 'the dog sat.')).toHaveLength(1);
    dispose();
  });
});
