// The corpus: which text the run learns (a bundled one or the person's own files), its tokenizer,
// and where a change of corpus stands, as one lifecycle: idle, preparing (the worker reads and
// tokenizes), staged (checked, waiting for the person's yes), committing (yes sent).
import type { CorpusPhase } from '../protocol/events';
import type { CorpusRequest } from '../protocol/commands';
import type { CorpusSummary, TokenizerChoice } from '../protocol/reports';
import { checkFileSize, checkTotalSize } from '../protocol/limits';
import { syntheticTask, type SyntheticTaskId } from '../protocol/fewShot';
import { errorMessage } from '../protocol/errors';
import type { EngineEvent } from '../protocol/events';
import { withError } from './alerts';
import type { EventReducer, SliceContext } from './slice';

export type BookId = 'moby-dick' | 'sotu';
/** A bundled book, a few-shot lab task (generated in the worker), or the person's own text. */
export type CorpusId = BookId | SyntheticTaskId | 'own';

/** The corpus a change is heading for; own files are kept so the menu can switch back to them. */
export interface CorpusTarget {
  id: CorpusId;
  files?: File[];
}

/** Where a change of corpus stands; `requestId` is the corpus.use whose answers it waits for. */
export type CorpusStatus =
  | { kind: 'idle' }
  | { kind: 'preparing'; requestId: number; target: CorpusTarget; phase: CorpusPhase; fraction: number }
  | { kind: 'staged'; requestId: number; target: CorpusTarget; name: string }
  | { kind: 'committing'; requestId: number; target: CorpusTarget };

export interface CorpusSlice {
  corpus: CorpusSummary | null;
  /** Which corpus the menu shows as chosen (adopted when the run answering its request exists). */
  corpusId: CorpusId;
  ownFiles: File[] | null;
  tokenizer: TokenizerChoice;
  corpusStatus: CorpusStatus;
  /** Trains on a bundled corpus, the person's files, or pasted text (a fresh model). */
  selectBuiltin(id: BookId): void;
  /** Trains a lab task with the model it is known to learn with (a fresh run, character tokens). */
  selectTask(id: SyntheticTaskId): void;
  loadFiles(files: File[]): Promise<void>;
  loadText(text: string): Promise<void>;
  /** Re-tokenizes the current corpus (a fresh model: the vocabulary changes). */
  setTokenizer(choice: TokenizerChoice): void;
  /** The person's answer to "replace the trained run with the staged corpus?". */
  commitCorpus(accept: boolean): void;
}

/** Lab runs are short: evaluate (and so chart the in-context score) and sample often. */
const LAB_EVAL_EVERY = 50;
const LAB_SAMPLE_EVERY = 250;
const LAB_SAMPLE_LENGTH = 120;

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

/** The first corpus: the book, asked for by init (whose requestId the store allocates first). */
export const FIRST_CORPUS_REQUEST = 0;

const initialCorpus = {
  corpus: null,
  corpusId: 'moby-dick' as const,
  ownFiles: null,
  tokenizer: { kind: 'char' } as TokenizerChoice,
  corpusStatus: {
    kind: 'preparing',
    requestId: FIRST_CORPUS_REQUEST,
    target: { id: 'moby-dick' },
    phase: 'reading',
    fraction: 0,
  } as CorpusStatus,
};

