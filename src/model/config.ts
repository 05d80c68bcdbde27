// GPT shape: the few numbers that fix the architecture (nanoGPT's GPTConfig, minus dropout and
// bias: we always use biases and no dropout). Training hyperparameters live in train/settings.ts.

export interface GPTConfig {
  vocabSize: number;
  /** Context length: the most tokens the model attends over. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  /** Width of the residual stream. */
  nEmbd: number;
}

/** Problems with a config, in words a person can act on; empty when it is valid. */
export function validateGPTConfig(c: GPTConfig): string[] {
  const errors: string[] = [];
  for (const key of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) errors.push(`${key} must be a positive integer`);
  }
  if (errors.length === 0 && c.nEmbd % c.nHead !== 0) {
    errors.push(`nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
  }
  return errors;
}

/**
 * Parameter count, the head tied to wte so counted once (as nanoGPT reports it, but here
 * including position embeddings).
 */
export function countParams(c: GPTConfig): number {
  const C = c.nEmbd;
  const perBlock =
    2 * C + // ln_1
    C * 3 * C + 3 * C + // attn.c_attn
    C * C + C + // attn.c_proj
    2 * C + // ln_2
    C * 4 * C + 4 * C + // mlp.c_fc
    4 * C * C + C; // mlp.c_proj
  return c.vocabSize * C + c.blockSize * C + c.nLayer * perBlock + 2 * C;
}

/** Training compute per token: ≈ 6·N FLOPs (2N forward, 4N backward; Kaplan et al. 2020). */
export function trainFlopsPerToken(c: GPTConfig): number {
  return 6 * countParams(c);
}
