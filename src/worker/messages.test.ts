// Worker boundary: every well-formed message parses; anything malformed is null, never cast.
import { describe, expect, it } from 'vitest';
import { parseCommand, parseEvent } from './messages';
import type { EngineCommand, EngineEvent } from './protocol';
import { DEFAULT_SETTINGS } from '../train/settings';

const corpus = {
  name: 'Moby Dick', names: ['Moby Dick'], bytes: 1_220_848, characters: 1_217_396, tokenizer: { kind: 'char' as const }, vocabSize: 89,
  tokens: 1_217_396, trainTokens: 1_095_656, valTokens: 121_740, preview: 'Call me Ishmael.', notices: [], firstMerges: [],
};
const model = { preset: 'baby', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: 5, params: 1, flopsPerToken: 6 };
const point = { step: 0, tokens: 768, trainLoss: 4.2, lr: 1e-5, elapsedMs: 10 };

const events: EngineEvent[] = [
  { type: 'ready', backend: { name: 'webgpu', isFallbackAdapter: true } },
  { type: 'run.created', runId: 1, settings: DEFAULT_SETTINGS, corpus, model },
  { type: 'run.state', runId: 1, state: 'running', step: 3 },
  { type: 'run.metrics', runId: 1, points: [point], evals: [] },
  { type: 'run.sample', runId: 1, sample: { step: 250, text: 'the whale' } },
  { type: 'sample.started', requestId: 2, skipped: ['é'] },
  { type: 'sample.started', requestId: 2, skipped: [], croppedTo: 64 },
  { type: 'sample.token', requestId: 2, text: 'a' },
  { type: 'sample.done', requestId: 2 },
  { type: 'error', code: 'gpu', message: 'device lost' },
  { type: 'error', code: 'generate', message: 'oops', requestId: 2 },
];

const commands: EngineCommand[] = [
  { type: 'init', corpus: { kind: 'url', url: 'http://127.0.0.1/corpus/moby-dick.txt', name: 'Moby Dick' }, tokenizer: { kind: 'char' }, settings: DEFAULT_SETTINGS },
  { type: 'corpus.use', corpus: { kind: 'current' }, tokenizer: { kind: 'bpe', vocabSize: 512 }, settings: DEFAULT_SETTINGS },
  { type: 'corpus.commit', accept: true },
  { type: 'run.reset', settings: DEFAULT_SETTINGS },
  { type: 'run.start' },
  { type: 'run.pause' },
  { type: 'run.resume' },
  { type: 'sample.start', requestId: 1, prompt: 'Call me', temperature: 0.8, topK: 40, maxNewTokens: 100 },
  { type: 'sample.stop', requestId: 1 },
];

/** Not messages of any kind. */
const junk: unknown[] = [null, undefined, 0, 'run.start', '{"type":"run.start"}', [], [{ type: 'run.start' }], {}, { type: 7 }];

describe('parseEvent', () => {
  it.each(events.map((e) => [e.type, e] as const))('accepts %s', (_, e) => {
    expect(parseEvent(structuredClone(e))).toEqual(e);
  });

  it.each(junk.map((j) => [JSON.stringify(j) ?? String(j), j] as const))('rejects %s', (_, j) => {
    expect(parseEvent(j)).toBeNull();
  });

  it('rejects an unknown type tag, and a command', () => {
    expect(parseEvent({ type: 'run.exploded', runId: 1 })).toBeNull();
    expect(parseEvent({ type: 'toString' })).toBeNull();
    expect(parseEvent({ type: 'run.start' })).toBeNull();
  });

  it('rejects a missing field or a field of the wrong kind', () => {
    expect(parseEvent({ type: 'run.state', runId: 1, state: 'running' })).toBeNull();
    expect(parseEvent({ type: 'run.state', runId: '1', state: 'running', step: 0 })).toBeNull();
    expect(parseEvent({ type: 'run.metrics', runId: 1, points: {}, evals: [] })).toBeNull();
    expect(parseEvent({ type: 'run.sample', runId: 1, sample: null })).toBeNull();
    expect(parseEvent({ type: 'run.sample', runId: 1, sample: [] })).toBeNull();
    expect(parseEvent({ type: 'sample.token', requestId: 2 })).toBeNull();
    expect(parseEvent({ type: 'error', code: 'gpu' })).toBeNull();
  });

  it('rejects an optional field of the wrong kind', () => {
    expect(parseEvent({ type: 'error', code: 'gpu', message: 'm', requestId: '2' })).toBeNull();
    expect(parseEvent({ type: 'sample.started', requestId: 2, skipped: [], croppedTo: '64' })).toBeNull();
  });
});

describe('parseCommand', () => {
  it.each(commands.map((c) => [c.type, c] as const))('accepts %s', (_, c) => {
    expect(parseCommand(structuredClone(c))).toEqual(c);
  });

  it.each(junk.map((j) => [JSON.stringify(j) ?? String(j), j] as const))('rejects %s', (_, j) => {
    expect(parseCommand(j)).toBeNull();
  });

  it('rejects an unknown type tag, an event, a missing field or a field of the wrong kind', () => {
    expect(parseCommand({ type: 'run.stop' })).toBeNull();
    expect(parseCommand({ type: 'sample.done', requestId: 1 })).toBeNull();
    expect(parseCommand({ type: 'run.reset' })).toBeNull();
    expect(parseCommand({ type: 'init', corpus: 'moby', tokenizer: { kind: 'char' }, settings: DEFAULT_SETTINGS })).toBeNull();
    expect(parseCommand({ type: 'sample.start', requestId: 1, prompt: 'x', temperature: '0.8', topK: 40, maxNewTokens: 10 })).toBeNull();
    expect(parseCommand({ type: 'sample.stop', requestId: null })).toBeNull();
  });
});
