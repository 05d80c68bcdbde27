// The worker's brain, apart from postMessage: owns the backend, the corpus and the current run,
// and turns commands into session calls. Commands are handled one at a time, in order.
import { selectBackend } from '../train/backend';
import { TrainingSession, type SessionEvent } from '../train/session';
import { prepareCorpus, type PreparedCorpus } from '../data/prepare';
import type { RunSettings } from '../train/settings';
import type { BackendInfo, EngineCommand, EngineEvent, ErrorCode } from './protocol';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Engine {
  private backend: BackendInfo | null = null;
  /** What the settings asked for (undefined: the best available); a change means a new backend. */
  private requestedBackend: RunSettings['backend'] = undefined;
  private corpus: PreparedCorpus | null = null;
  private session: TrainingSession | null = null;
  private runId = 0;
  private generation: { requestId: number; cancelled: boolean } | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: (e: EngineEvent) => void) {}

  /** Queues a command behind the ones before it. */
  dispatch(cmd: EngineCommand): void {
    this.queue = this.queue.then(() => this.handle(cmd)).catch((e: unknown) => this.fail(codeFor(cmd), e));
  }

  private fail(code: ErrorCode, e: unknown, requestId?: number): void {
    this.post({ type: 'error', code, message: errorText(e), requestId });
  }

  private async handle(cmd: EngineCommand): Promise<void> {
    switch (cmd.type) {
      case 'init': {
        await this.useBackend(cmd.settings);
        const response = await fetch(cmd.corpusUrl).catch(() => null);
        if (!response?.ok) {
          const status = response ? ` (${response.status} ${response.statusText})` : '';
          return this.fail('corpus', `Could not load the book ${cmd.corpusName}${status}. Reload the page to try again.`);
        }
        this.corpus = prepareCorpus(cmd.corpusName, await response.text());
        this.newRun(cmd.settings);
        return;
      }
      case 'run.reset':
        await this.disposeRun();
        if (cmd.settings.backend !== this.requestedBackend) await this.useBackend(cmd.settings);
        this.newRun(cmd.settings);
        return;
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

  private newRun(settings: RunSettings): void {
    if (!this.corpus || !this.backend) throw new Error('The engine is not initialised yet.');
    const runId = ++this.runId;
    const session = new TrainingSession(settings, this.corpus, this.backend.name, (e) => this.post(toEvent(runId, e)));
    session.finished.catch((e: unknown) => this.fail('train', e));
    this.session = session;
    this.post({ type: 'run.created', runId, settings, corpus: session.corpusSummary, model: session.modelSummary });
    this.post({ type: 'run.state', runId, state: 'idle', step: 0 });
  }

  private async disposeRun(): Promise<void> {
    if (this.generation) this.generation.cancelled = true;
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
    session
      .complete(cmd, session.settings.seed + requestId, {
        start: (skipped, croppedTo) => this.post({ type: 'sample.started', requestId, skipped, croppedTo }),
        text: (text) => this.post({ type: 'sample.token', requestId, text }),
        cancelled: () => generation.cancelled,
      })
      .catch((e: unknown) => this.fail('generate', e, requestId))
      .finally(() => {
        if (this.generation === generation) this.generation = null;
        this.post({ type: 'sample.done', requestId });
      });
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
    default:
      return assertNever(e);
  }
}

function codeFor(cmd: EngineCommand): ErrorCode {
  if (cmd.type === 'init') return 'backend';
  if (cmd.type === 'sample.start' || cmd.type === 'sample.stop') return 'generate';
  return 'train';
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
