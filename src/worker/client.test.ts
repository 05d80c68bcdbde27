// The long run's client against a stand-in Worker: the worker starts on the first command, not
// before; a worker that fails is ended and reported, and the next command starts a fresh one
// (before, the failed one was kept and every later snapshot stayed 'loading…').
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LongRunEvent } from '../protocol/longRun';
import { createLongRunClient } from './client';

class StandInWorker {
  static made: StandInWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  constructor() {
    StandInWorker.made.push(this);
  }
  postMessage(data: unknown): void {
    this.posted.push(data);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('the long run’s client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    StandInWorker.made = [];
  });

  it('replaces a failed worker on the next command and says it failed', () => {
    vi.stubGlobal('Worker', StandInWorker);
    const events: LongRunEvent[] = [];
    const client = createLongRunClient((e) => events.push(e));
    expect(StandInWorker.made).toHaveLength(0);
    client.send({ type: 'longRun.stop', requestId: 1 });
    const [first] = StandInWorker.made;
    first.onmessage?.({ data: { type: 'longRun.done', requestId: 1 } });
    first.onerror?.({ message: 'out of memory', preventDefault: () => undefined });
    expect(first.terminated).toBe(true);
    expect(events).toEqual([
      { type: 'longRun.done', requestId: 1 },
      { type: 'longRun.error', message: expect.stringContaining('out of memory') },
    ]);
    first.onmessage?.({ data: { type: 'longRun.done', requestId: 1 } }); // a late word from the failed one
    expect(events).toHaveLength(2);
    client.send({ type: 'longRun.stop', requestId: 2 });
    expect(StandInWorker.made).toHaveLength(2);
    expect(StandInWorker.made[1].posted).toEqual([{ type: 'longRun.stop', requestId: 2 }]);
    expect(first.posted).toEqual([{ type: 'longRun.stop', requestId: 1 }]);
  });
});
