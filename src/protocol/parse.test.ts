// The worker boundary: every command and event round-trips through its schema; anything malformed
// is refused with the field named, never cast.
import { describe, expect, it } from 'vitest';
import { parseCommand, parseEvent } from './parse';
import type { EngineCommand } from './commands';
import type { EngineEvent } from './events';
import { DEFAULT_SETTINGS } from './settings';
import { CommandSchema } from './commands';
import { EventSchema } from './events';
import { copyTask, describeRun, mobyDick, noHistory } from './fixtures/run';
import { compressionCommands, compressionEvents } from './fixtures/compression';

const corpus = mobyDick;
const model = { preset: 'baby', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: 5, params: 1, flopsPerToken: 6 };
const point = { step: 0, tokens: 768, trainLoss: 4.2, elapsedMs: 10 };
const request = { prompt: 'Call me', n: 3, temperature: 0.8, topK: 40, topP: 0.95, greedy: false, maxNewTokens: 100, seed: 3 };

const events: EngineEvent[] = [
  {
    type: 'ready',
    backend: { name: 'webgpu', isFallbackAdapter: true, tensorLimit: { elements: 33_554_432, source: 'per storage buffer (134 MB)' } },
  },
  { type: 'run.replaced', cause: 'init', run: describeRun({ model }), history: noHistory() },
  {
    type: 'run.replaced',
    requestId: 9,
    cause: 'restore',
    run: describeRun({
      runId: 2,
      settings: { ...DEFAULT_SETTINGS, backend: 'cpu' },
      corpus: { ...corpus, tokenizer: { kind: 'bpe', vocabSize: 512 } },
      model,
      step: 200,
      state: 'paused',
      saved: { step: 200, savedAt: 1_796_000_000_000 },
    }),
    history: {
      points: [{ step: 0, tokens: 768, trainLoss: 4.49, elapsedMs: 12 }],
      evals: [{ step: 0, valLoss: 4.48 }],
      samples: [{ step: 0, text: 'xq' }],
    },
  },
  {
    type: 'run.replaced',
    requestId: 10,
    cause: 'lab.start',
    run: describeRun({
      runId: 3,
      corpus: copyTask,
      lab: 'fewshot',
      kept: { runId: 2, settings: DEFAULT_SETTINGS, corpus: mobyDick, step: 200, savedId: 'a1', saved: null },
    }),
    history: noHistory(),
  },
  { type: 'lab.measured', requestId: 11, times: [{ stepMs: 17, evalMs: 120, sampleMs: 300, overheadMs: 900 }] },
  {
    type: 'run.snapshot',
    runId: 2,
    snapshot: {
      savedId: 'a1',
      takenAt: 1_796_000_000_000,
      checkpoint: {
        step: 437,
        elapsedMs: 9000,
        evaluatedAt: 400,
        sampledAt: 250,
        batchRng: { state: 12345, spare: null },
        weights: { 'wte.weight': new Float32Array([0.1, -0.2]) },
        optimizer: { step: 437, m: { 'wte.weight': new Float32Array(2) }, v: { 'wte.weight': new Float32Array(2) } },
      },
    },
  },
  { type: 'run.state', runId: 1, state: 'running', step: 3 },
  { type: 'run.metrics', runId: 1, points: [point, { ...point, step: 1, tokensPerSecond: 300 }], evals: [{ step: 0, valLoss: 4.4 }] },
  { type: 'run.sample', runId: 1, sample: { step: 250, text: 'the whale' } },
  { type: 'run.compiling', runId: 1, done: 37, total: 52 },
  { type: 'run.sample', runId: 1, sample: { step: 260, text: 'the wh', cut: true } },
  { type: 'run.saved', runId: 2, savedId: 'a1', step: 200, savedAt: 1_796_000_000_000 },
  {
    type: 'notice',
    runId: 2,
    message:
      'The GPU device was lost at step 20. WebGPU started again on a new device, and the run went back to its save at step 0: 20 steps are being redone.',
  },
  { type: 'notice', message: 'fault=device-lost acts on WebGPU only.' },
  { type: 'model.exported', requestId: 9, fileName: 'moby-dick-step200.safetensors', bytes: new ArrayBuffer(16) },
  {
    type: 'saved.list',
    runs: [
      {
        id: 'a1',
        corpusName: 'Moby Dick',
        preset: 'baby',
        params: 813_056,
        step: 1200,
        maxSteps: 2000,
        valLoss: 2.1,
        savedAt: 1_796_000_000_000,
        bytes: 9_756_672,
      },
    ],
  },
  { type: 'corpus.progress', requestId: 3, phase: 'training BPE', fraction: 0.5 },
  { type: 'corpus.staged', requestId: 3, name: 'notes.txt' },
  { type: 'corpus.rejected', requestId: 3, message: '"x.png" is a PNG image.' },
  { type: 'corpus.rejected', requestId: 3 },
  { type: 'completion.started', requestId: 2, notices: ["'é' is not in this corpus's alphabet and was skipped."] },
  { type: 'completion.tokens', requestId: 2, texts: ['a', '', 'b'], tokensPerSecond: 30 },
  { type: 'completion.done', requestId: 2 },
  {
    type: 'text.scored',
    requestId: 5,
    score: {
      temperature: 1,
      perToken: [
        { id: 3, text: 'C', p: null, rank: null, nll: null },
        { id: 40, text: 'a', p: 0.25, rank: 2, nll: 1.386 },
      ],
      next: [{ id: 50, text: '␣', append: ' ', p: 0.6 }],
      other: 0.4,
      meanNll: 1.386,
      bitsPerChar: 2,
      perplexity: 4,
      characters: 2,
      tokens: 2,
      notices: [],
    },
  },
  {
    type: 'attention.mapped',
    requestId: 8,
    maps: {
      nLayer: 1,
      nHead: 2,
      tokens: ['C', 'a'],
      probs: new Float32Array([1, 0, 0.3, 0.7, 1, 0, 0.5, 0.5]),
      cropped: true,
      notices: [],
    },
  },
  { type: 'fewshot.progress', requestId: 6, done: 50, total: 1000 },
  {
    type: 'fewshot.measured',
    requestId: 6,
    runId: 1,
    step: 300,
    result: {
      task: 'copy',
      chance: 1 / 6,
      notices: [],
      points: [{ k: 0, correct: 30, total: 200, accuracy: 0.15, low: 0.107, high: 0.206, cropped: 0 }],
    },
  },
  { type: 'candidates.scored', requestId: 7, result: { scores: [{ candidate: '%fc', probability: 0.5, normalised: 0.9 }], notices: [] } },
  { type: 'error', code: 'gpu', message: 'device lost', runId: 2 },
  { type: 'error', code: 'import', message: 'x.safetensors cannot be imported: it is truncated.', requestId: 4 },
  { type: 'error', code: 'completion', message: 'oops', requestId: 2 },
  ...compressionEvents,
];

