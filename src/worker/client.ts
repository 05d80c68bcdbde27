// Main-thread side of the worker: owns it, sends typed commands, and hands parsed events to one
// listener. Malformed messages become error events naming the problem. A worker that fails
// (an exception out of its event loop, a crash) is ended and a new one started: the owner hears
// `onCrash` and sets the new one up (the store's recovery: init, then its last save).
import { parseEvent } from '../protocol/parse';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import * as v from 'valibot';
import { LongRunEventSchema, type LongRunCommand, type LongRunEvent } from '../protocol/longRun';

/** Fresh workers started for failed ones, per page: past this, a failure is reported, not retried. */
const MAX_RESTARTS = 3;

export type EventListener = (e: EngineEvent) => void;

export interface EngineClient {
  /** `transfer` moves buffers to the worker instead of copying them. */
  send(cmd: EngineCommand, transfer?: Transferable[]): void;
}

/**
 * @param onCrash called after a failed worker was replaced by a fresh one (which knows nothing
 *   yet), with what the browser said about the failure.
 */
export function createEngineClient(onEvent: EventListener, onCrash: (message: string) => void): EngineClient {
  let worker: Worker;
  let restarts = 0;
  const start = () => {
    worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    const current = worker;
    let spoke = false; // a worker that never said anything could not start: starting it again would fail again
    worker.onmessage = (event: MessageEvent<unknown>) => {
      if (worker !== current) return; // a message the failed worker sent before it was ended
      spoke = true;
      const parsed = parseEvent(event.data);
      onEvent(parsed.ok ? parsed.value : { type: 'error', code: 'worker', message: `The page got ${parsed.error}` });
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (worker !== current) return;
      const why = event.message || 'it stopped without saying why';
      if (!spoke || restarts >= MAX_RESTARTS) {
        onEvent({
          type: 'error',
          code: 'worker',
          message: `The training worker failed: ${spoke ? why : event.message || 'it could not start'}. Reload the page to try again.`,
        });
        return;
      }
      restarts++;
      current.terminate(); // it may still be running, half broken: end it rather than trust it
      start();
      onCrash(why);
    };
    worker.onmessageerror = () => {
      onEvent({ type: 'error', code: 'worker', message: 'A message from the worker could not be read.' });
    };
  };
  start();
  return { send: (cmd, transfer = []) => worker.postMessage(cmd, transfer) };
}

// The long run's own worker (longRun.worker.ts), started on first use, so the page loads nothing of
// the long run until a person asks for it; it sends typed commands and hands parsed events to one
// listener. A worker that fails is ended and forgotten: the next command starts a fresh one (which
// holds no snapshot yet). Here because the store reaches workers only through this module.
export interface LongRunClient {
  send(cmd: LongRunCommand): void;
}

/** @param onEvent hears every event; a failed worker is an error with no requestId. */
export function createLongRunClient(onEvent: (e: LongRunEvent) => void): LongRunClient {
  let worker: Worker | null = null;
  const start = (): Worker => {
    const w = new Worker(new URL('./longRun.worker.ts', import.meta.url), { type: 'module', name: 'long-run' });
    w.onmessage = (event: MessageEvent<unknown>) => {
      if (worker !== w) return; // sent by a failed worker before it was ended
      const parsed = v.safeParse(LongRunEventSchema, event.data);
      onEvent(
        parsed.success
          ? parsed.output
          : { type: 'longRun.error', message: `The page got a malformed long-run event: ${parsed.issues[0].message}` },
      );
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (worker !== w) return;
      w.terminate(); // it may be half broken: end it rather than trust it
      worker = null;
      onEvent({ type: 'longRun.error', message: `The long run's worker failed: ${event.message || 'it stopped without saying why'}` });
    };
    return w;
  };
  return {
    send(cmd) {
      worker ??= start();
      worker.postMessage(cmd);
    },
  };
}
