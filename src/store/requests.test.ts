// The request helper: a command's answer resolves its promise, events on the way reach its
// callback, an error rejects it with the worker's message, an answer nobody waits for is dropped,
// and a replaced worker rejects everything still waiting.
import { describe, expect, it } from 'vitest';
import { createRequests, RequestFailed, WorkerReplaced } from './requests';
import type { EngineCommand } from '../protocol/commands';
import { describeRun, noHistory } from '../protocol/fixtures/run';

function setUp() {
  const sent: EngineCommand[] = [];
  const requests = createRequests((cmd) => sent.push(cmd), 10);
  return { sent, requests };
}

describe('requests', () => {
  it('sends the command with a fresh id and resolves with its answer', async () => {
    const { sent, requests } = setUp();
    const first = requests.request((requestId) => ({ type: 'text.score', requestId, text: 'Call', temperature: 1 }));
    const second = requests.request((requestId) => ({ type: 'run.reset', requestId }));
    expect(sent).toEqual([
      { type: 'text.score', requestId: 10, text: 'Call', temperature: 1 },
      { type: 'run.reset', requestId: 11 },
    ]);
    expect([first.requestId, second.requestId]).toEqual([10, 11]);
    const replaced = { type: 'run.replaced' as const, requestId: 11, cause: 'reset' as const, run: describeRun(), history: noHistory() };
    expect(requests.onEvent(replaced)).toBe(true);
    await expect(second.answer).resolves.toEqual(replaced);
    expect(requests.waiting).toBe(1);
  });

  it('hands the events on the way to the callback, in order, and resolves at the answer', async () => {
    const { requests } = setUp();
    const seen: string[] = [];
    const { requestId, answer } = requests.request((id) => ({ type: 'completion.start', requestId: id, request: ask }), {
      onEvent: (e) => seen.push(e.type === 'completion.tokens' ? e.texts.join('') : e.type),
    });
    requests.onEvent({ type: 'completion.started', requestId, notices: [] });
    requests.onEvent({ type: 'completion.tokens', requestId, texts: ['a'] });
    requests.onEvent({ type: 'completion.tokens', requestId, texts: ['b'] });
    requests.onEvent({ type: 'completion.done', requestId });
    await expect(answer).resolves.toEqual({ type: 'completion.done', requestId });
    expect(seen).toEqual(['completion.started', 'a', 'b']);
  });

  it('drops an answer nobody waits for: a stale one, an abandoned one, an event of no request', () => {
    const { requests } = setUp();
    const seen: unknown[] = [];
    const { requestId } = requests.request((id) => ({ type: 'completion.start', requestId: id, request: ask }), {
      onEvent: (e) => seen.push(e),
    });
    requests.abandon(requestId);
    expect(requests.onEvent({ type: 'completion.tokens', requestId, texts: ['late'] })).toBe(false);
    expect(requests.onEvent({ type: 'completion.done', requestId: 99 })).toBe(false);
    expect(requests.onEvent({ type: 'run.state', runId: 1, state: 'paused', step: 3 })).toBe(false);
    expect(seen).toEqual([]);
    expect(requests.waiting).toBe(0);
  });

  it("rejects with the worker's message and code when the answer is an error", async () => {
    const { requests } = setUp();
    const { requestId, answer } = requests.request((id) => ({ type: 'run.reset', requestId: id }));
    requests.onEvent({ type: 'error', code: 'settings', message: 'A context of 512 is too long.', requestId });
    await expect(answer).rejects.toBeInstanceOf(RequestFailed);
    await expect(answer).rejects.toMatchObject({ message: 'A context of 512 is too long.', code: 'settings' });
    // Answered once: a second answer with the same id is stale.
    expect(requests.onEvent({ type: 'error', code: 'settings', message: 'again', requestId })).toBe(false);
  });

  it('rejects everything waiting when the worker is replaced, and then takes new requests', async () => {
    const { requests } = setUp();
    const a = requests.request((id) => ({ type: 'run.restore', requestId: id, savedId: 'x' }));
    const b = requests.request((id) => ({ type: 'model.export', requestId: id }));
    requests.failAll('it ran out of memory');
    await expect(a.answer).rejects.toBeInstanceOf(WorkerReplaced);
    await expect(b.answer).rejects.toThrow('it ran out of memory');
    expect(requests.waiting).toBe(0);
    expect(requests.onEvent({ type: 'model.exported', requestId: b.requestId, fileName: 'x', bytes: new ArrayBuffer(1) })).toBe(false);
    const c = requests.request((id) => ({ type: 'model.export', requestId: id }));
    expect(c.requestId).toBeGreaterThan(b.requestId);
  });
});

const ask = { prompt: 'Call', n: 1, temperature: 1, topK: 0, topP: 1, greedy: false, maxNewTokens: 5, seed: 1 };
