// What the page is told about a run before it trains: the model (its config, parameter count and
// FLOPs per token) and the corpus (size, vocabulary, split, preview, notices), and whether the
// settings can train on the corpus at all.
import { countParams } from '../model/config';
import { opsFor } from '../kernels/ops';
import { flopsPerToken } from '../protocol/flops';
import { previewOf, type PreparedCorpus } from '../data/prepare';
import type { GPTConfig } from '../protocol/gptConfig';
import { longestContext, tokenUnit, type CorpusSummary, type ModelSummary } from '../protocol/reports';
import { PRESETS, presetLabel, type BackendName, type RunSettings } from '../protocol/settings';
import type { BackendInfo } from '../protocol/reports';
import { resourceMisfit } from '../protocol/resources';
import { runMemoryMisfit } from '../protocol/runMemory';

/** The model these settings build on this corpus's vocabulary. */
export const gptConfigOf = (s: RunSettings, corpus: PreparedCorpus): GPTConfig => ({
  vocabSize: corpus.tokenizer.vocabSize,
  blockSize: s.blockSize,
  nLayer: s.nLayer,
  nHead: s.nHead,
  nEmbd: s.nEmbd,
});

/**
 * The model these settings build, as the page shows it; with the backend known, also the
 * implementation its step runs, in words ("WebGPU kernels": kernels/ops.ts opsFor).
 */
export function modelSummary(s: RunSettings, corpus: PreparedCorpus, backend?: BackendName): ModelSummary {
  const c = gptConfigOf(s, corpus);
  const ops = backend ? { ops: opsFor(backend, s.kernels).label } : {};
  return { ...c, preset: presetLabel(s), params: countParams(c), flopsPerToken: flopsPerToken(c), ...ops };
}

export function corpusSummary(corpus: PreparedCorpus): CorpusSummary {
  const { source, characters, tokenizer, tokenizerChoice, split, notices, firstMerges } = corpus;
  return {
    name: source.name,
    origin: source.origin,
    names: source.names,
    bytes: source.bytes,
    characters,
    tokenizer: tokenizerChoice,
    vocabSize: tokenizer.vocabSize,
    tokens: split.train.length + split.val.length,
    trainTokens: split.train.length,
    valTokens: split.val.length,
    preview: previewOf(source.text),
    notices,
    firstMerges,
  };
}

/** Why these settings cannot train on this corpus (context longer than a split), or null. */
export function corpusMisfit(s: RunSettings, corpus: PreparedCorpus): string | null {
  const { train, val } = corpus.split;
  const longest = longestContext({ trainTokens: train.length, valTokens: val.length });
  if (s.blockSize <= longest) return null;
  const unit = `${tokenUnit(corpus.tokenizer)}s`;
  return `A context of ${s.blockSize} is too long for ${corpus.source.name}: its validation part has ${Math.min(train.length, val.length)} ${unit}, so the context can be at most ${longest}. Lower the context or use a longer text.`;
}

/**
 * Why these settings cannot train this corpus on this backend, or null: the corpus (corpusMisfit),
 * the largest tensor against the backend's per-tensor limit (resourceMisfit), and the whole run's
 * memory where the backend's is known (runMemoryMisfit). Checked before anything is allocated.
 */
export function deviceMisfit(s: RunSettings, corpus: PreparedCorpus, backend: BackendInfo | null): string | null {
  const vocab = corpus.tokenizer.vocabSize;
  return (
    corpusMisfit(s, corpus) ??
    (backend
      ? (resourceMisfit(s, vocab, backend.tensorLimit) ?? runMemoryMisfit(s, vocab, countParams(gptConfigOf(s, corpus)), backend.name))
      : null)
  );
}

/**
 * Settings for a run that has nothing to keep (a new corpus, a link): these, or when they do not
 * fit (deviceMisfit) the preset's own shape, with a notice saying why.
 * @throws Error with the misfit when the preset's shape does not fit either.
 */
export function fittingSettings(
  s: RunSettings,
  corpus: PreparedCorpus,
  backend: BackendInfo | null,
): { settings: RunSettings; notice?: string } {
  const misfit = deviceMisfit(s, corpus, backend);
  if (!misfit) return { settings: s };
  const fallback = { ...s, ...PRESETS[s.preset] };
  if (deviceMisfit(fallback, corpus, backend)) throw new Error(misfit);
  return { settings: fallback, notice: `${misfit} The ${s.preset} preset's shape is used instead.` };
}