export const createCorpusSlice = ({ set, get, send, nextRequestId }: SliceContext): CorpusSlice => {
  /** From here on the status follows this request's answers only. */
  const prepare = (target: CorpusTarget): number => {
    const requestId = nextRequestId();
    set({ corpusStatus: { kind: 'preparing', requestId, target, phase: 'reading', fraction: 0 } });
    return requestId;
  };
  return {
    ...initialCorpus,
    selectBuiltin(id) {
      if (get().corpusStatus.kind !== 'idle') return;
      send({ type: 'corpus.use', requestId: prepare({ id }), corpus: builtinRequest(id), tokenizer: get().tokenizer });
    },
    selectTask(id) {
      if (get().corpusStatus.kind !== 'idle') return;
      const settings = {
        ...get().settings,
        ...syntheticTask(id).settings,
        evalEvery: LAB_EVAL_EVERY,
        sampleEvery: LAB_SAMPLE_EVERY,
        sampleLength: LAB_SAMPLE_LENGTH,
      };
      send({
        type: 'corpus.use',
        requestId: prepare({ id }),
        corpus: { kind: 'synthetic', task: id },
        tokenizer: { kind: 'char' },
        settings,
      });
    },
    async loadFiles(files) {
      if (get().corpusStatus.kind !== 'idle') {
        return set((s) =>
          withError(
            s,
            `Another text is still being prepared, so ${files.map((f) => f.name).join(', ')} was not read. Drop it again when the corpus panel is ready.`,
          ),
        );
      }
      // Refuse what is too big before reading it into memory: each file, and all of them together.
      const problem = files.map((f) => checkFileSize(f.name, f.size)).find((p) => p !== null) ?? checkTotalSize(files.map((f) => f.size));
      if (problem) return set((s) => withError(s, problem));
      const requestId = prepare({ id: 'own', files });
      let read: { name: string; bytes: ArrayBuffer }[];
      try {
        read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
      } catch (e) {
        const message = `Could not read ${files.map((f) => f.name).join(', ')}: ${errorMessage(e)}`;
        return set((s) => ({ ...withError(s, message), corpusStatus: { kind: 'idle' } }));
      }
      // Transfer, not copy: a large file's bytes move to the worker.
      send(
        { type: 'corpus.use', requestId, corpus: { kind: 'files', files: read }, tokenizer: get().tokenizer },
        read.map((f) => f.bytes),
      );
    },
    loadText(text) {
      return get().loadFiles([new File([text], 'pasted text.txt', { type: 'text/plain' })]);
    },
    setTokenizer(choice) {
      const { corpusId, ownFiles, corpusStatus } = get();
      if (corpusStatus.kind !== 'idle') return;
      send({
        type: 'corpus.use',
        requestId: prepare({ id: corpusId, files: ownFiles ?? undefined }),
        corpus: { kind: 'current' },
        tokenizer: choice,
      });
    },
    commitCorpus(accept) {
      const status = get().corpusStatus;
      if (status.kind !== 'staged') return;
      set({ corpusStatus: accept ? { kind: 'committing', requestId: status.requestId, target: status.target } : { kind: 'idle' } });
      send({ type: 'corpus.commit', requestId: status.requestId, accept });
    },
  };
};

/** Whether an event answers the corpus request the page is waiting for. */
const answersCorpus = (status: CorpusStatus, e: EngineEvent): status is Exclude<CorpusStatus, { kind: 'idle' }> =>
  status.kind !== 'idle' && 'requestId' in e && e.requestId === status.requestId;

export const corpusOnEvent: EventReducer = (s, e) => {
  const status = s.corpusStatus;
  if (e.type === 'run.created') {
    // A run on the awaited corpus adopts the change's target; any other run (a Reset) leaves the menu.
    const adopt = answersCorpus(status, e)
      ? { corpusId: status.target.id, ownFiles: status.target.files ?? s.ownFiles, corpusStatus: { kind: 'idle' } as const }
      : {};
    return { corpus: e.corpus, tokenizer: e.corpus.tokenizer, ...adopt };
  }
  if (!answersCorpus(status, e)) return {};
  switch (e.type) {
    case 'corpus.progress':
      return status.kind === 'preparing' ? { corpusStatus: { ...status, phase: e.phase, fraction: e.fraction } } : {};
    case 'corpus.staged':
      return { corpusStatus: { kind: 'staged', requestId: status.requestId, target: status.target, name: e.name } };
    case 'corpus.rejected':
    case 'error':
      // Refused, or its question dropped: the menu and the run stay as they were.
      return { corpusStatus: { kind: 'idle' } };
    default:
      return {};
  }
};
