// Compress and Decompress, for the engine: arithmetic coding with the current run's weights
// (model/textCompression.ts), run in the engine's queue between training steps, one token per
// forward pass, with progress events and a Stop that acts at once (queuedJobs.ts). The weights must
// stay still: both refuse while training runs, and stop if training starts (or a step is taken)
// under them, up to the moment the answer is posted. Every refusal is a message for the person
// (compressionMessages.ts).
import type { PreparedCorpus } from '../data/prepare';
import { countChars, normaliseText } from '../data/corpus';
import { compressedSize } from '../data/textStats';
import type { GPT } from '../model/gpt';
import { countParams } from '../model/config';
import { modelChecksum } from '../model/modelChecksum';
import { compressText, decompressFile, ModelMismatch, OutsideAlphabet, type CoderIdentity } from '../model/textCompression';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import { OutputsNotFinite } from '../protocol/errors';
import {
  COMPRESS_LIMIT_CHARS,
  COMPRESSED_EXTENSION,
  DECOMPRESS_LIMIT_BYTES,
  fileTooBig,
  type CompressTarget,
} from '../protocol/compression';
import { exportFileStem } from '../protocol/modelExport';
import { DEFAULT_KERNELS, type BackendName, type RunSettings } from '../protocol/settings';
import type { RunState } from '../protocol/reports';
import { validationText } from './compressionBaselines';
import type { QueuedJobs } from './queuedJobs';
import * as say from './compressionMessages';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
type Verb = 'Compression' | 'Decompression';

/** What the jobs need of the run whose weights code. */
export interface CodingRun {
  runId: number;
  savedId: string;
  session: { model: GPT; corpus: PreparedCorpus; settings: RunSettings; readonly runState: RunState; readonly stepsTrained: number };
}

/** What a job hands the coder: Stop's signal, and progress that also stops the job if training starts. */
interface Hooks {
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
  /** @throws the signal's abort after Stop; Error (trainingStarted) once training has started or a step was taken since the job began. */
  checkStill(): void;
}

/** Progress events at most this often. */
const PROGRESS_EVERY_MS = 100;

export class CompressionJobs {
  /**
   * @param jobs the engine's queued jobs, which Stop and run-replacing commands stop.
   * @param savedRun the saved run of that id (its text's name and step), or null when this browser has none.
   */
  constructor(
    private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void,
    private readonly jobs: QueuedJobs,
    private readonly savedRun: (savedId: string) => Promise<{ corpusName: string; step: number } | null>,
  ) {}

  /** @throws Error with a message for the person (compressionMessages.ts). */
  async compress(cmd: Command<'compression.compress'>, run: CodingRun, backend: BackendName): Promise<void> {
    await this.job(cmd, run, 'Compression', async (hooks) => {
      const { session } = run;
      const { text, name, notices } = this.textOf(cmd.target, session.corpus);
      const who = await this.identity(run, backend);
      const started = performance.now();
      let coded: Awaited<ReturnType<typeof compressText>>;
      try {
        coded = await compressText(session.model, session.corpus.tokenizer, text, who, hooks);
      } catch (e) {
        if (e instanceof OutsideAlphabet) throw new Error(say.notInAlphabet(e.skipped, session.corpus.source.name));
        throw e;
      }
      const ms = performance.now() - started;
      const bytes = new TextEncoder().encode(text);
      const gzipBytes = await compressedSize(bytes, 'gzip');
      hooks.checkStill(); // the file names these weights and this step: nothing may have moved them
      const params = countParams(session.model.config);
      const file = coded.file.slice().buffer;
      const fileName = `${exportFileStem(session.corpus.source.name, who.step)}${COMPRESSED_EXTENSION}`;
      const result = {
        ...{ name, text, characters: countChars(text), textBytes: bytes.length, tokens: coded.tokens, file, fileName },
        ...{ headerBytes: coded.headerBytes, gzipBytes, ms, notices },
        ...{ weightsBytes: params * 4, params, step: who.step },
      };
      this.post({ type: 'compression.compressed', requestId: cmd.requestId, result }, [file]);
    });
  }

