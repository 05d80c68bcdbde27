// The current model as a file a person downloads, named by the one scheme of protocol/modelExport.ts:
// our .safetensors (model/exportModel.ts; "moby-dick-step1200.safetensors"), or a zipped Hugging
// Face folder (model/huggingfaceExport.ts; "moby-dick-step1200-hf.zip") with what only a run knows
// measured here: the validation loss at this step and the model's logits after a prompt.
import * as tf from '@tensorflow/tfjs';
import { exportSafetensors } from '../model/exportModel';
import { checkPrompt, huggingFaceFolder, zipFolder } from '../model/huggingfaceExport';
import { forward, type GPT } from '../model/gpt';
import { readVariables } from '../model/weights';
import { fixedBatches } from '../data/dataset';
import { evaluateValidation } from '../train/evaluation';
import type { TrainingSession } from '../train/session';
import { exportFileStem } from '../protocol/modelExport';
import { settingsToParams } from '../protocol/settingsUrl';

export interface ExportedFile {
  fileName: string;
  /** A plain buffer of its own, to transfer. */
  bytes: ArrayBuffer;
}

function ownBuffer(file: Uint8Array): ArrayBuffer {
  const bytes = new ArrayBuffer(file.byteLength);
  new Uint8Array(bytes).set(file);
  return bytes;
}

function refuseWhileTraining(session: TrainingSession): void {
  if (session.runState === 'running') throw new Error('Pause training to export: the weights would change while they are read.');
}

/**
 * @throws Error while training: the weights would change between the reads.
 * @returns the .safetensors file's bytes and its name.
 */
export async function exportModel(session: TrainingSession): Promise<ExportedFile> {
  refuseWhileTraining(session);
  const { settings, corpus } = session;
  const step = session.stepsTrained;
  const file = await exportSafetensors(session.model, { tokenizer: corpus.tokenizer.spec(), settings, step });
  return { fileName: `${exportFileStem(corpus.source.name, step)}.safetensors`, bytes: ownBuffer(file) };
}

/** Logits [vocab] after the last of `ids` (one read: a sync point). */
async function nextTokenLogits(model: GPT, ids: readonly number[]): Promise<Float32Array> {
  const V = model.config.vocabSize;
  const last = tf.tidy(() => {
    const idx = tf.tensor2d(ids as number[], [1, ids.length], 'int32'); // [1, T]
    return forward(model, idx).slice([0, ids.length - 1, 0], [1, 1, V]); // [1, 1, V]
  });
  try {
    return Float32Array.from(await last.data());
  } finally {
    last.dispose();
  }
}

/**
 * The run as a Hugging Face model folder, zipped: the weights, the tokenizer, a card with the
 * validation loss measured now on the run's own validation windows, and the logits after the
 * text's opening (for scripts/check_hf_export.py).
 * @param pageAddress the page's address without its query; the card's link adds this run's settings.
 * @throws Error while training.
 */
export async function exportHuggingFace(session: TrainingSession, pageAddress?: string): Promise<ExportedFile> {
  refuseWhileTraining(session);
  const { settings, corpus, model } = session;
  const step = session.stepsTrained;
  const weights = await readVariables(model.params);
  const windows = fixedBatches(corpus.split.val, settings.evalBatches, settings.batchSize, settings.blockSize);
  const evaluated = await evaluateValidation(model, windows, () => false);
  const { prompt, ids } = checkPrompt(corpus.source.text, corpus.tokenizer, settings.blockSize);
  const logits = await nextTokenLogits(model, ids);
  const query = settingsToParams(settings).toString();
  const folderName = `${exportFileStem(corpus.source.name, step)}-hf`;
  const files = huggingFaceFolder({
    config: model.config,
    weights,
    tokenizer: corpus.tokenizer.spec(),
    settings,
    step,
    check: { prompt, ids, logits },
    card: {
      folderName,
      textName: corpus.source.name,
      textFiles: corpus.source.names,
      characters: corpus.characters,
      trainTokens: corpus.split.train.length,
      valTokens: corpus.split.val.length,
      valLoss: evaluated?.valLoss ?? null,
      link: pageAddress ? `${pageAddress}${query ? `?${query}` : ''}` : null,
    },
  });
  return { fileName: `${folderName}.zip`, bytes: ownBuffer(zipFolder(folderName, files)) };
}
