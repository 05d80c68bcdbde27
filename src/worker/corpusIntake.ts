// A corpus on its way in, for the engine: read, checked and tokenized before it can replace
// anything; when the run it would replace has trained, it waits (staged) for the person's yes.
// Only one question is open at a time: a newer request, a Reset or a restore withdraws it.
import { prepareCorpus, type PreparedCorpus, type CorpusSource } from '../data/prepare';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import type { RunSettings } from '../protocol/settings';
import { readCorpus } from './readCorpus';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

/** A usable corpus and the settings its run gets, answering request `requestId`. */
export interface AcceptedCorpus {
  requestId: number;
  corpus: PreparedCorpus;
  settings: RunSettings;
}

export class CorpusIntake {
  /** A checked corpus waiting for the person's yes before it replaces a trained run. */
  private staged: AcceptedCorpus | null = null;

  constructor(private readonly post: (e: EngineEvent) => void) {}

  /**
   * Reads and prepares the requested corpus; rejections and progress go to the page.
   * @param current the current corpus text ('current' requests re-tokenize it).
   * @param settings the person's run's settings (the new run keeps them).
   * @param misfit why these settings cannot train this corpus here (null: they can; only asked when a run would be replaced).
   * @returns the corpus to use now, or null: rejected, or staged for the person's answer.
   */
  async prepare(
    cmd: Command<'init' | 'corpus.use'>,
    current: CorpusSource | null,
    settings: RunSettings,
    misfit: (s: RunSettings, c: PreparedCorpus) => string | null,
    trainedSteps: number,
  ): Promise<AcceptedCorpus | null> {
    const { requestId, tokenizer } = cmd;
    const reject = (message: string) => {
      this.post({ type: 'corpus.rejected', requestId, message });
      return null;
    };
    this.drop(); // a newer request replaces a question still open
    this.post({ type: 'corpus.progress', requestId, phase: 'reading', fraction: 0 });
    const source = await readCorpus(cmd.corpus, current);
    if (typeof source === 'string') return reject(source);
    const prepared = prepareCorpus(source, tokenizer, settings.blockSize, (phase, fraction) =>
      this.post({ type: 'corpus.progress', requestId, phase, fraction }),
    );
    if (!prepared.ok) return reject(prepared.message);
    const problem = misfit(settings, prepared.corpus);
    if (problem) return reject(problem); // the current run stays
    // Ask whenever the run being replaced has trained (the worker's count: the page's can lag).
    if (trainedSteps > 0) {
      this.staged = { requestId, corpus: prepared.corpus, settings };
      this.post({ type: 'corpus.staged', requestId, name: prepared.corpus.source.name });
      return null;
    }
    return { requestId, corpus: prepared.corpus, settings };
  }

  /** The person's answer: the staged corpus to use, or null (declined, or nothing of that request waits). */
  commit(cmd: Command<'corpus.commit'>): AcceptedCorpus | null {
    const staged = this.staged;
    if (staged?.requestId === cmd.requestId) this.staged = null;
    if (staged?.requestId === cmd.requestId && cmd.accept) return staged;
    // Declined, or withdrawn already: let the page stop waiting.
    this.post({ type: 'corpus.rejected', requestId: cmd.requestId });
    return null;
  }

  /** Forgets a staged corpus (and tells the page, whose question is then moot). */
  drop(): void {
    if (!this.staged) return;
    this.post({ type: 'corpus.rejected', requestId: this.staged.requestId });
    this.staged = null;
  }
}
