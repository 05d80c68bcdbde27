// What a lab's run trains: a few-shot task's generated text with the model it is known to learn
// with, or the scale lab's preset on the person's own text. Both keep the person's backend, kernel
// path and seed, and never change the person's settings (the run's description says it is a lab's).
import { prepareCorpus, type PreparedCorpus } from '../data/prepare';
import { syntheticTask } from '../protocol/fewShot';
import type { LabRequest } from '../protocol/commands';
import type { RunSettings } from '../protocol/settings';
import { readCorpus } from './readCorpus';
import type { RunPlan } from './runs';

/** Lab task runs are short: evaluate (and so chart the in-context score) and sample often. */
export const TASK_RUN = { evalEvery: 50, sampleEvery: 250, sampleLength: 120 } as const;

/**
 * The lab run a request asks for.
 * @param person the person's run's settings (backend, kernels, seed, evaluation batches carry over) and corpus.
 * @throws Error when the task's text cannot be prepared (it always can: it is generated).
 */
export async function labPlan(request: LabRequest, person: { settings: RunSettings; corpus: PreparedCorpus }): Promise<RunPlan> {
  if (request.kind === 'scale') return { settings: request.settings, corpus: person.corpus, lab: 'scale' };
  const task = syntheticTask(request.task);
  const settings: RunSettings = { ...person.settings, ...task.settings, ...TASK_RUN };
  const source = await readCorpus({ kind: 'synthetic', task: request.task }, null);
  if (typeof source === 'string') throw new Error(source);
  const prepared = prepareCorpus(source, { kind: 'char' }, settings.blockSize);
  if (!prepared.ok) throw new Error(prepared.message);
  return { settings, corpus: prepared.corpus, lab: 'fewshot' };
}