  /** @throws Error with a message for the person: a file that is not ours, damaged, or from other weights. */
  async decompress(cmd: Command<'compression.decompress'>, run: CodingRun, backend: BackendName): Promise<void> {
    await this.job(cmd, run, 'Decompression', async (hooks) => {
      const { session } = run;
      if (cmd.bytes.byteLength > DECOMPRESS_LIMIT_BYTES) throw new Error(fileTooBig(cmd.bytes.byteLength));
      const started = performance.now();
      const who = await this.identity(run, backend);
      const file = new Uint8Array(cmd.bytes);
      let restored: Awaited<ReturnType<typeof decompressFile>>;
      try {
        restored = await decompressFile(session.model, session.corpus.tokenizer, file, who, {
          ...hooks,
          onHeader: (h) => {
            if (h.tokens > COMPRESS_LIMIT_CHARS) throw new Error(say.tooManyTokens(h.tokens));
          },
        });
      } catch (e) {
        if (!(e instanceof ModelMismatch)) throw e;
        const now = { step: who.step, savedId: run.savedId, backend, kernels: who.kernels };
        throw new Error(say.mismatch(e.header, now, await this.savedRun(e.header.savedId).catch(() => null)));
      }
      hooks.checkStill();
      const { text, header } = restored;
      const result = {
        text,
        characters: header.characters,
        tokens: header.tokens,
        fileBytes: file.length,
        ms: performance.now() - started,
        step: header.step,
      };
      this.post({ type: 'compression.decompressed', requestId: cmd.requestId, result });
    });
  }

  /**
   * Runs one job in its turn (queuedJobs.ts: a Stop that came first answers it at once): refuses a
   * stale run or a training one before looking at the text; reports progress; ends on Stop
   * (compression.stopped, with the reason when a replaced run stopped it) or when training starts
   * under it (an error saying so).
   */
  private job(
    cmd: Command<'compression.compress' | 'compression.decompress'>,
    run: CodingRun,
    verb: Verb,
    work: (hooks: Hooks) => Promise<void>,
  ) {
    const { requestId } = cmd;
    return this.jobs.run(
      requestId,
      async (signal) => {
        if (cmd.runId !== run.runId) throw new Error(say.runChanged);
        if (run.session.runState === 'running')
          throw new Error(say.whileTraining(verb === 'Compression' ? 'compressing' : 'decompressing'));
        const stepAtStart = run.session.stepsTrained;
        const checkStill = () => {
          signal.throwIfAborted();
          if (run.session.runState === 'running' || run.session.stepsTrained !== stepAtStart) throw new Error(say.trainingStarted(verb));
        };
        let lastPost = 0;
        const onProgress = (done: number, total: number) => {
          checkStill();
          const now = performance.now();
          if (now - lastPost < PROGRESS_EVERY_MS && done < total) return;
          lastPost = now;
          this.post({ type: 'compression.progress', requestId, done, total });
        };
        try {
          await work({ signal, onProgress, checkStill });
        } catch (e) {
          if (e instanceof OutputsNotFinite) throw new Error(say.notFinite(verb));
          throw e;
        }
      },
      (reason) => this.post({ type: 'compression.stopped', requestId, ...(reason ? { reason } : {}) }),
    );
  }

  /** The model's identity for the file's header; read between steps (the weights are still). */
  private async identity(run: CodingRun, backend: BackendName): Promise<CoderIdentity> {
    const { model, corpus, settings, stepsTrained } = run.session;
    return {
      modelChecksum: await modelChecksum(model, corpus.tokenizer),
      backend,
      kernels: settings.kernels ?? DEFAULT_KERNELS,
      step: stepsTrained,
      savedId: run.savedId,
    };
  }

  /** The text to code, normalised as the corpus is, and what changed about it. @throws Error over the limit. */
  private textOf(target: CompressTarget, corpus: PreparedCorpus): { text: string; name: string; notices: string[] } {
    if (target.kind === 'validation') {
      const whole = validationText(corpus);
      const all = [...whole];
      const name = `the validation text of ${corpus.source.name}`;
      if (all.length <= COMPRESS_LIMIT_CHARS) return { text: whole, name, notices: [] };
      const text = all.slice(0, COMPRESS_LIMIT_CHARS).join('');
      const notice = `Its first ${COMPRESS_LIMIT_CHARS.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} characters (the limit).`;
      return { text, name, notices: [notice] };
    }
    const text = normaliseText(target.text);
    const characters = countChars(text);
    if (characters > COMPRESS_LIMIT_CHARS) throw new Error(say.tooLong(characters));
    const changed = text !== target.text;
    const notices = changed ? ['Read as the corpus is (Unicode NFC, LF line ends); that text is what was stored.'] : [];
    return { text, name: target.name, notices };
  }
}