const commands: EngineCommand[] = [
  {
    type: 'init',
    requestId: 0,
    corpus: { kind: 'book', id: 'moby-dick', url: 'http://127.0.0.1/corpus/moby-dick.txt' },
    tokenizer: { kind: 'char' },
    settings: DEFAULT_SETTINGS,
  },
  {
    type: 'init',
    requestId: 0,
    corpus: { kind: 'current' },
    tokenizer: { kind: 'char' },
    settings: DEFAULT_SETTINGS,
    fault: { kind: 'nan', step: 20, repeat: 3 },
  },
  { type: 'run.delete', savedId: 'a1' },
  { type: 'storage.access', write: false },
  { type: 'model.import', requestId: 4, name: 'moby-dick-step200.safetensors', bytes: new ArrayBuffer(8) },
  { type: 'corpus.use', requestId: 2, corpus: { kind: 'current' }, tokenizer: { kind: 'bpe', vocabSize: 512 } },
  {
    type: 'corpus.use',
    requestId: 3,
    corpus: { kind: 'files', files: [{ name: 'a.txt', bytes: new ArrayBuffer(4) }] },
    tokenizer: { kind: 'char' },
  },
  { type: 'corpus.commit', requestId: 3, accept: true },
  { type: 'run.reset', requestId: 4, settings: DEFAULT_SETTINGS },
  { type: 'run.reset', requestId: 5 },
  { type: 'run.start', runId: 1 },
  { type: 'run.pause', runId: 1 },
  { type: 'run.resume', runId: 1 },
  { type: 'run.save', runId: 1 },
  { type: 'run.restore', requestId: 8, savedId: 'a1' },
  { type: 'model.export', requestId: 9 },
  { type: 'completion.start', requestId: 1, request },
  { type: 'completion.stop', requestId: 1 },
  { type: 'text.score', requestId: 5, text: 'Call me', temperature: 1 },
  { type: 'attention.maps', requestId: 8, text: 'Call me' },
  { type: 'fewshot.measure', requestId: 6, runId: 1 },
  { type: 'candidates.score', requestId: 7, prompt: '\nfc%fc', candidates: ['%fc', '#fc'] },
  { type: 'lab.start', requestId: 8, lab: { kind: 'fewshot', task: 'copy' } },
  { type: 'lab.start', requestId: 9, lab: { kind: 'scale', settings: DEFAULT_SETTINGS } },
  { type: 'lab.measure', requestId: 10, runs: [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, nLayer: 2 }] },
  { type: 'lab.end', requestId: 11 },
  ...compressionCommands,
];

