// Compare runs, for the engine: two or three saved runs answer the same prompt with the same seed
// and sampling settings, so what differs is the text each learned. Each run is read from storage,
// built read-only beside the current run (model/modelFromWeights.ts), asked for its next-token
// bars (model/scoring.ts) and its completion (model/completion.ts), and let go before the next is
// read: at most one extra model is alive at a time, whatever the number of runs.
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
import type { RunSaver } from './runSaver';

type CompareCommand = Extract<EngineCommand, { type: 'compare.runs' }>;

/**
 * Answers cmd.request's prompt with each saved run in turn: compare.column as each is written,
 * then compare.done. One completion column per run (seed = the request's seed).
 * @throws Error naming the run when one is gone or cannot be read on this backend.
 */
export async function compareRuns(
  cmd: CompareCommand,
  saver: Pick<RunSaver, 'load'>,
  backend: BackendName,
  post: (e: EngineEvent) => void,
): Promise<void> {
  const request = { ...cmd.request, n: 1 };
  const never = new AbortController().signal;
  for (const [index, savedId] of cmd.savedIds.entries()) {
    const { saved, source, tokenizer } = await saver.load(savedId);
    const { settings, checkpoint, tokenizerChoice } = saved;
    const config: GPTConfig = { vocabSize: tokenizer.vocabSize, ...pick(settings) };
    const problem = checkpointProblem(checkpoint, config);
    if (problem) throw new Error(`The saved run on ${source.name} cannot be compared: ${problem}`);
    const model = modelFromWeights(config, checkpoint.weights, backend, settings);
    try {
      const score = await scoreText(model, tokenizer, request.prompt, request.temperature);
      const { notices, text } = startCompletion(model, tokenizer, request, never);
      let written = '';
      for await (const step of text) written += step.texts[0];
      const last = checkpoint.history.evals.at(-1);
      const column: CompareColumn = {
        ...{ savedId, corpusName: source.name, preset: settings.preset, tokenizer: tokenizerChoice },
        ...{ params: countParams(config), step: checkpoint.step },
        ...(last ? { valLoss: last.valLoss, valLossStep: last.step } : {}),
        ...{ text: written, notices, next: score.next, other: score.other },
      };
      post({ type: 'compare.column', requestId: cmd.requestId, index, column });
    } finally {
      model.dispose();
    }
  }
  post({ type: 'compare.done', requestId: cmd.requestId });
}

const pick = ({ blockSize, nLayer, nHead, nEmbd }: Omit<GPTConfig, 'vocabSize'>) => ({ blockSize, nLayer, nHead, nEmbd });
