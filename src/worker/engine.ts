// The worker's brain, apart from postMessage: owns the backend, the corpus intake, the runs and
// completions, and turns commands into calls on them. Commands that replace things (backend,
// corpus, run) or start a completion run one at a time, in order; Train, Pause, Resume, Stop and the
// like only flip a flag, so they act as soon as the thread is free (a big file's BPE run: Pause waits).
// Every replacement of the run goes through one transaction (runLifecycle.ts).
import { CorpusIntake } from './corpusIntake';
import { answerQuery } from './queries';
import { Completions } from './completions';
import { RunSaver } from './runSaver';
import { runToRestore } from './restoreRun';
import { runFromImport } from './importRun';
import { FaultInjector } from './faultInjector';
import { codeFor } from './errorCodes';
import { Device } from './device';
import { Runs } from './runs';
import { RunLifecycle } from './runLifecycle';
import { Recovery } from './recovery';
import { measureStepTimes } from './stepTimes';
import { CompressionJobs } from './compressionJobs';
import { compareRuns } from './compareRuns';
import { QueuedJobs } from './queuedJobs';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent, ErrorCode } from '../protocol/events';
import type { StepTimes } from '../protocol/run';
import { assertNever } from '../protocol/parse';
import { errorMessage } from '../protocol/errors';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
/** Commands that only flip a flag: handled at once, never queued. */
type FlagCommand = Command<
  'run.start' | 'run.pause' | 'run.resume' | 'completion.stop' | 'run.save' | 'storage.access' | 'compression.stop' | 'compare.stop'
>;

export class Engine {
  private readonly device: Device;
  private readonly completions: Completions;
  private readonly saver: RunSaver;
  private readonly intake: CorpusIntake;
  private readonly runs: Runs;
  private readonly recovery: Recovery;
  private readonly lifecycle: RunLifecycle;
  private readonly compression: CompressionJobs;
  /** Compress, Decompress and Compare: long, so Stop and a run-replacing command stop them at once. */
  private readonly jobs = new QueuedJobs();
  private queue: Promise<void> = Promise.resolve();
  private faults = new FaultInjector(undefined);

  constructor(private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void) {
    this.completions = new Completions(post);
    this.saver = new RunSaver(post, (savedId) => [this.runs.current, this.runs.kept].some((r) => r?.savedId === savedId));
    this.intake = new CorpusIntake(post);
    this.compression = new CompressionJobs(post, this.jobs, async (savedId) => {
      const { saved, source } = await this.saver.load(savedId);
      return { corpusName: source.name, step: saved.checkpoint.step };
    });
    this.device = new Device(post, {
      error: (m) => this.recovery.gpuError(m),
      lost: (m) => this.enqueue(this.recovery.deviceLost(m), 'gpu'),
    });
    this.runs = new Runs(post, this.saver, {
      backend: () => this.device.info?.name ?? 'cpu',
      beforeStep: (step) => this.faults.beforeStep(step),
      diverged: (runId, message) => this.enqueue(() => this.recovery.recover(message, true, 'diverged', runId), 'train'),
    });
    this.lifecycle = new RunLifecycle(post, this.runs, this.device, this.intake, this.completions);
    const lifecycle = this.lifecycle;
    this.recovery = new Recovery(post, this.runs, this.saver, this.device, {
      replace: (plan) => lifecycle.replace(plan, 'recovery'),
      rebuild: (settings) => lifecycle.rebuild(settings, false),
      misfit: lifecycle.misfit,
      endLab: () => lifecycle.endLab('lab.end'),
    });
  }

  /** Acts on flag commands at once; queues the others behind the ones before them. */
  dispatch(cmd: EngineCommand): void {
    this.jobs.dispatched(cmd); // a run-replacing command stops the long jobs before it, so it waits for none
    if (this.handleNow(cmd)) return;
    this.enqueue(() => this.handle(cmd), codeFor(cmd), 'requestId' in cmd ? cmd.requestId : undefined);
  }

  /** Work that replaces things runs in order; its failure is said with this code (and request). */
  private enqueue(work: () => Promise<void>, code: ErrorCode, requestId?: number): void {
    this.queue = this.queue.then(work).catch((e: unknown) => this.post({ type: 'error', code, message: errorMessage(e), requestId }));
  }

