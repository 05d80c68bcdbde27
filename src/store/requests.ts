// Requests to the worker as promises keyed by requestId (as piston's worker client keeps its
// pending resolvers): a slice sends a command and awaits its answer; the events in between
// (progress, tokens, a staged corpus) go to the callback it gave. An answer to a request nobody
// waits for any more is dropped; a failed answer rejects with the worker's message; a replaced
// worker rejects every request still waiting. No slice matches requestIds by hand.
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent, ErrorCode } from '../protocol/events';

type WithRequestId<T> = T extends unknown ? ('requestId' extends keyof T ? T : never) : never;
/** Events that answer a request. */
export type RequestEvent = WithRequestId<EngineEvent>;
/** Commands that get an answer. */
export type RequestCommand = WithRequestId<EngineCommand>;

/** The events that end a request (its answer); every other event carrying its id is on the way. */
const ANSWERS: ReadonlySet<RequestEvent['type']> = new Set([
  'run.replaced',
  'corpus.rejected',
  'model.exported',
  'completion.done',
  'text.scored',
  'attention.mapped',
  'fewshot.measured',
  'candidates.scored',
  'lab.measured',
  'compression.measured',
  'compression.compressed',
  'compression.decompressed',
  'compression.stopped',
  'compare.done',
  'compare.stopped',
] as const);

/** The worker answered with an error. */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message);
  }
}

/** The worker was replaced (it crashed) before it answered: nothing will. */
export class WorkerReplaced extends Error {}

const carriesRequest = (e: EngineEvent): e is RequestEvent & { requestId: number } => 'requestId' in e && e.requestId !== undefined;

interface Pending {
  resolve(e: RequestEvent): void;
  reject(e: Error): void;
  onEvent?(e: RequestEvent): void;
}

export interface Requests {
  /**
   * Sends the command `make` builds with a fresh requestId.
   * @param onEvent called with every event of the request before its answer (progress, tokens).
   * @returns the requestId, and the answer: resolves with the answering event, rejects with
   *   RequestFailed (an error event) or WorkerReplaced.
   */
  request(
    make: (requestId: number) => RequestCommand,
    options?: { onEvent?(e: RequestEvent): void; transfer?: Transferable[] },
  ): { requestId: number; answer: Promise<RequestEvent> };
  /** Routes an event to the request it belongs to; false when it belongs to none waiting. */
  onEvent(e: EngineEvent): boolean;
  /** Stops waiting for a request (a newer one took its place): its late events are dropped. */
  abandon(requestId: number): void;
  /** The worker was replaced: every request waiting rejects with WorkerReplaced. */
  failAll(why: string): void;
  /** Requests waiting for an answer. */
  readonly waiting: number;
}

/**
 * @param send posts a command (and its transferables) to the worker.
 * @param firstId the first requestId to hand out.
 */
export function createRequests(send: (cmd: EngineCommand, transfer?: Transferable[]) => void, firstId = 1): Requests {
  const pending = new Map<number, Pending>();
  let nextId = firstId;
  return {
    request(make, options = {}) {
      const requestId = nextId++;
      const answer = new Promise<RequestEvent>((resolve, reject) => pending.set(requestId, { resolve, reject, onEvent: options.onEvent }));
      answer.catch(() => undefined); // a caller that never awaits does not make an unhandled rejection
      send(make(requestId), options.transfer);
      return { requestId, answer };
    },
    onEvent(e) {
      if (!carriesRequest(e)) return false;
      const p = pending.get(e.requestId);
      if (!p) return false; // a stale answer: nobody waits for it
      if (e.type === 'error') {
        pending.delete(e.requestId);
        p.reject(new RequestFailed(e.message, e.code));
      } else if (ANSWERS.has(e.type)) {
        pending.delete(e.requestId);
        p.resolve(e);
      } else p.onEvent?.(e);
      return true;
    },
    abandon: (requestId) => void pending.delete(requestId),
    failAll(why) {
      const waiting = [...pending.values()];
      pending.clear();
      for (const p of waiting) p.reject(new WorkerReplaced(why));
    },
    get waiting() {
      return pending.size;
    },
  };
}

/** A request's failure, said to the person; not the worker's replacement (the crash notice says that). */
export const sayFailure =
  (alert: (message: string) => void) =>
  (e: unknown): void => {
    if (!(e instanceof WorkerReplaced)) alert(e instanceof Error ? e.message : String(e));
  };
