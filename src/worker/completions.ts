// The person's completions, for the engine: one at a time (a new one aborts the old), each with
// its requestId and AbortController, streamed out as events; and a way to stop them all before
// the weights they read are freed.
import { startCompletion } from '../model/completion';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../data/tokenizer';
import type { CompletionRequest } from '../protocol/completion';
import type { EngineEvent } from '../protocol/events';
import { errorMessage } from '../protocol/errors';

interface Running {
  requestId: number;
  abort: AbortController;
}

export class Completions {
  private current: Running | null = null;
  private lastStarted = 0;
  /** Completions still running, an aborted one until it finishes its current token. */
  private readonly running = new Set<Promise<void>>();
  /** Stops that came before their start (a start waits in the engine's queue; a stop does not). */
  private readonly stoppedEarly = new Set<number>();

  constructor(private readonly post: (e: EngineEvent) => void) {}

  /** Starts n columns from these weights; seeds come from the request, so they repeat exactly. */
  start(model: GPT, tokenizer: Tokenizer, requestId: number, request: CompletionRequest): void {
    this.current?.abort.abort();
    const stopped = this.stoppedEarly.has(requestId);
    for (const id of this.stoppedEarly) if (id <= requestId) this.stoppedEarly.delete(id); // older ones never started
    if (stopped) return this.post({ type: 'completion.done', requestId });
    this.lastStarted = Math.max(this.lastStarted, requestId);
    const run: Running = { requestId, abort: new AbortController() };
    this.current = run;
    const { notices, text } = startCompletion(model, tokenizer, request, run.abort.signal);
    this.post({ type: 'completion.started', requestId, notices });
    const done: Promise<void> = (async () => {
      for await (const { texts, tokensPerSecond } of text) this.post({ type: 'completion.tokens', requestId, texts, tokensPerSecond });
    })()
      .catch((e: unknown) => this.post({ type: 'error', code: 'completion', message: errorMessage(e), requestId }))
      .finally(() => {
        if (this.current === run) this.current = null;
        this.running.delete(done);
        this.post({ type: 'completion.done', requestId });
      });
    this.running.add(done);
  }

  /** Stop: ends that completion before its next token. */
  stop(requestId: number): void {
    if (this.current?.requestId === requestId) this.current.abort.abort();
    else if (!this.finished(requestId)) this.stoppedEarly.add(requestId);
  }

  /** Request ids only grow: one at or below the last started has started (and maybe finished). */
  private finished(requestId: number): boolean {
    return requestId <= this.lastStarted;
  }

  /** Aborts the current completion and resolves once none is running (before weights are freed). */
  async stopAll(): Promise<void> {
    this.current?.abort.abort();
    await Promise.all(this.running);
  }
}
