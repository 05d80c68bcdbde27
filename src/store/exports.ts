// Files a person takes away: the model as .safetensors (made in the worker) and the run's metrics
// as JSON (made here from what the charts hold). Both download through a Blob URL: nothing is
// uploaded anywhere.
import type { PlaygroundStore, SliceContext } from './slice';

export interface ExportsSlice {
  /** An export the worker is writing. */
  exporting: number | null;
  exportModel(): void;
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

export const createExportsSlice = ({ set, get, request, alert }: SliceContext<keyof ExportsSlice>): ExportsSlice => ({
  exporting: null,
  exportModel() {
    const { requestId, answer } = request((id) => ({ type: 'model.export', requestId: id }));
    set({ exporting: requestId });
    answer
      .then((e) =>
        e.type === 'model.exported' ? download(e.fileName, new Blob([e.bytes], { type: 'application/octet-stream' })) : undefined,
      )
      .catch((e: Error) => alert(e.message))
      .finally(() => set({ exporting: null }));
  },
  exportRunFile() {
    const s = get();
    const name = `${s.model?.preset ?? 'run'}-step${s.step}.run.json`.replace(/[^a-z0-9.()-]+/gi, '-');
    download(name, new Blob([JSON.stringify(runFile(s), null, 1)], { type: 'application/json' }));
  },
});
