// Files a person takes away: the model as .safetensors or as a zipped Hugging Face folder (both
// made in the worker) and the run's metrics as JSON (made here from what the charts hold), named
// alike ("moby-dick-step1200.safetensors", "moby-dick-step1200.run.json"). All download through a
// Blob URL: nothing is uploaded anywhere.
import { exportFileStem, type ModelExportFormat } from '../protocol/modelExport';
import type { PlaygroundStore, SliceContext } from './slice';
import { sayFailure } from './requests';

export interface ExportsSlice {
  /** An export the worker is writing. */
  exporting: number | null;
  /** What that export writes. */
  exportingFormat: ModelExportFormat | null;
  exportModel(): void;
  /** The model as a folder Hugging Face transformers loads, zipped; its card links back to this page. */
  exportHuggingFace(): void;
  /** Downloads the run file: settings, model and corpus summaries, metrics, evaluations, samples. */
  exportRunFile(): void;
}

/** `format` of the run file this version writes. */
export const RUN_FILE_FORMAT = 'pretrain-playground-run/1';

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // after the browser has started the download
}

/** The run as JSON: what a notebook needs to plot it again. */
export function runFile(s: PlaygroundStore): object {
  return {
    format: RUN_FILE_FORMAT,
    exportedAt: new Date().toISOString(),
    settings: s.settings,
    model: s.model,
    corpus: s.corpus && { name: s.corpus.name, bytes: s.corpus.bytes, tokenizer: s.corpus.tokenizer, vocabSize: s.corpus.vocabSize },
    step: s.step,
    points: s.points,
    evals: s.evals,
    samples: s.samples,
  };
}

/** The page's address without its query: the worker adds the run's settings to make the card's link. */
const pageAddress = (): string | undefined => (typeof location === 'undefined' ? undefined : `${location.origin}${location.pathname}`);

export const createExportsSlice = ({ set, get, request, alert }: SliceContext<keyof ExportsSlice>): ExportsSlice => {
  /** Asks the worker for the model as `format` and downloads the file it answers with. */
  const exportAs = (format: ModelExportFormat): void => {
    const address = format === 'huggingface' ? pageAddress() : undefined;
    const { requestId, answer } = request((id) => ({
      type: 'model.export',
      requestId: id,
      format,
      ...(address ? { pageAddress: address } : {}),
    }));
    set({ exporting: requestId, exportingFormat: format });
    answer
      .then((e) =>
        e.type === 'model.exported' ? download(e.fileName, new Blob([e.bytes], { type: 'application/octet-stream' })) : undefined,
      )
      .catch(sayFailure(alert))
      .finally(() => set({ exporting: null, exportingFormat: null }));
  };
  return {
    exporting: null,
    exportingFormat: null,
    exportModel: () => exportAs('safetensors'),
    exportHuggingFace: () => exportAs('huggingface'),
    exportRunFile() {
      const s = get();
      const name = `${exportFileStem(s.corpus?.name ?? 'run', s.step)}.run.json`;
      download(name, new Blob([JSON.stringify(runFile(s), null, 1)], { type: 'application/json' }));
    },
  };
};
