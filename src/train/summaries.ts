// What the page is told about a run before it trains: the model (its config, parameter count and
// FLOPs per token) and the corpus (size, vocabulary, split, preview, notices), and whether the
// settings can train on the corpus at all.
import { countParams, trainFlopsPerToken } from '../model/config';
import { previewOf, type PreparedCorpus } from '../data/prepare';
import type { GPTConfig } from '../protocol/gptConfig';
import { longestContext, tokenUnit, type CorpusSummary, type ModelSummary } from '../protocol/reports';
import { presetLabel, type RunSettings } from '../protocol/settings';

/** The model these settings build on this corpus's vocabulary. */
export const gptConfigOf = (s: RunSettings, corpus: PreparedCorpus): GPTConfig => ({
  vocabSize: corpus.tokenizer.vocabSize, blockSize: s.blockSize, nLayer: s.nLayer, nHead: s.nHead, nEmbd: s.nEmbd,
});

export function modelSummary(s: RunSettings, corpus: PreparedCorpus): ModelSummary {
  const c = gptConfigOf(s, corpus);
  return { ...c, preset: presetLabel(s), params: countParams(c), flopsPerToken: trainFlopsPerToken(c) };
}

export function corpusSummary(corpus: PreparedCorpus): CorpusSummary {
  const { source, characters, tokenizer, tokenizerChoice, split, notices, firstMerges } = corpus;
  return {
    name: source.name, names: source.names, bytes: source.bytes, characters, tokenizer: tokenizerChoice,
    vocabSize: tokenizer.vocabSize, tokens: split.train.length + split.val.length,
    trainTokens: split.train.length, valTokens: split.val.length, preview: previewOf(source.text), notices, firstMerges,
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
