// The worker's brain, apart from postMessage: owns the backend, the corpus and the current run,
// and turns commands into session calls. Commands are handled one at a time, in order.
import { selectBackend } from '../train/backend';
import { TrainingSession, type SessionEvent } from '../train/session';
import { prepareCorpus, type CorpusSource, type PreparedCorpus, type TokenizerChoice } from '../data/prepare';
import { decodeTextFiles } from '../data/textFile';
import type { RunSettings } from '../train/settings';
import type { BackendInfo, CorpusRequest, EngineCommand, EngineEvent, ErrorCode } from './protocol';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Engine {
  private backend: BackendInfo | null = null;
  /** What the settings asked for (undefined: the best available); a change means a new backend. */
  private requestedBackend: RunSettings['backend'] = undefined;
  private corpus: PreparedCorpus | null = null;
  private session: TrainingSession | null = null;
  private runId = 0;
  private generation: { requestId: number; cancelled: boolean } | null = null;
  /** Completions still running (a cancelled one finishes its current token). */
  private readonly completions = new Set<Promise<void>>();
  /** A checked corpus waiting for the person's yes before it replaces a trained run. */
  private staged: { corpus: PreparedCorpus; settings: RunSettings } | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: (e: EngineEvent) => void) {}

  /** Queues a command behind the ones before it. */
  dispatch(cmd: EngineCommand): void {
    const requestId = 'requestId' in cmd ? cmd.requestId : undefined;
    this.queue = this.queue.then(() => this.handle(cmd)).catch((e: unknown) => this.fail(codeFor(cmd), e, requestId));
  }

  private fail(code: ErrorCode, e: unknown, requestId?: number): void {
    this.post({ type: 'error', code, message: errorText(e), requestId });
  }

  private async handle(cmd: EngineCommand): Promise<void> {
    switch (cmd.type) {
      case 'init':
        await this.useBackend(cmd.settings);
        return this.useCorpus(cmd.corpus, cmd.tokenizer, cmd.settings);
      case 'corpus.use':
        return this.useCorpus(cmd.corpus, cmd.tokenizer, cmd.settings);
      case 'corpus.commit': {
        const staged = this.staged;
        this.staged = null;
        if (cmd.accept && staged) await this.replaceCorpus(staged.corpus, staged.settings);
        return;
      }
      case 'run.reset': {
        // Refuse settings the corpus cannot train with before the current run is thrown away.
        const misfit = this.corpus && TrainingSession.misfit(cmd.settings, this.corpus);
        if (misfit) throw new Error(misfit);
        await this.disposeRun();
        if (cmd.settings.backend !== this.requestedBackend) await this.useBackend(cmd.settings);
        this.newRun(cmd.settings);
        return;
      }
      case 'run.start':
        return this.session?.start();
      case 'run.pause':
        return this.session?.pause();
      case 'run.resume':
        return this.session?.resume();
      case 'sample.start':
        return this.startGeneration(cmd);
      case 'sample.stop':
        if (this.generation?.requestId === cmd.requestId) this.generation.cancelled = true;
        return;
      default:
        return assertNever(cmd);
    }
  }

  private async useBackend(settings: RunSettings): Promise<void> {
    this.requestedBackend = settings.backend;
    let reported = false;
    this.backend = await selectBackend(settings.backend, (message) => {
      this.session?.pause();
      // The first GPU error says what went wrong; the ones after it are its echoes.
      if (!reported) this.post({ type: 'error', code: 'gpu', message: `${message} Training was paused.` });
      reported = true;
    });
    this.post({ type: 'ready', backend: this.backend });
  }

  /** Reads, checks and tokenizes a corpus; only a usable one replaces the current corpus and run. */
  private async useCorpus(request: CorpusRequest, tokenizer: TokenizerChoice, settings: RunSettings): Promise<void> {
    const reject = (message: string) => this.post({ type: 'corpus.rejected', message });
    this.post({ type: 'corpus.progress', phase: 'reading', fraction: 0 });
    const source = await this.readCorpus(request);
    if (typeof source === 'string') return reject(source);
    this.post({ type: 'corpus.progress', phase: tokenizer.kind === 'bpe' ? 'training BPE' : 'tokenizing', fraction: 0 });
    const prepared = prepareCorpus(source, tokenizer, settings.blockSize, (done, total) =>
      this.post({ type: 'corpus.progress', phase: 'training BPE', fraction: done / total }),
    );
    if (!prepared.ok) return reject(prepared.message);
    // Ask whenever the run being replaced has trained (the worker's count: the page's can lag).
    if ((this.session?.stepsTrained ?? 0) > 0) {
      this.staged = { corpus: prepared.corpus, settings };
      this.post({ type: 'corpus.staged', name: prepared.corpus.source.name });
      return;
    }
    await this.replaceCorpus(prepared.corpus, settings);
  }

  private async replaceCorpus(corpus: PreparedCorpus, settings: RunSettings): Promise<void> {
    await this.disposeRun();
    this.corpus = corpus;
    this.newRun(settings);
  }

  /** The text and where it came from, or a message saying why it cannot be used. */
  private async readCorpus(request: CorpusRequest): Promise<CorpusSource | string> {
    switch (request.kind) {
      case 'current':
        return this.corpus?.source ?? 'There is no corpus to re-tokenize yet.';
      case 'url': {
        const response = await fetch(request.url).catch(() => null);
        if (!response?.ok) {
          const status = response ? ` (${response.status} ${response.statusText})` : '';
          return `Could not load ${request.name}${status}. Reload the page to try again.`;
        }
        const bytes = await response.arrayBuffer();
        const text = new TextDecoder().decode(bytes);
        return { name: request.name, names: [request.name], bytes: bytes.byteLength, text, notices: [] };
      }
      case 'files': {
        const files = request.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
        const decoded = decodeTextFiles(files);
        if (!decoded.ok) return decoded.message;
        const names = decoded.names ?? files.map((f) => f.name);
        const bytes = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
        return { name: names.join(', '), names, bytes, text: decoded.text, notices: decoded.notices };
      }
    }
  }

  private newRun(settings: RunSettings): void {
    if (!this.corpus || !this.backend) throw new Error('The engine is not initialised yet.');
    const runId = ++this.runId;
    const session = new TrainingSession(settings, this.corpus, this.backend.name, (e) => this.post(toEvent(runId, e)));
    this.session = session;
    this.post({ type: 'run.created', runId, settings, corpus: session.corpusSummary, model: session.modelSummary });
    this.post({ type: 'run.state', runId, state: 'idle', step: 0 });
  }

  private async disposeRun(): Promise<void> {
    // A completion must stop before its model's weights are freed.
    if (this.generation) this.generation.cancelled = true;
    await Promise.all(this.completions);
    const session = this.session;
    this.session = null;
    await session?.dispose();
  }

  private startGeneration(cmd: Extract<EngineCommand, { type: 'sample.start' }>): void {
    const session = this.session;
    if (!session) throw new Error('There is no model to generate from yet.');
    if (this.generation) this.generation.cancelled = true; // one completion at a time
    const generation = { requestId: cmd.requestId, cancelled: false };
    this.generation = generation;
    const { requestId } = cmd;
    const done: Promise<void> = session
      .complete(cmd, session.settings.seed + requestId, {
        start: (skipped, croppedTo) => this.post({ type: 'sample.started', requestId, skipped, croppedTo }),
        text: (text) => this.post({ type: 'sample.token', requestId, text }),
        cancelled: () => generation.cancelled,
      })
      .catch((e: unknown) => this.fail('generate', e, requestId))
      .finally(() => {
        if (this.generation === generation) this.generation = null;
        this.completions.delete(done);
        this.post({ type: 'sample.done', requestId });
      });
    this.completions.add(done);
  }
}

function toEvent(runId: number, e: SessionEvent): EngineEvent {
  switch (e.type) {
    case 'state':
      return { type: 'run.state', runId, state: e.state, step: e.step };
    case 'metrics':
      return { type: 'run.metrics', runId, points: e.points, evals: e.evals };
    case 'sample':
      return { type: 'run.sample', runId, sample: e.sample };
    case 'failed':
      return { type: 'error', code: 'train', message: e.message };
    default:
      return assertNever(e);
  }
}

function codeFor(cmd: EngineCommand): ErrorCode {
  if (cmd.type === 'init') return 'backend';
  if (cmd.type === 'corpus.use' || cmd.type === 'corpus.commit') return 'corpus';
  if (cmd.type === 'sample.start' || cmd.type === 'sample.stop') return 'generate';
  return 'train';
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
