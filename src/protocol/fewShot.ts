// The few-shot lab as both ends see it: the built-in synthetic tasks (what the page shows and the
// model and training each is known to learn with), a measured few-shot curve, and the
// probabilities of a person's candidate answers. The task generators live in data/synthetic.ts.
import * as v from 'valibot';
import { count } from './reports';
import type { RunSettings } from './settings';

import { SYNTHETIC_TASK_IDS, type SyntheticTaskId } from './texts';

export { SYNTHETIC_TASK_IDS, type SyntheticTaskId };

/** The model and training a task is known to learn with (fields of RunSettings). */
export type TaskSettings = Pick<RunSettings, 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd' | 'batchSize' | 'lr' | 'warmupSteps' | 'maxSteps'>;

/** What the page shows about a task. */
export interface SyntheticTaskInfo {
  id: SyntheticTaskId;
  name: string;
  /** One line a person reads. */
  description: string;
  /** One training line as it appears in the corpus. */
  example: string;
  /** What is scored, in words. */
  scored: string;
  /** Accuracy of the best guess without the line's examples (fraction, 0..1). */
  chance: number;
  /** Most demonstrations an evaluation item may have. */
  maxK: number;
  /** Corpus size to generate, in characters (char tokenizer: one token each). */
  corpusChars: number;
  settings: TaskSettings;
  /** Said when a tiny model is not known to learn it quickly (what was measured). */
  caution?: string;
}

/** Numbers of examples in the prompt the lab measures. */
export const FEW_SHOT_KS = [0, 1, 2, 4, 8] as const;
/** Fresh items per point: enough for a 95% interval about ±7 points wide at worst. */
export const FEW_SHOT_ITEMS = 200;

const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

export const FewShotPointSchema = v.object({
  k: count,
  correct: count,
  total: count,
  accuracy: fraction,
  /** 95% Wilson score interval (Wilson 1927). */
  low: fraction,
  high: fraction,
  /** Items whose prompt was longer than the context and was cropped from the left. */
  cropped: count,
});

export const FewShotResultSchema = v.object({
  task: v.picklist(SYNTHETIC_TASK_IDS),
  chance: fraction,
  points: v.array(FewShotPointSchema),
  notices: v.array(v.string()),
});
export type FewShotResult = v.InferOutput<typeof FewShotResultSchema>;

export const CandidateResultSchema = v.object({
  scores: v.array(v.object({ candidate: v.string(), probability: fraction, normalised: fraction })),
  notices: v.array(v.string()),
});
export type CandidateResult = v.InferOutput<typeof CandidateResultSchema>;

/** The lab's tasks: what the page shows, and the model each is known to learn with. */
export const SYNTHETIC_TASKS: readonly SyntheticTaskInfo[] = [
  {
    id: 'copy',
    name: 'Copy with a hidden separator',
    description: 'Each line says one word again and again, always followed by the same symbol; only the examples show which symbol.',
    example: 'hd%hd%hd%hd%',
    scored: 'the separator and the word again (3 characters) after the word',
    chance: 1 / 6, // the separators
    maxK: 8,
    corpusChars: 200_000,
    settings: { blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 64, batchSize: 16, lr: 3e-3, warmupSteps: 50, maxSteps: 500 },
  },
  {
    id: 'recall',
    name: 'Key–value recall',
    description: 'Each line lists letter–digit pairs, then asks for every letter again; the digit is only in the list.',
    example: 'c5 h2 n8 a1 ?h2 ?c5 ?a1 ?n8',
    scored: 'the digit after "?key"',
    caution:
      'Hard for a tiny model: on a laptop CPU it stayed at chance after 6,000 steps (2 layers, width 32) and 1,750 (width 64). Try more steps, a wider model, or a GPU.',
    chance: 1 / 10, // the digits
    maxK: 8,
    corpusChars: 200_000,
    settings: { blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 64, batchSize: 32, lr: 3e-3, warmupSteps: 100, maxSteps: 5000 },
  },
  {
    id: 'shift',
    name: 'Letter shift',
    description: 'Each line maps letters by one secret shift (a>d, c>f, …); the model must shift a letter it has not seen mapped.',
    example: 'c>f a>d h>a e>h',
    scored: 'the shifted letter after "letter>"',
    caution:
      'Hard for a tiny model: on a laptop CPU it stayed at chance after 6,000 steps (2 layers, width 32) and 1,000 (width 64). Try more steps, a wider model, or a GPU.',
    chance: 1 / 10, // the shifts
    maxK: 8,
    corpusChars: 200_000,
    settings: { blockSize: 40, nLayer: 2, nHead: 2, nEmbd: 64, batchSize: 32, lr: 3e-3, warmupSteps: 100, maxSteps: 5000 },
  },
];

/** The task's entry in SYNTHETIC_TASKS. */
export function syntheticTask(id: SyntheticTaskId): SyntheticTaskInfo {
  const task = SYNTHETIC_TASKS.find((t) => t.id === id);
  if (!task) throw new Error(`Unknown synthetic task "${id}".`);
  return task;
}
