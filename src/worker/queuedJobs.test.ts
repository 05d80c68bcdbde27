// Stopping the long jobs that hold the engine's queue: Stop ends a running job, answers a waiting one
// when its turn comes, and is forgotten once the job has finished (ids only grow); a command that
// replaces the run stops every job before it, running or waiting, and says why; a failure that
// was not a Stop is still a failure.
import { describe, expect, it } from 'vitest';
import type { EngineCommand } from '../protocol/commands';
import { QueuedJobs, replacementReason } from './queuedJobs';

const request = { prompt: 'The ', n: 1, temperature: 1, topK: 0, topP: 1, greedy: false, maxNewTokens: 4, seed: 1 };
const compress = (requestId: number): EngineCommand => ({
  type: 'compression.compress',
  requestId,
  runId: 1,
  target: { kind: 'validation' },
});
const compare = (requestId: number): EngineCommand => ({ type: 'compare.runs', requestId, savedIds: ['a', 'b'], request });

/** A job that runs until its signal aborts, then throws as the coder does. */
const untilStopped = (signal: AbortSignal) =>
  new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('Stopped.'))));

/** What the jobs answered, by request: 'done', 'stopped' or 'stopped: reason'. */
function tracked() {
  const jobs = new QueuedJobs();
  const said = new Map<number, string>();
  const run = (requestId: number, work: (signal: AbortSignal) => Promise<void> = async () => undefined) =>
    jobs.run(
      requestId,
      async (signal) => {
        await work(signal);
        said.set(requestId, 'done');
      },
      (reason) => void said.set(requestId, reason ? `stopped: ${reason}` : 'stopped'),
    );
  return { jobs, said, run };
}

describe('QueuedJobs', () => {
  it('Stop ends a running job, and answers a waiting one in its turn without running it', async () => {
    const { jobs, said, run } = tracked();
    jobs.dispatched(compress(1));
    const first = run(1, untilStopped);
    jobs.dispatched(compress(2));
    jobs.stop(2);
    jobs.stop(1);
    await first;
    let ran = false;
    await run(2, async () => void (ran = true));
    expect([...said]).toEqual([
      [1, 'stopped'],
      [2, 'stopped'],
    ]);
    expect(ran).toBe(false);
  });

  it('a Stop after its job finished is forgotten, not kept for ever', async () => {
    const { jobs, said, run } = tracked();
    for (let id = 1; id <= 50; id++) {
      jobs.dispatched(compare(id));
      await run(id);
      jobs.stop(id);
    }
    expect(jobs['waiting'].size + jobs['running'].size).toBe(0);
    expect([...said.values()].every((s) => s === 'done')).toBe(true);
  });

  it('a run-replacing command stops every job before it, running or waiting, saying why; not the ones after it', async () => {
    const { jobs, said, run } = tracked();
    jobs.dispatched(compress(1));
    jobs.dispatched(compare(2));
    const first = run(1, untilStopped);
    jobs.dispatched({ type: 'run.restore', requestId: 3, savedId: 'a' });
    jobs.dispatched(compress(4));
    await first;
    await run(2, untilStopped);
    await run(4);
    expect(said.get(1)).toBe('stopped: Stopped to load a saved run.');
    expect(said.get(2)).toBe('stopped: Stopped to load a saved run.');
    expect(said.get(4)).toBe('done');
  });

  it('a failure that was not a Stop is thrown', async () => {
    const { run } = tracked();
    await expect(
      run(1, async () => {
        throw new Error('That saved run is gone.');
      }),
    ).rejects.toThrow('gone');
  });
});

describe('replacementReason', () => {
  it('names each command that replaces the run, and leaves the others be', () => {
    const commands: EngineCommand[] = [
      { type: 'run.reset', requestId: 1 },
      { type: 'corpus.commit', requestId: 1, accept: true },
      { type: 'model.import', requestId: 1, name: 'm.safetensors', bytes: new ArrayBuffer(0) },
      { type: 'lab.end', requestId: 1 },
      { type: 'completion.stop', requestId: 1 },
      { type: 'run.start', runId: 1 },
    ];
    expect(commands.map(replacementReason)).toEqual([
      'Stopped to reset the run.',
      'Stopped to switch the text.',
      'Stopped to import a model.',
      'Stopped to end the lab.',
      null,
      null,
    ]);
  });
});
