// The long run's worker core: builds one snapshot's model (8-bit weights from the page's own
// files, model/quantizedWeights.ts) on the best CPU-friendly backend, and continues prompts with
// it exactly as the person's run is asked (model/completion.ts: same request, same seeds), one at
// a time. Nothing here knows the person's run: it lives in its own worker (longRun.worker.ts).
import { startCompletion } from '../model/completion';
import { modelFromWeights } from '../model/modelFromWeights';
import { decodeQuantized } from '../model/quantizedWeights';
import type { GPT } from '../model/gpt';
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

export class LongRunEngine {
  private backend: Promise<BackendName> | null = null;
  private loaded: Loaded | null = null;
  /** Commands run one after another (a load never frees weights a completion reads). */
  private queue: Promise<void> = Promise.resolve();
  private current: { requestId: number; abort: AbortController } | null = null;

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

  dispatch(cmd: LongRunCommand): void {
    switch (cmd.type) {
      case 'longRun.stop':
        if (this.current?.requestId === cmd.requestId) this.current.abort.abort();
        return;
      case 'longRun.complete':
        this.current?.abort.abort(); // a newer question replaces the old
        return this.enqueue(cmd.requestId, () => this.complete(cmd));
      case 'longRun.load':
        return this.enqueue(cmd.requestId, () => this.load(cmd.manifest, cmd.snapshotUrl, cmd.step, cmd.requestId));
      default:
        assertNever(cmd);
    }
  }

  private enqueue(requestId: number, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => this.post({ type: 'longRun.error', requestId, message: errorMessage(e) }));
  }

  private async load(manifest: LongRunManifest, url: string, step: number, requestId: number): Promise<void> {
    this.backend ??= this.startBackend();
    const backend = await this.backend;
    const { weights } = decodeQuantized(await this.fetchBytes(url));
    const model = modelFromWeights(manifest.config, weights, backend, {});
    this.loaded?.model.dispose();
    this.loaded = { step, model, tokenizer: tokenizerFromSpec(manifest.tokenizer) };
    this.post({ type: 'longRun.loaded', requestId, step, backend });
  }

  private async complete(cmd: Extract<LongRunCommand, { type: 'longRun.complete' }>): Promise<void> {
    const { requestId } = cmd;
    if (!this.loaded) throw new Error('No snapshot of the long run is loaded yet.');
    const abort = new AbortController();
    this.current = { requestId, abort };
    try {
      const { notices, text } = startCompletion(this.loaded.model, this.loaded.tokenizer, cmd.request, abort.signal);
      this.post({ type: 'longRun.started', requestId, notices });
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