/** Not messages of any kind. */
const junk: unknown[] = [
  null,
  undefined,
  0,
  'run.start',
  '{"type":"run.start"}',
  [],
  [{ type: 'run.start' }],
  {},
  { type: 7 },
  { type: 'sample.start' },
];

describe('the protocol fixtures cover every message', () => {
  it('has a case for each command and event type', () => {
    // Read off the schemas: a message added without a round-trip case fails here.
    expect(new Set(commands.map((c) => c.type))).toEqual(new Set(CommandSchema.options.map((o) => o.entries.type.literal)));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EventSchema.options.map((o) => o.entries.type.literal)));
  });
});

describe('parseEvent', () => {
  it.each(events.map((e, i) => [`${i} ${e.type}`, e] as const))('round-trips %s', (_, e) => {
    expect(parseEvent(structuredClone(e))).toEqual({ ok: true, value: e });
  });

  it.each(junk.map((j) => [JSON.stringify(j) ?? String(j), j] as const))('refuses %s', (_, j) => {
    expect(parseEvent(j).ok).toBe(false);
  });

  it.each([
    [
      { type: 'run.replaced', cause: 'reset', run: describeRun({ settings: { ...DEFAULT_SETTINGS, nLayer: 40 } }), history: noHistory() },
      'run.settings.nLayer',
      'Layers must be a whole number between 1 and 12 (you gave 40)',
    ],
    [{ type: 'run.metrics', runId: 1, points: [{ ...point, trainLoss: '4.2' }], evals: [] }, 'points.0.trainLoss', 'Expected number'],
    [
      {
        type: 'run.replaced',
        cause: 'corpus',
        run: describeRun({ corpus: { ...corpus, tokenizer: { kind: 'bpe', vocabSize: 100 } } }),
        history: noHistory(),
      },
      'run.corpus.tokenizer.vocabSize',
      'BPE vocabulary must be a whole number between 256 and 8192 (you gave 100)',
    ],
    [{ type: 'run.state', runId: 1, state: 'sleeping', step: 3 }, 'state', 'Invalid type'],
    [{ type: 'error', code: 'gpu' }, 'message', 'Invalid key'],
    [
      {
        type: 'attention.mapped',
        requestId: 8,
        maps: { nLayer: 1, nHead: 2, tokens: ['C', 'a'], probs: new Float32Array(4), notices: [] },
      },
      'maps',
      'do not match their shape',
    ],
  ])('names the field of a malformed nested value (%#)', (data, path, message) => {
    const parsed = parseEvent(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain(`${path}: `);
      expect(parsed.error).toContain(message);
    }
  });
});

describe('parseCommand', () => {
  it.each(commands.map((c, i) => [`${i} ${c.type}`, c] as const))('round-trips %s', (_, c) => {
    expect(parseCommand(structuredClone(c))).toEqual({ ok: true, value: c });
  });

  it.each(junk.map((j) => [JSON.stringify(j) ?? String(j), j] as const))('refuses %s', (_, j) => {
    expect(parseCommand(j).ok).toBe(false);
  });

  it('names the field: a completion with a negative temperature, a reset with heads that do not divide the width', () => {
    const temp = parseCommand({ type: 'completion.start', requestId: 1, request: { ...request, temperature: -1 } });
    expect(temp).toEqual({
      ok: false,
      error: 'a malformed command "completion.start": request.temperature: Temperature must be between 0 and 2 (you gave -1).',
    });
    const heads = parseCommand({ type: 'run.reset', requestId: 1, settings: { ...DEFAULT_SETTINGS, nHead: 3 } });
    expect(heads).toEqual({
      ok: false,
      error: 'a malformed command "run.reset": settings.nHead: Width (128) must be divisible by the number of heads (3).',
    });
    const runId = parseCommand({ type: 'run.start' });
    expect(runId.ok ? '' : runId.error).toMatch(/run\.start.*runId/);
  });
});
