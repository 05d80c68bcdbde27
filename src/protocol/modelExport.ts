// What a person can take a model away as, and the one naming scheme every exported file follows:
// `<text>-step<N>` ("moby-dick-step1200"), then `.safetensors`, `.run.json` or `-hf.zip`.
import * as v from 'valibot';

/** `safetensors`: our own file (the page imports it back); `huggingface`: a folder transformers loads, zipped. */
export const MODEL_EXPORT_FORMATS = ['safetensors', 'huggingface'] as const;
export const ModelExportFormatSchema = v.picklist(MODEL_EXPORT_FORMATS);
export type ModelExportFormat = v.InferOutput<typeof ModelExportFormatSchema>;

/**
 * The stem every export of a run shares: the text's name in lower-case words joined by '-' (its
 * file extension dropped), then `-step` and the steps trained. "Moby Dick", 1200 → "moby-dick-step1200".
 */
export function exportFileStem(textName: string, step: number): string {
  const slug =
    textName
      .toLowerCase()
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'model';
  return `${slug}-step${step}`;
}
