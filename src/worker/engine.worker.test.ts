// The worker adapter (engine.worker.ts) with its Engine stood in for: a command that parses reaches
// the engine; one that does not is refused with the field named and, when it carries a requestId,
// with that id, so the page's request is answered instead of waiting forever (a .txt name over the
// schema's 200 characters once left the compression panel stuck).
import { describe, expect, it, vi } from 'vitest';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';

const dispatched = vi.hoisted(() => [] as EngineCommand[]);
vi.mock('./engine', () => ({
  Engine: class {
    dispatch(cmd: EngineCommand) {
      dispatched.push(cmd);
    }
  },
}));
const posted: EngineEvent[] = [];
const worker = { postMessage: (e: EngineEvent) => void posted.push(e), onmessage: null as ((e: { data: unknown }) => void) | null };
vi.stubGlobal('self', worker);
await import('./engine.worker');

const send = (data: unknown) => worker.onmessage!({ data });

describe('engine.worker', () => {
  it('hands a command that parses to the engine', () => {
    send({ type: 'compression.stop', requestId: 3 });
    expect(dispatched).toEqual([{ type: 'compression.stop', requestId: 3 }]);
    expect(posted).toEqual([]);
  });

  it('answers an unparsable command with an error carrying its requestId', () => {
    const target = { kind: 'text', name: 'n'.repeat(201), text: 'the cat' };
    send({ type: 'compression.compress', requestId: 7, runId: 1, target });
    expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'worker', requestId: 7 });
    expect(posted.at(-1)).toHaveProperty(
      'message',
      expect.stringMatching(/^The worker got a malformed command "compression\.compress": target\.name/),
    );
  });

  it('says an unparsable command without a usable requestId to no request', () => {
    for (const data of [null, 'hello', { type: 'nope' }, { type: 'run.reset', requestId: -1 }, { type: 'x', requestId: '4' }]) {
      send(data);
      expect(posted.at(-1)).toMatchObject({ type: 'error', code: 'worker', requestId: undefined });
    }
  });
});