  /** Train, Pause, Resume and Stop: synchronous, so never behind a queued command. */
  private handleNow(cmd: EngineCommand): cmd is FlagCommand {
    // While a lab's run is being built the person's run is kept but still current: it takes no commands.
    const current = this.runs.current === this.runs.kept ? null : this.runs.current;
    switch (cmd.type) {
      case 'run.start':
      case 'run.pause':
      case 'run.resume':
        // A command meant for a run that is gone (or kept aside) is dropped.
        if (cmd.runId === current?.runId)
          current.session[cmd.type === 'run.start' ? 'start' : cmd.type === 'run.pause' ? 'pause' : 'resume']();
        return true;
      case 'completion.stop':
        this.completions.stop(cmd.requestId);
        return true;
      case 'run.save':
        if (cmd.runId === current?.runId) current.session.save();
        return true;
      case 'storage.access':
        this.saver.writable = cmd.write;
        if (cmd.write) void this.saver.start(); // the last steps of a tab that saved before this one
        return true;
      case 'compression.stop':
      case 'compare.stop':
        this.jobs.stop(cmd.requestId);
        return true;
      default:
        return false;
    }
  }

  private async handle(cmd: Exclude<EngineCommand, FlagCommand>): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.lifecycle.settings = cmd.settings;
        this.faults = new FaultInjector(cmd.fault);
        await this.device.use(cmd.settings);
        this.faults.check(this.device.info, (message) => this.post({ type: 'notice', message }));
        await this.lifecycle.useCorpus(cmd, 'init');
        void this.saver.start(); // never rejects; not awaited, so a blocked database never holds the queue
        return;
      case 'run.restore': {
        if (this.device.lost) throw new Error('The GPU device was lost; wait for the run to be recovered, then load again.');
        const run = await runToRestore(this.saver, cmd.savedId, this.device.requested, this.lifecycle.misfit);
        return this.lifecycle.restore(run, 'restore', cmd.requestId);
      }
      case 'model.import': {
        const text = this.lifecycle.personText;
        if (!text) throw new Error('The engine is not initialised yet.');
        const run = runFromImport(cmd.name, cmd.bytes, text.source, this.device.requested, this.lifecycle.misfit);
        return this.lifecycle.restore(run, 'import', cmd.requestId);
      }
      case 'run.delete':
        this.runs.forgetSave(cmd.savedId);
        return this.saver.delete(cmd.savedId);
      case 'corpus.use':
        return this.lifecycle.useCorpus(cmd, 'corpus');
      case 'corpus.commit':
        return this.lifecycle.replaceCorpus(this.intake.commit(cmd), 'corpus');
      case 'run.reset':
        return this.lifecycle.reset(cmd);
      case 'lab.start':
        return this.lifecycle.startLab(cmd);
      case 'lab.measure':
        return this.measure(cmd);
      case 'lab.end':
        if (!this.runs.kept) throw new Error('No lab is on: your own run is the one on the page.');
        return this.lifecycle.endLab('lab.end', cmd.requestId);
      case 'completion.start': {
        const session = this.runs.current?.session;
        if (!session) throw new Error('There is no model to complete the prompt with yet.');
        return this.completions.start(session.model, session.corpus.tokenizer, cmd.requestId, cmd.request);
      }
      case 'text.score':
      case 'attention.maps':
      case 'candidates.score':
      case 'fewshot.measure':
      case 'compression.baselines':
      case 'model.export': {
        // Awaited in the queue, so a Reset cannot free the weights under them.
        const current = this.runs.current;
        if (!current) throw new Error('There is no model yet.');
        return answerQuery(cmd, current.session, current.runId, this.post);
      }
      case 'compression.compress':
      case 'compression.decompress': {
        const current = this.runs.current;
        const backend = this.device.info?.name;
        if (!current || !backend) throw new Error('There is no model yet.');
        const job =
          cmd.type === 'compression.compress'
            ? this.compression.compress(cmd, current, backend)
            : this.compression.decompress(cmd, current, backend);
        return job;
      }
      case 'compare.runs': {
        const backend = this.device.info?.name;
        if (!backend) throw new Error('The engine is not initialised yet.');
        const stopped = (reason?: string) =>
          this.post({ type: 'compare.stopped', requestId: cmd.requestId, ...(reason ? { reason } : {}) });
        return this.jobs.run(cmd.requestId, (signal) => compareRuns(cmd, this.saver, backend, this.post, signal), stopped);
      }
      default:
        return assertNever(cmd);
    }
  }

  /** Times each run asked about with a trial of its own, the current run paused meanwhile (stepTimes.ts). */
  private async measure(cmd: Command<'lab.measure'>): Promise<void> {
    const text = this.lifecycle.personText;
    const backend = this.device.info?.name;
    if (!text || !backend) throw new Error('The engine is not initialised yet.');
    await this.completions.stopAll();
    await this.runs.pauseCurrent();
    const times: StepTimes[] = [];
    for (const settings of cmd.runs) {
      const misfit = this.lifecycle.misfit(settings, text);
      if (misfit) throw new Error(misfit);
      times.push(await measureStepTimes(settings, text, backend));
    }
    this.post({ type: 'lab.measured', requestId: cmd.requestId, times });
  }
}
