// Main-thread side of the worker: creates it once, sends typed commands, and hands parsed events
// to one listener. Worker crashes and malformed messages become error events naming the problem.
import { parseEvent } from '../protocol/parse';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';

export type EventListener = (e: EngineEvent) => void;

export interface EngineClient {
  /** `transfer` moves buffers to the worker instead of copying them. */
  send(cmd: EngineCommand, transfer?: Transferable[]): void;
}

export function createEngineClient(onEvent: EventListener): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  worker.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = parseEvent(event.data);
    onEvent(parsed.ok ? parsed.value : { type: 'error', code: 'worker', message: `The page got ${parsed.error}` });
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    onEvent({ type: 'error', code: 'worker', message: `The training worker failed: ${event.message || 'it could not start'}. Reload the page to try again.` });
  };
  worker.onmessageerror = () => {
    onEvent({ type: 'error', code: 'worker', message: 'A message from the worker could not be read.' });
  };
  return { send: (cmd, transfer = []) => worker.postMessage(cmd, transfer) };
}
