// A model a person brings back (a .safetensors file this page exported) as a run to prompt or to
// train on: its weights, config, tokenizer and settings checked (model/exportModel.ts), the
// current text tokenized with its tokenizer, and AdamW starting afresh at the file's step (the
// file holds weights only, as the exports of the field do). Every refusal throws before the
// current run is touched.
import { importSafetensors } from '../model/exportModel';
import type { NamedArrays } from '../model/weights';
import { createRng } from '../data/rng';
import { tokenizerFromSpec } from '../data/tokenizerSpec';
import { prepareCorpus, type CorpusSource, type PreparedCorpus } from '../data/prepare';
import { checkpointProblem, emptyHistory, type SessionCheckpoint } from '../train/checkpoint';
import { gptConfigOf } from '../train/summaries';
import { BATCH_SEED } from '../train/session';
import { errorMessage } from '../protocol/errors';
import { echo } from '../protocol/echo';
import type { RunSettings } from '../protocol/settings';
import type { RunToRestore } from './restoreRun';
import { newSavedId } from './savedRuns';

const zeros = (weights: NamedArrays): NamedArrays =>
  Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, new Float32Array(w.length)]));

/**
 * @param bytes the file as picked or dropped.
 * @param text the current corpus (the imported model trains on it; its tokenizer must cover it).
 * @param backend the backend the run will live on.
 * @param misfit the engine's check of settings against a corpus on this device.
 * @throws Error saying what is wrong with the file, or why the current text cannot be used.
 */
export function runFromImport(
  name: string,
  bytes: ArrayBuffer,
  text: CorpusSource,
  backend: RunSettings['backend'],
  misfit: (s: RunSettings, c: PreparedCorpus) => string | null,
): RunToRestore {
  const shown = echo(name); // a few dozen characters at most
  const file = importSafetensors(bytes);
  if (!file.ok) throw new Error(`${shown} cannot be imported: ${file.message}`);
  const settings: RunSettings = { ...file.settings, backend };
  const tokenizer = tokenizerFromSpec(file.tokenizer);
  const choice = tokenizer.kind === 'bpe' ? { kind: 'bpe' as const, vocabSize: tokenizer.vocabSize } : { kind: 'char' as const };
  let prepared: ReturnType<typeof prepareCorpus>;
  try {
    prepared = prepareCorpus(text, choice, settings.blockSize, undefined, tokenizer);
  } catch (e) {
    // A character model meets a character outside its alphabet.
    throw new Error(`${shown} cannot learn ${text.name}: ${errorMessage(e)} Load the text it was trained on, then import it again.`);
  }
  if (!prepared.ok) throw new Error(`${shown} cannot learn ${text.name}: ${prepared.message}`);
  const checkpoint: SessionCheckpoint = {
    step: file.step,
    elapsedMs: 0,
    evaluatedAt: -1,
    sampledAt: -1,
    batchRng: createRng(settings.seed + BATCH_SEED).save(),
    weights: file.weights,
    optimizer: { step: file.step, m: zeros(file.weights), v: zeros(file.weights) },
    history: emptyHistory(),
  };
  const problem = misfit(settings, prepared.corpus) ?? checkpointProblem(checkpoint, gptConfigOf(settings, prepared.corpus));
  if (problem) throw new Error(`${shown} cannot be used here: ${problem}`);
  return { settings, corpus: prepared.corpus, from: { checkpoint, savedId: newSavedId() }, group: 'own' };
}
