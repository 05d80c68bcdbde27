// Every way the current run is replaced, as one transaction (replace: the new run is built first,
// then the old one let go; a refusal keeps it whole) and its users: Reset and Apply (a new backend
// included), a corpus switch, Load and Import, the labs (the person's run kept aside, runs.ts) and
// recovery (recovery.ts). Each ends in one run.replaced event, which the page derives everything from.
import type { PreparedCorpus } from '../data/prepare';
import { deviceMisfit, fittingSettings } from '../train/summaries';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import type { ReplaceCause } from '../protocol/run';
import type { RunSettings } from '../protocol/settings';
import { errorMessage } from '../protocol/errors';
import type { AcceptedCorpus, CorpusIntake } from './corpusIntake';
import type { Completions } from './completions';
import type { Device } from './device';
import type { RunToRestore } from './restoreRun';
import { labPlan } from './labPlan';
import type { RunPlan, Runs } from './runs';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

export class RunLifecycle {
  /** Settings for the next run when there is none (before the first, after a failed rebuild). */
  settings: RunSettings | null = null;
  /** The person's text, also when no run holds it (before the first run, after a failed rebuild). */
  private personCorpus: PreparedCorpus | null = null;

  constructor(
    private readonly post: (e: EngineEvent) => void,
    private readonly runs: Runs,
    private readonly device: Device,
    private readonly intake: CorpusIntake,
    private readonly completions: Completions,
  ) {}

  /** The person's text: their run's, or the last one given when no run holds it. */
  get personText(): PreparedCorpus | null {
    return this.runs.person?.session.corpus ?? this.personCorpus;
  }

  /**
   * The one way a run is replaced: the new run is built first (a refusal throws and the current
   * run stays whole), completions on the old weights stop, then the old run is let go.
   */
  async replace(plan: RunPlan, cause: ReplaceCause, requestId?: number): Promise<void> {
    if (!this.device.info) throw new Error('The engine is not initialised yet.');
    if (this.device.lost)
      throw new Error(
        'The GPU device was lost and the run is being recovered on a new one: try again in a moment (reload the page if it does not come back).',
      );
    this.intake.drop();
    const run = this.runs.build(plan);
    await this.completions.stopAll();
    await this.runs.install(run, cause, requestId);
  }

  /** A saved run or an imported model: a lab's saved run comes back as a lab run, the person's ends any lab first. */
  async restore(run: RunToRestore, cause: ReplaceCause, requestId: number): Promise<void> {
    const plan: RunPlan = { settings: run.settings, corpus: run.corpus, from: run.from, lab: run.group === 'own' ? undefined : run.group };
    if (!plan.lab) {
      await this.endLab('lab.end');
      await this.replace(plan, cause, requestId);
      this.personCorpus = run.corpus;
      return;
    }
    return this.inLab(() => this.replace(plan, cause, requestId));
  }

  /** A lab's run: the person's run is kept aside first; a lab that cannot start gives it back untouched. */
  async startLab(cmd: Command<'lab.start'>): Promise<void> {
    const person = this.runs.person;
    if (!person) throw new Error('The engine is not initialised yet.');
    const plan = await labPlan(cmd.lab, person.session);
    const misfit = this.misfit(plan.settings, plan.corpus);
    if (misfit) throw new Error(misfit);
    return this.inLab(() => this.replace(plan, 'lab.start', cmd.requestId));
  }

  /** Runs `start` with the person's run kept aside; if it throws and no lab run was already on, the person's run comes back. */
  private async inLab(start: () => Promise<void>): Promise<void> {
    const labWasOn = this.runs.kept !== null;
    await this.runs.keepPersonRun();
    try {
      await start();
    } catch (e) {
      if (!labWasOn) await this.runs.bringBackPersonRun('lab.end');
      throw e;
    }
  }

  /** Ends a lab, if one is on: its run is let go (saved among the lab's) and the person's run is back. */
  async endLab(cause: ReplaceCause, requestId?: number): Promise<void> {
    if (!this.runs.kept) return;
    await this.completions.stopAll();
    await this.runs.bringBackPersonRun(cause, requestId);
  }

