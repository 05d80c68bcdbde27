// The corpus: which text the run learns (a bundled one or the person's own files), its tokenizer,
// and where a change of corpus stands, as one lifecycle: idle, preparing (the worker reads and
// tokenizes), staged (checked, waiting for the person's yes), committing (yes sent).
import type { CorpusPhase } from '../protocol/events';
import type { CorpusRequest } from '../protocol/commands';
import type { CorpusSummary, TokenizerChoice } from '../protocol/reports';
import { checkFileSize } from '../protocol/limits';
import { withError } from './alerts';
import type { EventReducer, SliceContext } from './slice';

export type CorpusId = 'moby-dick' | 'sotu' | 'own';

/** The corpus a change is heading for; own files are kept so the menu can switch back to them. */
export interface CorpusTarget {
  id: CorpusId;
  files?: File[];
}

export type CorpusStatus =
  | { kind: 'idle' }
  | { kind: 'preparing'; target: CorpusTarget; phase: CorpusPhase; fraction: number }
  | { kind: 'staged'; target: CorpusTarget; name: string }
  | { kind: 'committing'; target: CorpusTarget };

export interface CorpusSlice {
  corpus: CorpusSummary | null;
  /** Which corpus the menu shows as chosen (the worker confirms by creating a run on it). */
  corpusId: CorpusId;
  ownFiles: File[] | null;
  tokenizer: TokenizerChoice;
  corpusStatus: CorpusStatus;
  /** Trains on a bundled corpus, the person's files, or pasted text (a fresh model). */
  selectBuiltin(id: Exclude<CorpusId, 'own'>): void;
  loadFiles(files: File[]): Promise<void>;
  loadText(text: string): Promise<void>;
  /** Re-tokenizes the current corpus (a fresh model: the vocabulary changes). */
  setTokenizer(choice: TokenizerChoice): void;
  /** The person's answer to "replace the trained run with the staged corpus?". */
  commitCorpus(accept: boolean): void;
}

export const BUILTIN_CORPORA = {
  'moby-dick': { name: 'Moby Dick', file: 'corpus/moby-dick.txt' },
  sotu: { name: 'State of the Union addresses, 1983–2021', file: 'corpus/sotu.txt' },
} as const;

/** An absolute URL: inside the worker a relative one would resolve against its own folder. */
export const builtinRequest = (id: keyof typeof BUILTIN_CORPORA): CorpusRequest => ({
  kind: 'url',
  url: new URL(`${import.meta.env.BASE_URL}${BUILTIN_CORPORA[id].file}`, window.location.href).href,
  name: BUILTIN_CORPORA[id].name,
});

export const corpusData = {
  corpus: null,
  corpusId: 'moby-dick' as const,
  ownFiles: null,
  tokenizer: { kind: 'char' } as TokenizerChoice,
  corpusStatus: { kind: 'preparing', target: { id: 'moby-dick' }, phase: 'reading', fraction: 0 } as CorpusStatus,
};

const preparing = (target: CorpusTarget): CorpusStatus => ({ kind: 'preparing', target, phase: 'reading', fraction: 0 });

export const createCorpusSlice = ({ set, get, send }: SliceContext): CorpusSlice => ({
  ...corpusData,
  selectBuiltin(id) {
    set({ corpusStatus: preparing({ id }) });
    const { tokenizer, settings } = get();
    send({ type: 'corpus.use', corpus: builtinRequest(id), tokenizer, settings });
  },
  async loadFiles(files) {
    // Refuse an oversized file before reading it into memory.
    for (const f of files) {
      const problem = checkFileSize(f.name, f.size);
      if (problem) return set((s) => withError(s, problem));
    }
    set({ corpusStatus: preparing({ id: 'own', files }) });
    let read: { name: string; bytes: ArrayBuffer }[];
    try {
      read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return set((s) => ({ ...withError(s, `Could not read ${files.map((f) => f.name).join(', ')}: ${reason}`), corpusStatus: { kind: 'idle' } }));
    }
    const { tokenizer, settings } = get();
    // Transfer, not copy: a large file's bytes move to the worker.
    send({ type: 'corpus.use', corpus: { kind: 'files', files: read }, tokenizer, settings }, read.map((f) => f.bytes));
  },
  loadText(text) {
    return get().loadFiles([new File([text], 'pasted text.txt', { type: 'text/plain' })]);
  },
  setTokenizer(choice) {
    const { settings, corpusId, ownFiles } = get();
    set({ corpusStatus: preparing({ id: corpusId, files: ownFiles ?? undefined }) });
    send({ type: 'corpus.use', corpus: { kind: 'current' }, tokenizer: choice, settings });
  },
  commitCorpus(accept) {
    const status = get().corpusStatus;
    if (status.kind !== 'staged') return;
    set({ corpusStatus: accept ? { kind: 'committing', target: status.target } : { kind: 'idle' } });
    send({ type: 'corpus.commit', accept });
  },
});

export const corpusOnEvent: EventReducer = (s, e) => {
  const status = s.corpusStatus;
  switch (e.type) {
    case 'run.created': {
      // A new run on a new corpus adopts the change's target; a reset keeps the menu as it is.
      const target = status.kind === 'idle' ? null : status.target;
      return {
        corpus: e.corpus, tokenizer: e.corpus.tokenizer, corpusStatus: { kind: 'idle' },
        ...(target ? { corpusId: target.id, ownFiles: target.files ?? s.ownFiles } : {}),
      };
    }
    case 'corpus.progress':
      return status.kind === 'preparing' ? { corpusStatus: { ...status, phase: e.phase, fraction: e.fraction } } : {};
    case 'corpus.staged':
      return status.kind === 'preparing' ? { corpusStatus: { kind: 'staged', target: status.target, name: e.name } } : {};
    case 'corpus.rejected':
      return { corpusStatus: { kind: 'idle' } };
    case 'error':
      // A corpus that failed to load leaves the controls usable and the menu as it was.
      return e.code === 'corpus' || e.code === 'backend' ? { corpusStatus: { kind: 'idle' } } : {};
    default:
      return {};
  }
};
