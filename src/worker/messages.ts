// Runtime checks at the worker boundary: `event.data` is `unknown` until its type tag and fields
// are checked against the protocol, so a malformed message is reported, never trusted by a cast.
import type { EngineCommand, EngineCommandType, EngineEvent, EngineEventType } from './protocol';

type Kind = 'number' | 'string' | 'boolean' | 'object' | 'array';
/** Fields of each message by their JavaScript kind; `?` marks an optional one (absent or that kind). */
type Shape = Record<string, Kind | `${Kind}?`>;

const EVENT_SHAPES: Record<EngineEventType, Shape> = {
  ready: { backend: 'object' },
  'run.created': { runId: 'number', settings: 'object', corpus: 'object', model: 'object' },
  'run.state': { runId: 'number', state: 'string', step: 'number' },
  'run.metrics': { runId: 'number', points: 'array', evals: 'array' },
  'run.sample': { runId: 'number', sample: 'object' },
  'corpus.progress': { phase: 'string', fraction: 'number' },
  'corpus.rejected': { message: 'string' },
  'corpus.staged': { name: 'string' },
  'sample.started': { requestId: 'number', skipped: 'array', croppedTo: 'number?' },
  'sample.token': { requestId: 'number', text: 'string' },
  'sample.done': { requestId: 'number' },
  error: { code: 'string', message: 'string', requestId: 'number?' },
};

const COMMAND_SHAPES: Record<EngineCommandType, Shape> = {
  init: { corpus: 'object', tokenizer: 'object', settings: 'object' },
  'corpus.use': { corpus: 'object', tokenizer: 'object', settings: 'object' },
  'corpus.commit': { accept: 'boolean' },
  'run.reset': { settings: 'object' },
  'run.start': {},
  'run.pause': {},
  'run.resume': {},
  'sample.start': { requestId: 'number', prompt: 'string', temperature: 'number', topK: 'number', maxNewTokens: 'number' },
  'sample.stop': { requestId: 'number' },
};

const kindOf = (v: unknown): Kind | 'other' => {
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'object') return v === null ? 'other' : 'object';
  return t === 'number' || t === 'string' || t === 'boolean' ? t : 'other';
};

function matches<T extends string>(data: unknown, shapes: Record<T, Shape>): data is { type: T } {
  if (kindOf(data) !== 'object') return false;
  const record = data as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(shapes, type)) return false;
  const shape = shapes[type as T];
  return Object.entries(shape).every(([field, kind]) =>
    kind.endsWith('?') ? record[field] === undefined || `${kindOf(record[field])}?` === kind : kindOf(record[field]) === kind,
  );
}

/** The event, or null when data is not one. */
export function parseEvent(data: unknown): EngineEvent | null {
  return matches(data, EVENT_SHAPES) ? (data as EngineEvent) : null;
}

/** The command, or null when data is not one. */
export function parseCommand(data: unknown): EngineCommand | null {
  return matches(data, COMMAND_SHAPES) ? (data as EngineCommand) : null;
}
