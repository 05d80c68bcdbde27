// The dedicated module worker: a thin adapter between postMessage and the Engine.
import { Engine } from './engine';
import { parseCommand } from './messages';
import type { EngineEvent } from './protocol';

const post = (e: EngineEvent): void => self.postMessage(e);
const engine = new Engine(post);

self.onmessage = (event: MessageEvent<unknown>) => {
  const cmd = parseCommand(event.data);
  if (cmd) engine.dispatch(cmd);
  else post({ type: 'error', code: 'worker', message: `The worker got a message it does not understand: ${JSON.stringify(event.data)}` });
};

self.onunhandledrejection = (event: PromiseRejectionEvent) => {
  post({ type: 'error', code: 'worker', message: `Worker failure: ${String(event.reason)}` });
};
