// Training compute of a GPT, counted as nanoGPT's `estimate_mfu` counts it (model.py, after the
// PaLM paper's appendix B): N = parameters without the position embeddings, and per token
//   flops_per_token = 6·N + 12·L·H·Q·T   (Q = d/H, so the attention term is 12·L·d·T)
// 6·N is the matmuls (2N forward, 4N backward; Kaplan et al. 2020); 12·L·d·T is attention's
// q·kᵀ and att·v, which have no parameters. Plus Chinchilla's compute-optimal token count
// (Hoffmann et al. 2022). Pure arithmetic on the shape, so every floor (and the page) can use it.
import type { GPTConfig } from './gptConfig';

/** The shape fields the count needs (a GPTConfig fits; nHead cancels out: H·Q = d). */
export type FlopShape = Pick<GPTConfig, 'nLayer' | 'nEmbd' | 'blockSize' | 'vocabSize'>;

/**
 * Every parameter of our GPT (nanoGPT with bias=True, head tied to wte, so counted once):
 * wte V·d + wpe T·d + L·(12d² + 13d) + ln_f 2d. Per block: ln_1 2d, c_attn 3d²+3d, c_proj d²+d,
 * ln_2 2d, c_fc 4d²+4d, mlp.c_proj 4d²+d. Equals model/config.ts countParams (tested there).
 */
export function gptParams(c: FlopShape): number {
  const d = c.nEmbd;
  return c.vocabSize * d + c.blockSize * d + c.nLayer * (12 * d * d + 13 * d) + 2 * d;
}

/** nanoGPT's `get_num_params(non_embedding=True)`: all parameters minus wpe (T·d). */
export const nonEmbeddingParams = (c: FlopShape): number => gptParams(c) - c.blockSize * c.nEmbd;

/**
 * Training FLOPs per token, forward + backward, exactly nanoGPT's estimate_mfu:
 * 6·N + 12·L·d·T, with N = nonEmbeddingParams, T = the context length (blockSize).
 */
export const flopsPerToken = (c: FlopShape): number => 6 * nonEmbeddingParams(c) + 12 * c.nLayer * c.nEmbd * c.blockSize;

/** Tokens one optimizer step trains on: batchSize sequences of blockSize tokens. */
export const tokensPerStep = (blockSize: number, batchSize: number): number => blockSize * batchSize;

/** FLOPs of one training step (nanoGPT's flops_per_iter with one micro-step): per token × B·T. */
export const flopsPerStep = (c: FlopShape, batchSize: number): number => flopsPerToken(c) * tokensPerStep(c.blockSize, batchSize);

/** Compute spent on `tokens` training tokens, FLOPs. */
export const trainingFlops = (perToken: number, tokens: number): number => perToken * tokens;

/** Achieved FLOP/s from a measured token rate (tokens/s × FLOPs per token). */
export const achievedFlopsPerSecond = (perToken: number, tokensPerSecond: number): number => perToken * tokensPerSecond;

/** Model FLOPs utilisation: achieved / peak (nanoGPT's mfu), a fraction. */
export const mfu = (achieved: number, peak: number): number => achieved / peak;

/** Hoffmann et al. 2022 ("Chinchilla"): compute-optimal training uses ≈ 20 tokens per parameter. */
export const CHINCHILLA_TOKENS_PER_PARAM = 20;

/** Compute-optimal training tokens for a model of `params` parameters (Hoffmann et al. 2022). */
export const chinchillaTokens = (params: number): number => CHINCHILLA_TOKENS_PER_PARAM * params;

/** Seconds to do `flops` at `flopsPerSecond`; Infinity when the rate is 0 or unknown. */
export const secondsFor = (flops: number, flopsPerSecond: number): number =>
  flopsPerSecond > 0 && Number.isFinite(flopsPerSecond) ? flops / flopsPerSecond : Infinity;

/** Joules per kilowatt-hour. */
export const JOULES_PER_KWH = 3.6e6;
