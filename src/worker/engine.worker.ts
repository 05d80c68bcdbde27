// The dedicated module worker: a thin adapter between postMessage and the Engine. Every command
// is parsed deeply before the engine sees it; a malformed one is answered with an error naming
// the field, and carrying its requestId if it has one, so the request it belongs to is answered.
import { Engine } from './engine';
import { parseCommand, requestIdOf } from '../protocol/parse';
import type { EngineEvent } from '../protocol/events';

const post = (e: EngineEvent, transfer: Transferable[] = []): void => self.postMessage(e, transfer);
const engine = new Engine(post);

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = parseCommand(event.data);
  if (parsed.ok) engine.dispatch(parsed.value);
  else post({ type: 'error', code: 'worker', message: `The worker got ${parsed.error}`, requestId: requestIdOf(event.data) });
};

self.onunhandledrejection = (event: PromiseRejectionEvent) => {
  post({ type: 'error', code: 'worker', message: `Worker failure: ${String(event.reason)}` });
};
