// What resuming a saved run needs before the current run is let go: the saved run read back, its
// corpus tokenized with its own tokenizer, and every check passed (the run is there, the corpus is
// long enough, the shape fits this device, the weights fit the shape). A refusal throws here,
// while the current run is still whole.
import { prepareCorpus, type PreparedCorpus } from '../data/prepare';
import { checkpointProblem, type SessionCheckpoint } from '../train/checkpoint';
import { gptConfigOf } from '../train/summaries';
import type { RunSettings } from '../protocol/settings';
import type { SavedGroup } from '../protocol/savedRuns';
import type { RunSaver } from './runSaver';

export interface RunToRestore {
  settings: RunSettings;
  corpus: PreparedCorpus;
  from: { checkpoint: SessionCheckpoint; savedId: string };
  /** When it was saved (ms since the epoch), for a run from storage. */
  savedAt?: number;
  /** The person's run or a lab's: a lab's comes back as a lab run. */
  group: SavedGroup;
}

/**
 * @param backend the backend the run will train on (the current one: weights do not depend on it).
 * @param misfit why settings cannot train on a corpus on this device, or null (the engine's check).
 * @throws Error saying why the run cannot be resumed.
 */
export async function runToRestore(
  saver: RunSaver,
  savedId: string,
  backend: RunSettings['backend'],
  misfit: (s: RunSettings, c: PreparedCorpus) => string | null,
): Promise<RunToRestore> {
  const { saved, source, tokenizer, savedAt, group } = await saver.load(savedId);
  const settings: RunSettings = { ...saved.settings, backend };
  const prepared = prepareCorpus(source, saved.tokenizerChoice, settings.blockSize, undefined, tokenizer);
  if (!prepared.ok) throw new Error(prepared.message);
  const problem = misfit(settings, prepared.corpus) ?? checkpointProblem(saved.checkpoint, gptConfigOf(settings, prepared.corpus));
  if (problem) throw new Error(`This saved run cannot be resumed: ${problem}`);
  saver.remember(saved.id, { step: saved.checkpoint.step, savedAt: savedAt ?? Date.now() });
  return { settings, corpus: prepared.corpus, from: { checkpoint: saved.checkpoint, savedId: saved.id }, savedAt, group };
}
