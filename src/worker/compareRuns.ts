// Compare runs, for the engine: two or three saved runs answer the same prompt with the same seed
// and sampling settings, so what differs is the text each learned. Each run is read from storage,
// built read-only beside the current run (model/modelFromWeights.ts), asked for its next-token
// bars (model/scoring.ts) and its completion (model/completion.ts), and let go before the next is
// read: at most one extra model is alive at a time, whatever the number of runs. A run that cannot
// answer is said in its place, named; Stop (queuedJobs.ts) ends the comparison between tokens.
import { startCompletion } from '../model/completion';
import { modelFromWeights } from '../model/modelFromWeights';
import { scoreText } from '../model/scoring';
import { countParams } from '../model/config';
import { checkpointProblem } from '../train/checkpoint';
import type { GPTConfig } from '../protocol/gptConfig';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import type { CompareColumn } from '../protocol/compare';
import type { BackendName } from '../protocol/settings';
import { errorMessage, OutputsNotFinite } from '../protocol/errors';
import { echo } from '../protocol/echo';
import type { RunSaver } from './runSaver';

type CompareCommand = Extract<EngineCommand, { type: 'compare.runs' }>;

/**
 * Answers cmd.request's prompt with each saved run in turn: compare.column as each is written (or
 * compare.failed, naming the run, when one cannot answer: the others still do), then compare.done.
 * One completion column per run (seed = the request's seed).
 * @param signal Stop: the comparison ends before the next token or run, and posts nothing more.
 * @throws the signal's abort after Stop.
 */
export async function compareRuns(
  cmd: CompareCommand,
  saver: Pick<RunSaver, 'load'>,
  backend: BackendName,
  post: (e: EngineEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  for (const [index, savedId] of cmd.savedIds.entries()) {
    signal.throwIfAborted();
    try {
      const column = await answer(cmd, savedId, saver, backend, signal);
      signal.throwIfAborted(); // a Stop during the last token: this column is not posted
      post({ type: 'compare.column', requestId: cmd.requestId, index, column });
    } catch (e) {
      signal.throwIfAborted();
      post({ type: 'compare.failed', requestId: cmd.requestId, index, message: errorMessage(e) });
    }
  }
  post({ type: 'compare.done', requestId: cmd.requestId });
}

/**
 * One saved run's column: loaded read-only, scored and completed, then let go.
 * @throws Error naming the run (its text) when it cannot be read on this backend or cannot answer.
 */
async function answer(
  cmd: CompareCommand,
  savedId: string,
  saver: Pick<RunSaver, 'load'>,
  backend: BackendName,
  signal: AbortSignal,
): Promise<CompareColumn> {
  const request = { ...cmd.request, n: 1 };
  const { saved, source, tokenizer } = await saver.load(savedId);
  const { settings, checkpoint, tokenizerChoice } = saved;
  const run = `The saved run on ${echo(source.name)} (step ${checkpoint.step.toLocaleString('en-US')})`;
  const config: GPTConfig = { vocabSize: tokenizer.vocabSize, ...pick(settings) };
  const problem = checkpointProblem(checkpoint, config);
  if (problem) throw new Error(`${run} cannot be compared: ${problem}`);
  const model = modelFromWeights(config, checkpoint.weights, backend, settings);
  try {
    const score = await scoreText(model, tokenizer, request.prompt, request.temperature);
    const { notices, text } = startCompletion(model, tokenizer, request, signal);
    let written = '';
    for await (const step of text) written += step.texts[0];
    const last = checkpoint.history.evals.at(-1);
    return {
      ...{ savedId, corpusName: source.name, preset: settings.preset, tokenizer: tokenizerChoice },
      ...{ params: countParams(config), step: checkpoint.step },
      ...(last ? { valLoss: last.valLoss, valLossStep: last.step } : {}),
      ...{ text: written, notices, next: score.next, other: score.other },
    };
  } catch (e) {
    if (e instanceof OutputsNotFinite)
      throw new Error(`${run} gives outputs that are not finite numbers: its weights had diverged when it was saved. Compare other runs.`);
    throw e;
  } finally {
    model.dispose();
  }
}

const pick = ({ blockSize, nLayer, nHead, nEmbd }: Omit<GPTConfig, 'vocabSize'>) => ({ blockSize, nLayer, nHead, nEmbd });
