// What the worker reports about the run, the corpus, the backend and the model: plain data,
// declared once as schemas (types inferred) so both ends parse it deeply.
import * as v from 'valibot';
import { GPTConfigSchema } from './gptConfig';
import { BACKENDS } from './settings';
import { BPE_VOCAB_RANGE } from './limits';
import { numberIn } from './range';
import { TextOriginSchema } from './texts';

/** A count or an id: a whole number ≥ 0. */
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const TokenizerChoiceSchema = v.variant('kind', [
  v.object({ kind: v.literal('char') }),
  v.object({ kind: v.literal('bpe'), vocabSize: numberIn(BPE_VOCAB_RANGE) }),
]);
export type TokenizerChoice = v.InferOutput<typeof TokenizerChoiceSchema>;

export const BackendInfoSchema = v.object({
  /** The backend in use. */
  name: v.picklist(BACKENDS),
  /** What the adapter says it is, e.g. "SwiftShader Device (Subzero)" or "NVIDIA GeForce RTX 4070". */
  adapterDescription: v.optional(v.string()),
  /** A software WebGPU adapter (SwiftShader): real WebGPU, running on the CPU. */
  isFallbackAdapter: v.optional(v.boolean()),
  /** The settings or the link asked for this backend. */
  requested: v.optional(v.boolean()),
  /** Why a better backend was not used (set when it is neither WebGPU nor the one asked for). */
  fallbackReason: v.optional(v.string()),
  /** The largest tensor this backend can hold, in float32 elements, and where that limit comes from. */
  tensorLimit: v.object({ elements: v.pipe(v.number(), v.minValue(1)), source: v.string() }),
});
export type BackendInfo = v.InferOutput<typeof BackendInfoSchema>;

/** A backend as the page names it. */
export const BACKEND_NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU (JavaScript)' } as const;

export const CorpusSummarySchema = v.object({
  name: v.string(),
  /** A bundled book, a lab task or the person's own text (protocol/texts.ts). */
  origin: TextOriginSchema,
  /** Files joined into it, in order. */
  names: v.array(v.string()),
  bytes: count,
  /** Code points, what a person calls characters. */
  characters: count,
  tokenizer: TokenizerChoiceSchema,
  vocabSize: count,
  tokens: count,
  trainTokens: count,
  valTokens: count,
  /** The first ~500 characters. */
  preview: v.string(),
  /** Things the person should know (bytes replaced, a very large alphabet). */
  notices: v.array(v.string()),
  /** BPE: the first merges learned, as token text. */
  firstMerges: v.array(v.string()),
});
export type CorpusSummary = v.InferOutput<typeof CorpusSummarySchema>;

/** The model as the page shows it: its config plus what follows from it. */
export const ModelSummarySchema = v.object({
  ...GPTConfigSchema.entries,
  /** The preset's name, or "custom (from …)" when the shape was changed. */
  preset: v.string(),
  params: count,
  /** Training FLOPs per token, ≈ 6·N. */
  flopsPerToken: v.number(),
  /** The implementation the step runs, in words: "WebGPU kernels", "WebAssembly kernels" or "reference ops". */
  ops: v.optional(v.string()),
});
export type ModelSummary = v.InferOutput<typeof ModelSummarySchema>;

/** One training step as the charts see it. */
export const MetricPointSchema = v.object({
  step: count,
  /** Tokens trained on, this step included. */
  tokens: count,
  trainLoss: v.number(),
  /** Smoothed over read intervals; absent while shaders compile (the first step). */
  tokensPerSecond: v.optional(v.number()),
  /** Running time so far, pauses excluded. */
  elapsedMs: v.number(),
});
export type MetricPoint = v.InferOutput<typeof MetricPointSchema>;

/** Mean loss over the fixed validation windows, taken before the step of that number. */
export const EvalPointSchema = v.object({
  step: count,
  valLoss: v.number(),
  /** Loss late in the context minus loss early in it, nats (Olsson et al. 2022): below 0 = the model uses its context. */
  inContext: v.optional(v.number()),
});
export type EvalPoint = v.InferOutput<typeof EvalPointSchema>;

/** 'failed': the loop threw in a way Resume cannot mend (out of device memory, a lost device); only a new run helps. */
export const RUN_STATES = ['idle', 'running', 'paused', 'done', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** The periodic training sample: fixed seed and prompt, so only the weights differ. */
export const SampleSchema = v.object({
  step: count,
  text: v.string(),
  /** Pause stopped it part-way; the text is what it wrote until then. */
  cut: v.optional(v.boolean()),
  /** Share of its whole words that are words of the corpus, 0–1 (data/realWords.ts); absent with no whole word. */
  realWordShare: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** Its loss under the weights that wrote it, nats per character (model/sequenceLoss.ts); absent when cut. */
  lossPerChar: v.optional(v.pipe(v.number(), v.minValue(0))),
});
export type Sample = v.InferOutput<typeof SampleSchema>;

/** What one token is, for every unit the page shows: a character, or a BPE token. */
export const tokenUnit = (tokenizer: Pick<TokenizerChoice, 'kind'> | undefined): 'character' | 'token' =>
  tokenizer?.kind === 'bpe' ? 'token' : 'character';

/**
 * The longest context this corpus can train with: each split must hold one window of
 * context + 1 tokens (inputs and their next tokens; data/dataset.ts).
 */
export const longestContext = (c: Pick<CorpusSummary, 'trainTokens' | 'valTokens'>): number => Math.min(c.trainTokens, c.valTokens) - 1;