  /**
   * Reset (no settings): the current run afresh, a lab's run staying a lab's. Apply (settings): the
   * person's run afresh with them, ending any lab. Settings the corpus or device cannot train with
   * are refused first, and the current run stays.
   */
  async reset(cmd: Command<'run.reset'>): Promise<void> {
    // Apply is the person's; so is a Reset that needs another backend (the kept run could not move there).
    if (cmd.settings || (this.runs.kept && this.currentSettings.backend !== this.device.requested)) await this.endLab('lab.end');
    const current = this.runs.current;
    const corpus = current?.session.corpus ?? this.personCorpus;
    const previous = this.currentSettings;
    const settings = cmd.settings ?? previous;
    const cause = cmd.settings ? 'apply' : 'reset';
    if (!corpus) throw new Error('The engine is not initialised yet.');
    if (settings.backend === this.device.requested) {
      const misfit = this.misfit(settings, corpus);
      if (misfit) throw new Error(misfit);
      return this.replace({ settings, corpus, lab: current?.lab }, cause, cmd.requestId);
    }
    // Another backend: the old run's tensors cannot move there, so it is let go first.
    await this.completions.stopAll();
    await this.runs.disposeAll();
    try {
      await this.device.use(settings);
      const misfit = this.misfit(settings, corpus);
      if (misfit) throw new Error(misfit);
      await this.replace({ settings, corpus }, cause, cmd.requestId);
    } catch (e) {
      await this.rebuild(previous, true, corpus);
      throw e; // the refusal, answering the request
    }
  }

  /** After a refused switch of backend or restore: a fresh run of the previous settings and corpus; or say there is none. */
  async rebuild(
    previous: RunSettings,
    backendChanged: boolean,
    corpus = this.runs.person?.session.corpus ?? this.personCorpus,
  ): Promise<void> {
    try {
      if (backendChanged) await this.device.use(previous);
      if (!corpus) throw new Error('There is no text to train on.');
      await this.replace({ settings: previous, corpus }, 'reset');
    } catch (e) {
      const runId = this.runs.current?.runId ?? 0;
      this.post({ type: 'run.state', runId, state: 'failed', step: 0 });
      this.post({
        type: 'error',
        code: 'train',
        runId,
        message: `The previous run could not be rebuilt either: ${errorMessage(e)} Reload the page to start again.`,
      });
    }
  }

  /** The settings a new run gets when the command names none: the current run's. */
  get currentSettings(): RunSettings {
    const settings = this.runs.current?.session.settings ?? this.settings;
    if (!settings) throw new Error('The engine is not initialised yet.');
    return settings;
  }

  /** Why these settings cannot train on this corpus with this backend, or null. */
  readonly misfit = (settings: RunSettings, corpus: PreparedCorpus): string | null => deviceMisfit(settings, corpus, this.device.info);

  /**
   * Reads, checks and tokenizes the person's corpus (corpusIntake.ts); only a usable one replaces
   * their text and run. During a lab the lab ends first; asking for the text the person's run is on
   * just ends it.
   */
  async useCorpus(cmd: Command<'init' | 'corpus.use'>, cause: ReplaceCause): Promise<void> {
    const kept = this.runs.kept?.session.corpus;
    if (kept && cmd.corpus.kind === 'book' && kept.source.origin.kind === 'book' && kept.source.origin.id === cmd.corpus.id) {
      if (JSON.stringify(kept.tokenizerChoice) === JSON.stringify(cmd.tokenizer)) return this.endLab('lab.end', cmd.requestId);
    }
    // The person's run (kept during a lab) is the one the text replaces; the lab goes on until the person says yes.
    const person = this.runs.person?.session;
    const misfit = (s: RunSettings, c: PreparedCorpus) => (person ? this.misfit(s, c) : null);
    const current = person?.corpus.source ?? this.personCorpus?.source ?? null;
    const settings = person?.settings ?? this.currentSettings;
    const accepted = await this.intake.prepare(cmd, current, settings, misfit, person?.stepsTrained ?? 0);
    await this.replaceCorpus(accepted, cause);
  }

  /**
   * A corpus the person accepted (null: nothing to do) replaces their text and run, ending any lab
   * first; with no run left to keep, settings that do not fit give way to the preset's shape
   * (fittingSettings).
   */
  async replaceCorpus(accepted: AcceptedCorpus | null, cause: ReplaceCause): Promise<void> {
    if (!accepted) return;
    await this.endLab('lab.end');
    this.personCorpus = accepted.corpus;
    this.settings = accepted.settings;
    const { settings, notice } = fittingSettings(accepted.settings, accepted.corpus, this.device.info);
    if (notice) this.post({ type: 'error', code: 'settings', message: notice });
    await this.replace({ settings, corpus: accepted.corpus }, cause, accepted.requestId);
  }
}
