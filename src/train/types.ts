// What a training run reports about itself: plain data that crosses the worker boundary as is
// (worker/protocol.ts carries these in its events).
import type { BackendName } from './settings';
import type { TokenizerChoice } from '../data/prepare';

export type { TokenizerChoice };

export interface BackendInfo {
  /** The backend in use. */
  name: BackendName;
  /** What the adapter says it is, e.g. "SwiftShader Device (Subzero)" or "NVIDIA GeForce RTX 4070". */
  adapterDescription?: string;
  /** A software WebGPU adapter (SwiftShader): real WebGPU, running on the CPU. */
  isFallbackAdapter?: boolean;
  /** Why a better backend was not used (set whenever name is not webgpu). */
  fallbackReason?: string;
}

export interface CorpusSummary {
  name: string;
  /** Files joined into it, in order. */
  names: string[];
  bytes: number;
  characters: number;
  tokenizer: TokenizerChoice;
  vocabSize: number;
  tokens: number;
  trainTokens: number;
  valTokens: number;
  /** The first ~500 characters. */
  preview: string;
  /** Things the person should know (decoded as Windows-1252, a very large alphabet). */
  notices: string[];
  /** BPE: the first merges learned, as token text. */
  firstMerges: string[];
}

export interface ModelSummary {
  /** The preset's name, or "custom (from …)" when the shape was changed. */
  preset: string;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  blockSize: number;
  vocabSize: number;
  params: number;
  flopsPerToken: number;
}

/** One training step as the charts see it. */
export interface MetricPoint {
  step: number;
  /** Tokens trained on, this step included. */
  tokens: number;
  trainLoss: number;
  lr: number;
  /** Smoothed (moving average over read intervals); absent while shaders compile (the first step). */
  tokensPerSecond?: number;
  /** Running time so far, pauses excluded. */
  elapsedMs: number;
}

/** Mean loss over the fixed validation windows, taken before the step of that number. */
export interface EvalPoint {
  step: number;
  valLoss: number;
}

export type RunState = 'idle' | 'running' | 'paused' | 'done';

export interface Sample {
  step: number;
  text: string;
}


/** A person's prompt and how to sample its continuation. */
export interface GenerateRequest {
  prompt: string;
  temperature: number;
  topK: number;
  maxNewTokens: number;
}
