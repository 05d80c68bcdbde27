// Questions the page asks of the current weights, answered between training steps: how
// surprised the model is by a text and what it expects next, where it looks (attention maps),
// the probability of candidate answers, and the few-shot curve on a lab task.
import type { TrainingSession } from '../train/session';
import { candidateProbabilities, evaluateFewShot } from '../train/fewShot';
import { scoreText } from '../model/scoring';
import { attentionMaps } from '../model/attentionMaps';
import { createRng } from '../data/rng';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent } from '../protocol/events';
import { FEW_SHOT_ITEMS, FEW_SHOT_KS } from '../protocol/fewShot';
import { PASS_ROWS } from '../protocol/resources';
import { exportHuggingFace, exportModel } from './exportRun';
import { measureBaselines } from './compressionBaselines';

export type QueryCommand = Extract<
  EngineCommand,
  { type: 'text.score' | 'attention.maps' | 'candidates.score' | 'fewshot.measure' | 'model.export' | 'compression.baselines' }
>;

/** The few-shot lab's items: the same fresh ones at every measurement, so curves from different steps compare. */
const FEW_SHOT_SEED = 7;

/**
 * Answers one query about `session`'s weights (run `runId`) with an event carrying the query's
 * requestId. A measurement meant for another run is dropped.
 * @throws Error for a measurement or export while training (the weights would move under it).
 */
export async function answerQuery(
  cmd: QueryCommand,
  session: TrainingSession,
  runId: number,
  post: (e: EngineEvent, transfer?: Transferable[]) => void,
): Promise<void> {
  const { model, corpus } = session;
  const { requestId } = cmd;
  switch (cmd.type) {
    case 'text.score': {
      const score = await scoreText(model, corpus.tokenizer, cmd.text, cmd.temperature);
      return post({ type: 'text.scored', requestId, score });
    }
    case 'attention.maps': {
      const maps = await attentionMaps(model, corpus.tokenizer, cmd.text);
      return post({ type: 'attention.mapped', requestId, maps }, [maps.probs.buffer]);
    }
    case 'candidates.score': {
      const result = await candidateProbabilities(model, corpus.tokenizer, cmd.prompt, cmd.candidates);
      return post({ type: 'candidates.scored', requestId, result });
    }
    case 'model.export': {
      const file = cmd.format === 'huggingface' ? await exportHuggingFace(session, cmd.pageAddress) : await exportModel(session);
      return post({ type: 'model.exported', requestId, ...file }, [file.bytes]);
    }
    case 'compression.baselines': {
      if (cmd.runId !== runId) throw new Error('The run changed before it was measured against gzip.'); // the page asks again for its run
      const baselines = await measureBaselines(corpus, session.settings);
      return post({ type: 'compression.measured', requestId, runId, baselines });
    }
    case 'fewshot.measure': {
      if (cmd.runId !== runId) throw new Error('That run was replaced before it could be measured.');
      if (session.runState === 'running')
        throw new Error('Pause training before measuring: the weights would change under the measurement.');
      const origin = corpus.source.origin;
      if (origin.kind !== 'task')
        throw new Error('The few-shot lab measures a lab task: choose one in the few-shot lab and train on it first.');
      const task = origin.task;
      const step = session.stepsTrained;
      const onProgress = (done: number, total: number) => post({ type: 'fewshot.progress', requestId, done, total });
      // No wider than the shapes the resource check passed for this run.
      const batchSize = Math.max(session.settings.batchSize, PASS_ROWS);
      const opts = { ks: FEW_SHOT_KS, items: FEW_SHOT_ITEMS, batchSize, onProgress };
      const result = await evaluateFewShot(model, corpus.tokenizer, task, opts, createRng(FEW_SHOT_SEED));
      return post({ type: 'fewshot.measured', requestId, runId: cmd.runId, step, result });
    }
  }
}
