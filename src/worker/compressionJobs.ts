// Compress and Decompress, for the engine: arithmetic coding with the current run's weights
// (model/textCompression.ts), run in the engine's queue between training steps, one token per
// forward pass, with progress events and a Stop that acts at once (as completions.ts stops a
// completion). The weights must stay still: both refuse while training runs, and stop if training
// starts under them. Every refusal is a message for the person (compressionMessages.ts).
import type { PreparedCorpus } from '../data/prepare';
import { countChars, normaliseText } from '../data/corpus';
import { CodingStopped } from '../data/sequenceCoder';
import { compressedSize } from '../data/textStats';
import type { GPT } from '../model/gpt';
import { countParams } from '../model/config';
import { modelChecksum } from '../model/modelChecksum';
import { compressText, decompressFile, ModelMismatch, type CoderIdentity } from '../model/textCompression';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
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
import * as say from './compressionMessages';

type Command<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

/** What the jobs need of the run whose weights code. */
export interface CodingRun {
  runId: number;
  savedId: string;
  session: { model: GPT; corpus: PreparedCorpus; settings: RunSettings; readonly runState: RunState; readonly stepsTrained: number };
}

/** Progress events at most this often. */
const PROGRESS_EVERY_MS = 100;

export class CompressionJobs {
  private readonly running = new Map<number, AbortController>();
  /** Stops that came before their job started (a job waits in the engine's queue; Stop does not). */
  private readonly stoppedEarly = new Set<number>();

  /** @param savedRun the saved run of that id (its text's name and step), or null when this browser has none. */
  constructor(
    private readonly post: (e: EngineEvent, transfer?: Transferable[]) => void,
    private readonly savedRun: (savedId: string) => Promise<{ corpusName: string; step: number } | null>,
  ) {}

  /** Stop: the job ends before its next token, answered by compression.stopped. */
  stop(requestId: number): void {
    const job = this.running.get(requestId);
    if (job) job.abort();
    else this.stoppedEarly.add(requestId);
  }

  /** @throws Error with a message for the person (compressionMessages.ts). */
  async compress(cmd: Command<'compression.compress'>, run: CodingRun, backend: BackendName): Promise<void> {
    const { session } = run;
    const { text, name, notices } = this.textOf(cmd.target, session.corpus);
    const skipped = session.corpus.tokenizer.encode(text).skipped;
    if (skipped.length > 0) throw new Error(say.notInAlphabet(skipped, session.corpus.source.name));
    await this.job(cmd, run, 'Compression', async (hooks) => {
      const started = performance.now();
      const coded = await compressText(session.model, session.corpus.tokenizer, text, await this.identity(run, backend), hooks);
      const ms = performance.now() - started;
      const bytes = new TextEncoder().encode(text);
      const params = countParams(session.model.config);
      const file = coded.file.slice().buffer;
      const fileName = `${exportFileStem(session.corpus.source.name, session.stepsTrained)}${COMPRESSED_EXTENSION}`;
      const result = {
        ...{ name, text, characters: countChars(text), textBytes: bytes.length, tokens: coded.tokens, file, fileName },
        ...{ headerBytes: coded.headerBytes, gzipBytes: await compressedSize(bytes, 'gzip'), ms, notices },
        ...{ weightsBytes: params * 4, params, step: session.stepsTrained },
      };
      this.post({ type: 'compression.compressed', requestId: cmd.requestId, result }, [file]);
    });
  }

  /** @throws Error with a message for the person: a file that is not ours, damaged, or from other weights. */
  async decompress(cmd: Command<'compression.decompress'>, run: CodingRun, backend: BackendName): Promise<void> {
    const { session } = run;
    if (cmd.bytes.byteLength > DECOMPRESS_LIMIT_BYTES) throw new Error(fileTooBig(cmd.bytes.byteLength));
    await this.job(cmd, run, 'Decompression', async (hooks) => {
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
        const now = { step: session.stepsTrained, savedId: run.savedId, backend, kernels: who.kernels };
        throw new Error(say.mismatch(e.header, now, await this.savedRun(e.header.savedId).catch(() => null)));
      }
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
   * Runs one job: refuses a stale run or a training one; reports progress; ends on Stop (answered
   * by compression.stopped) or when training starts under it.
   */
  private async job(
    cmd: Command<'compression.compress' | 'compression.decompress'>,
    run: CodingRun,
    verb: 'Compression' | 'Decompression',
    work: (hooks: { signal: AbortSignal; onProgress(done: number, total: number): void }) => Promise<void>,
  ): Promise<void> {
    const { requestId } = cmd;
    if (this.stoppedEarly.delete(requestId)) return this.post({ type: 'compression.stopped', requestId });
    if (cmd.runId !== run.runId) throw new Error(say.runChanged);
    if (run.session.runState === 'running') throw new Error(say.whileTraining(verb === 'Compression' ? 'compressing' : 'decompressing'));
    const abort = new AbortController();
    this.running.set(requestId, abort);
    let trainingStarted = false;
    let lastPost = 0;
    const onProgress = (done: number, total: number) => {
      if (run.session.runState === 'running') {
        trainingStarted = true;
        abort.abort();
      }
      const now = performance.now();
      if (now - lastPost < PROGRESS_EVERY_MS && done < total) return;
      lastPost = now;
      this.post({ type: 'compression.progress', requestId, done, total });
    };
    try {
      await work({ signal: abort.signal, onProgress });
    } catch (e) {
      if (!(e instanceof CodingStopped)) throw e;
      if (trainingStarted) throw new Error(say.trainingStarted(verb));
      this.post({ type: 'compression.stopped', requestId });
    } finally {
      this.running.delete(requestId);
    }
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
