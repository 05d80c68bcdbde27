// Pre-training is compression, on the page: the current run's yardsticks (gzip, deflate and the
// zeroth-order entropy of its validation text, measured by the worker once per run), and Compress /
// Decompress… with the model (a job in the worker with progress and Stop; the file downloads
// through a Blob URL and comes back through a file picker). Follows few-shot's measure-with-progress
// pattern (store/fewShot.ts): one request, progress on the way, the answer or a refusal at the end.
import {
  DECOMPRESS_LIMIT_BYTES,
  fileTooBig,
  type CompressResult,
  type CompressTarget,
  type CompressionBaselines,
  type DecompressResult,
} from '../protocol/compression';
import { echo } from '../protocol/echo';
import { errorMessage } from '../protocol/errors';
import { WorkerReplaced } from './requests';
import type { EventReducer, SliceContext } from './slice';

export interface CodingJob {
  requestId: number;
  kind: 'compress' | 'decompress';
  /** Tokens coded so far, of total (0 of 1 until the worker says). */
  done: number;
  total: number;
}

export interface CompressionSlice {
  /** The current run's yardsticks; null until the worker has measured them. */
  baselines: { runId: number; baselines: CompressionBaselines } | null;
  /** A Compress or Decompress under way. */
  coding: CodingJob | null;
  /** The last file Compress wrote, with its figures. */
  compressed: CompressResult | null;
  /** The last text Decompress restored; identical: it equals the text last compressed here (null: none to compare with). */
  decompressed: (DecompressResult & { identical: boolean | null }) | null;
  /** Why the last Compress or Decompress was refused or failed, said beside the buttons. */
  codingError: string | null;
  /** Why the last job stopped ("Stopped." after Stop, "Stopped to reset the run." …), until the next job. */
  codingStopped: string | null;
  /** Asks the worker for the current run's yardsticks (once per run). */
  measureBaselines(): void;
  /** Compresses the target; a text's name is sent bounded (the worker takes at most 200 characters). */
  compress(target: CompressTarget): void;
  /** Reads the file and decompresses it; a file that cannot be read is said in an alert. */
  decompress(file: File): Promise<void>;
  stopCoding(): void;
  /** Downloads the last compressed file again. */
  downloadCompressed(): void;
}

type Own = keyof CompressionSlice;

/** Longest refusal shown beside the buttons (the worker's are shorter; a crash's may not be). */
const MAX_MESSAGE = 400;
const bounded = (m: string) => (m.length > MAX_MESSAGE ? `${m.slice(0, MAX_MESSAGE - 1)}…` : m);

/** A chosen file the browser could not read (moved, deleted, or its permission gone since it was chosen). */
export const unreadable = (name: string, e: unknown): string =>
  `Could not read ${echo(name)}: ${errorMessage(e).replace(/\.$/, '')}. Choose the file again.`;

function download(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // after the browser has started the download
}

export const createCompressionSlice = ({ set, get, send, request, alert }: SliceContext<Own>): CompressionSlice => {
  let asked: number | null = null; // the run whose yardsticks were asked for
  /** Starts a job: one request, progress into `coding`, the answer through `done`. */
  const job = (
    kind: CodingJob['kind'],
    make: Parameters<typeof request>[0],
    done: (e: Awaited<ReturnType<typeof request>['answer']>) => void,
    transfer?: Transferable[],
  ) => {
    const { requestId, answer } = request(make, {
      transfer,
      onEvent: (e) =>
        e.type === 'compression.progress' && get().coding?.requestId === requestId
          ? set({ coding: { requestId, kind, done: e.done, total: e.total } })
          : undefined,
    });
    set({ coding: { requestId, kind, done: 0, total: 1 }, codingError: null, codingStopped: null });
    answer
      .then((e) => (e.type === 'compression.stopped' ? set({ codingStopped: e.reason ?? 'Stopped.' }) : done(e)))
      .catch((e: unknown) =>
        e instanceof WorkerReplaced ? undefined : set({ codingError: bounded(e instanceof Error ? e.message : String(e)) }),
      )
      .finally(() => set((s) => (s.coding?.requestId === requestId ? { coding: null } : {})));
  };
  return {
    baselines: null,
    coding: null,
    compressed: null,
    decompressed: null,
    codingError: null,
    codingStopped: null,
    measureBaselines() {
      const runId = get().runId;
      if (asked === runId || get().baselines?.runId === runId) return;
      asked = runId;
      request((requestId) => ({ type: 'compression.baselines', requestId, runId }))
        .answer.then((e) =>
          e.type === 'compression.measured' && e.runId === get().runId ? set({ baselines: { runId, baselines: e.baselines } }) : undefined,
        )
        .catch(() => (asked === runId ? (asked = null) : undefined)); // a run left meanwhile; the next run asks for its own
    },
    compress(target) {
      if (get().coding) return;
      const runId = get().runId;
      const bounded: CompressTarget = target.kind === 'text' ? { ...target, name: echo(target.name) } : target;
      job(
        'compress',
        (requestId) => ({ type: 'compression.compress', requestId, runId, target: bounded }),
        (e) => {
          if (e.type !== 'compression.compressed') return;
          set({ compressed: e.result, decompressed: null });
          download(e.result.fileName, e.result.file);
        },
      );
    },
    async decompress(file) {
      if (get().coding) return;
      if (file.size > DECOMPRESS_LIMIT_BYTES) return set({ codingError: fileTooBig(file.size), decompressed: null });
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch (e) {
        return alert(unreadable(file.name, e));
      }
      if (get().coding) return; // a second click while this file was read
      const runId = get().runId;
      set({ decompressed: null });
      job(
        'decompress',
        (requestId) => ({ type: 'compression.decompress', requestId, runId, bytes }),
        (e) => {
          if (e.type !== 'compression.decompressed') return;
          const before = get().compressed?.text;
          set({ decompressed: { ...e.result, identical: before === undefined ? null : before === e.result.text } });
        },
        [bytes],
      );
    },
    stopCoding() {
      const c = get().coding;
      if (c) send({ type: 'compression.stop', requestId: c.requestId });
    },
    downloadCompressed() {
      const c = get().compressed;
      if (c) download(c.fileName, c.file);
    },
  };
};

// A new run: its own yardsticks (the page asks again); files already made stay downloadable.
export const compressionOnEvent: EventReducer<Own> = (s, e) =>
  e.type === 'run.replaced' && s.baselines?.runId !== e.run.runId ? { baselines: null } : {};
