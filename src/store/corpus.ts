// A change of the person's text, as one lifecycle: idle, preparing (the worker reads and
// tokenizes), staged (checked, waiting for the person's yes), committing (yes sent). Which text
// the run learns is the run's own (its description's origin: selectors.ts), never kept here; here
// are only the change under way and the person's files, kept so the menu can switch back to them.
// Files dropped while another text is being read wait, and the latest drop wins. Files an OS adds
// beside a person's own (protocol/droppedFiles.ts) are skipped and named before anything is read.
import type { CorpusPhase } from '../protocol/events';
import type { TokenizerChoice } from '../protocol/reports';
import { takeDroppedFiles } from '../protocol/droppedFiles';
import { echoList } from '../protocol/echo';
import { BOOKS, type BookId } from '../protocol/texts';
import { errorMessage } from '../protocol/errors';
import type { PlaygroundStore, SliceContext } from './slice';
import { personCorpus } from './selectors';
import { sayFailure, type RequestCommand } from './requests';

/** What a change brings: the person's files, kept once it lands so the menu can switch back to them. */
export interface CorpusTarget {
  files?: File[];
}

/** Where a change of text stands; `requestId` is the request whose answers it waits for. */
export type CorpusStatus =
  | { kind: 'idle' }
  | { kind: 'preparing'; requestId: number; target: CorpusTarget; phase: CorpusPhase; fraction: number }
  | { kind: 'staged'; requestId: number; target: CorpusTarget; name: string }
  | { kind: 'committing'; requestId: number; target: CorpusTarget };

export interface CorpusSlice {
  /** The person's own files (the last they gave), for the menu's "Your text". */
  ownFiles: File[] | null;
  corpusStatus: CorpusStatus;
  /** Files given while another text was being read: read next (the latest drop wins). */
  waitingFiles: File[] | null;
  /** Trains on a bundled book (a fresh model). */
  selectBook(id: BookId): void;
  loadFiles(files: File[]): Promise<void>;
  loadText(text: string): Promise<void>;
  /** Re-tokenizes the person's text (a fresh model: the vocabulary changes). */
  setTokenizer(choice: TokenizerChoice): void;
  /** The person's answer to "replace the trained run with the staged text?". */
  commitCorpus(accept: boolean): void;
  /** Sends a corpus request (`make`) and follows it to its answer; start-up's first text goes through here too. */
  changeCorpus(target: CorpusTarget, make: (requestId: number) => RequestCommand, transfer?: Transferable[]): void;
}

type Own = keyof CorpusSlice;

/** Where a file sat in a dropped folder: the `path` the drop zone gives it (ui/dropFiles.ts), if any. */
const pathOf = (file: File): string | undefined => ('path' in file && typeof file.path === 'string' ? file.path : undefined);

/** An absolute URL: inside the worker a relative one would resolve against its own folder. */
export const bookUrl = (id: BookId): string => new URL(`${import.meta.env.BASE_URL}${BOOKS[id].file}`, window.location.href).href;

/** The person's tokenizer: their run's (the kept one's during a lab). */
const tokenizerOf = (s: Pick<PlaygroundStore, 'run' | 'corpus'>): TokenizerChoice => personCorpus(s)?.tokenizer ?? { kind: 'char' };

export const createCorpusSlice = ({ set, get, send, request, alert }: SliceContext<Own>): CorpusSlice => {
  const status = (requestId: number) => {
    const s = get().corpusStatus;
    return s.kind !== 'idle' && s.requestId === requestId ? s : null;
  };
  const slice: CorpusSlice = {
    ownFiles: null,
    corpusStatus: { kind: 'idle' },
    waitingFiles: null,
    changeCorpus(target, make, transfer) {
      const { requestId, answer } = request(make, {
        transfer,
        onEvent: (e) => {
          const now = status(requestId);
          if (!now) return;
          if (e.type === 'corpus.progress' && now.kind === 'preparing')
            set({ corpusStatus: { ...now, phase: e.phase, fraction: e.fraction } });
          if (e.type === 'corpus.staged') set({ corpusStatus: { kind: 'staged', requestId, target, name: e.name } });
        },
      });
      set({ corpusStatus: { kind: 'preparing', requestId, target, phase: 'reading', fraction: 0 } });
      answer
        .then((e) => {
          if (e.type === 'corpus.rejected' && e.message !== undefined) alert(e.message);
          if (e.type === 'run.replaced' && target.files) set({ ownFiles: target.files });
        })
        .catch(sayFailure(alert))
        .finally(() => {
          if (status(requestId)) set({ corpusStatus: { kind: 'idle' } });
          const waiting = get().waitingFiles;
          if (waiting && get().corpusStatus.kind === 'idle') {
            set({ waitingFiles: null });
            void get().loadFiles(waiting);
          }
        });
    },
    selectBook(id) {
      if (get().corpusStatus.kind !== 'idle') return;
      const tokenizer = tokenizerOf(get());
      slice.changeCorpus({}, (requestId) => ({ type: 'corpus.use', requestId, corpus: { kind: 'book', id, url: bookUrl(id) }, tokenizer }));
    },
    async loadFiles(dropped) {
      // Before reading anything into memory: skip the files an OS adds, leave out any too big.
      const intake = takeDroppedFiles(dropped.map((file) => ({ file, name: file.name, path: pathOf(file), size: file.size })));
      if (!intake.ok) return alert(intake.message);
      const busy = get().corpusStatus.kind;
      if (busy === 'preparing' || busy === 'committing') return set({ waitingFiles: dropped }); // read when the current one is done
      for (const note of intake.notes) alert(note, 'notice');
      const files = intake.take.map((t) => t.file);
      let read: { name: string; bytes: ArrayBuffer }[];
      try {
        read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
      } catch (e) {
        return alert(`Could not read ${echoList(files.map((f) => f.name))}: ${errorMessage(e)} Drop them again.`);
      }
      const tokenizer = tokenizerOf(get());
      // Transfer, not copy: a large file's bytes move to the worker. A question still open is withdrawn by the worker.
      const bytes = read.map((f) => f.bytes);
      slice.changeCorpus(
        { files },
        (requestId) => ({ type: 'corpus.use', requestId, corpus: { kind: 'files', files: read }, tokenizer }),
        bytes,
      );
    },
    loadText(text) {
      return get().loadFiles([new File([text], 'pasted text.txt', { type: 'text/plain' })]);
    },
    setTokenizer(choice) {
      if (get().corpusStatus.kind !== 'idle') return;
      slice.changeCorpus({}, (requestId) => ({ type: 'corpus.use', requestId, corpus: { kind: 'current' }, tokenizer: choice }));
    },
    commitCorpus(accept) {
      const now = get().corpusStatus;
      if (now.kind !== 'staged') return;
      set({ corpusStatus: accept ? { kind: 'committing', requestId: now.requestId, target: now.target } : { kind: 'idle' } });
      send({ type: 'corpus.commit', requestId: now.requestId, accept });
    },
  };
  return slice;
};
