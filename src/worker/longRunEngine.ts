// The long run's worker core: builds one snapshot's model (8-bit weights from the page's own
// files, model/quantizedWeights.ts) on the best CPU-friendly backend, and continues prompts with
// it exactly as the person's run is asked (model/completion.ts: same request, same seeds), one at
// a time. Nothing here knows the person's run: it lives in its own worker (longRun.worker.ts).
// Commands wait their turn in one queue; request ids only grow (the page has one counter), so when
// a command's turn comes the engine knows whether a newer one replaced it: a question asked again
// or stopped, a snapshot chosen again with no question left for it, is answered `done` at once.
import { startCompletion } from '../model/completion';
import { modelFromWeights } from '../model/modelFromWeights';
import { decodeQuantized } from '../model/quantizedWeights';
import type { GPT } from '../model/gpt';
import type { NamedArrays } from '../model/weights';
import { tokenizerFromSpec } from '../data/tokenizerSpec';
import type { Tokenizer } from '../data/tokenizer';
import { selectBackend } from '../train/backend';
import type { BackendName } from '../protocol/settings';
import type { LongRunCommand, LongRunEvent, LongRunManifest } from '../protocol/longRun';
import { errorMessage } from '../protocol/errors';
import { assertNever } from '../protocol/parse';

interface Loaded {
  step: number;
  model: GPT;
  tokenizer: Tokenizer;
}

type Load = Extract<LongRunCommand, { type: 'longRun.load' }>;
type Complete = Extract<LongRunCommand, { type: 'longRun.complete' }>;

export class LongRunEngine {
  private backend: Promise<BackendName> | null = null;
  private loaded: Loaded | null = null;
  /** Commands run one after another (a load never frees weights a completion reads). */
  private queue: Promise<void> = Promise.resolve();
  private current: { requestId: number; abort: AbortController } | null = null;
  /** The newest question and snapshot load sent, and the load that question is for (the newest before it). */
  private newestAsk = 0;
  private newestLoad = 0;
  private newestAskLoad = 0;
  /** Questions up to this id were stopped (older ones are replaced anyway). */
  private stoppedThrough = 0;
  private lastStartedAsk = 0;

  constructor(
    private readonly post: (e: LongRunEvent) => void,
    private readonly fetchBytes: (url: string) => Promise<Uint8Array> = async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not load ${url} (${response.status} ${response.statusText}).`);
      return new Uint8Array(await response.arrayBuffer());
    },
    /** WASM where it starts (the fastest CPU path), else whatever this browser has. */
    private readonly startBackend: () => Promise<BackendName> = () => selectBackend('wasm', () => undefined).then((info) => info.name),
  ) {}

  /** Takes one command from the page: stop at once, a question or a load in its turn. */
  dispatch(cmd: LongRunCommand): void {
    switch (cmd.type) {
      case 'longRun.stop':
        this.stoppedThrough = Math.max(this.stoppedThrough, cmd.requestId);
        if (this.current?.requestId === cmd.requestId) this.current.abort.abort();
        return;
      case 'longRun.complete':
        this.newestAsk = Math.max(this.newestAsk, cmd.requestId);
        this.newestAskLoad = this.newestLoad;
        this.current?.abort.abort(); // a newer question replaces the old
        return this.enqueue(cmd.requestId, () => this.complete(cmd));
      case 'longRun.load':
        this.newestLoad = Math.max(this.newestLoad, cmd.requestId);
        return this.enqueue(cmd.requestId, () => this.load(cmd));
      default:
        assertNever(cmd);
    }
  }

  private enqueue(requestId: number, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => this.post({ type: 'longRun.error', requestId, message: errorMessage(e) }));
  }

  /** The newest question, not stopped and not started yet. */
  private askWaiting(): boolean {
    return this.newestAsk > this.lastStartedAsk && this.newestAsk > this.stoppedThrough;
  }

  /** A load is worth doing if it is the snapshot chosen now, or the one a waiting question was asked of. */
  private needed(requestId: number): boolean {
    return requestId === this.newestLoad || (requestId === this.newestAskLoad && this.askWaiting());
  }

  private async load({ manifest, snapshotUrl, step, requestId }: Load): Promise<void> {
    if (!this.needed(requestId)) return this.post({ type: 'longRun.done', requestId });
    this.backend ??= this.startBackend();
    const backend = await this.backend;
    const bytes = await this.fetchBytes(snapshotUrl);
    if (!this.needed(requestId)) return this.post({ type: 'longRun.done', requestId }); // replaced while it downloaded
    this.replaceModel(manifest, step, decodeQuantized(bytes).weights, backend);
    this.post({ type: 'longRun.loaded', requestId, step, backend });
  }

  private replaceModel(manifest: LongRunManifest, step: number, weights: NamedArrays, backend: BackendName): void {
    const model = modelFromWeights(manifest.config, weights, backend, {});
    this.loaded?.model.dispose();
    this.loaded = { step, model, tokenizer: tokenizerFromSpec(manifest.tokenizer) };
  }

  private async complete(cmd: Complete): Promise<void> {
    const { requestId } = cmd;
    const live = requestId === this.newestAsk && requestId > this.stoppedThrough;
    this.lastStartedAsk = Math.max(this.lastStartedAsk, requestId);
    if (!live) return this.post({ type: 'longRun.done', requestId });
    if (!this.loaded) throw new Error('No snapshot of the long run is loaded: choose one, then ask again.');
    const abort = new AbortController();
    this.current = { requestId, abort };
    try {
      const { notices, text } = startCompletion(this.loaded.model, this.loaded.tokenizer, cmd.request, abort.signal);
      // the step that answers, said by the worker: a failed load leaves the snapshot before it
      this.post({ type: 'longRun.started', requestId, step: this.loaded.step, notices });
      for await (const { texts, tokensPerSecond } of text) this.post({ type: 'longRun.tokens', requestId, texts, tokensPerSecond });
    } finally {
      if (this.current?.requestId === requestId) this.current = null;
      this.post({ type: 'longRun.done', requestId });
    }
  }

  /** Frees the model (tests). */
  dispose(): void {
    this.loaded?.model.dispose();
    this.loaded = null;
  }
}
