// The current model as a file a person downloads: safetensors bytes (model/exportModel.ts) and a
// name that says what it is ("moby-dick-step1200.safetensors").
import { exportSafetensors } from '../model/exportModel';
import type { TrainingSession } from '../train/session';

/**
 * @throws Error while training: the weights would change between the reads.
 * @returns the file's bytes as a transferable ArrayBuffer, and its name.
 */
export async function exportModel(session: TrainingSession): Promise<{ fileName: string; bytes: ArrayBuffer }> {
  if (session.runState === 'running') throw new Error('Pause training to export: the weights would change while they are read.');
  const { settings, corpus } = session;
  const step = session.stepsTrained;
  const file = await exportSafetensors(session.model, { tokenizer: corpus.tokenizer.spec(), settings, step });
  const slug =
    corpus.source.name
      .toLowerCase()
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'model';
  const bytes = new ArrayBuffer(file.byteLength); // a plain buffer of its own, to transfer
  new Uint8Array(bytes).set(file);
  return { fileName: `${slug}-step${step}.safetensors`, bytes };
}
