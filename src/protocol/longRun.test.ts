// What the long run's manifest says of how it was trained, as the page words it: its threads from
// its settings or its command (none claimed when neither says), its duration in a short unit.
import { describe, expect, it } from 'vitest';
import { trainedFor, trainedThreads } from './longRun';

const settings = { seed: 1, maxSteps: 10, lr: 1e-3, warmupSteps: 1, batchSize: 2 };

describe('the long run’s manifest in words', () => {
  it('takes the thread count from the settings, else the command, else claims none', () => {
    expect(trainedThreads({ settings: { ...settings, threads: 4 }, command: 'npm run pretrain -- --threads 1' })).toBe(4);
    expect(trainedThreads({ settings, command: 'npm run pretrain -- --steps 30000 --seed 1337 --threads 1' })).toBe(1);
    expect(trainedThreads({ settings, command: 'npm run pretrain -- --threads=2' })).toBe(2);
    expect(trainedThreads({ settings, command: 'npm run pretrain' })).toBeNull();
  });

  it('says a duration in seconds, minutes or hours', () => {
    expect([trainedFor(42), trainedFor(600), trainedFor(3 * 3600)]).toEqual(['42 s', '10 min', '3.0 h']);
  });
});
