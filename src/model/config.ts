// GPT shape facts that follow from the config (declared in protocol/gptConfig.ts): every
// parameter with its GPT-2 name, shape and init, the parameter count, and training FLOPs.
import type { GPTConfig } from '../protocol/gptConfig';
import { headProblem } from '../protocol/gptConfig';

export type { GPTConfig };

/** How a parameter starts: N(0, 0.02), the scaled residual N(0, 0.02/√(2·nLayer)), 0 or 1. */
export type Init = 'normal' | 'residual' | 'zeros' | 'ones';

export interface ParamSpec {
  /** GPT-2 name: `wte.weight`, `h.0.attn.c_attn.weight`, … */
  name: string;
  /** Linears are [in, out], as GPT-2's Conv1D. */
  shape: number[];
  init: Init;
}

/** Problems with a config, in words a person can act on; empty when it is valid. */
export function validateGPTConfig(c: GPTConfig): string[] {
  const errors: string[] = [];
  for (const key of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) errors.push(`${key} must be a positive integer`);
  }
  const heads = errors.length === 0 ? headProblem(c) : null;
  if (heads) errors.push(heads);
  return errors;
}

/** Every parameter in a fixed order (the order random numbers are drawn in), with its init. */
export function paramSpecs(c: GPTConfig): ParamSpec[] {
  const C = c.nEmbd;
  const specs: ParamSpec[] = [
    { name: 'wte.weight', shape: [c.vocabSize, C], init: 'normal' },
    { name: 'wpe.weight', shape: [c.blockSize, C], init: 'normal' },
  ];
  for (let i = 0; i < c.nLayer; i++) {
    const h = `h.${i}`;
    specs.push(
      { name: `${h}.ln_1.weight`, shape: [C], init: 'ones' },
      { name: `${h}.ln_1.bias`, shape: [C], init: 'zeros' },
      { name: `${h}.attn.c_attn.weight`, shape: [C, 3 * C], init: 'normal' },
      { name: `${h}.attn.c_attn.bias`, shape: [3 * C], init: 'zeros' },
      { name: `${h}.attn.c_proj.weight`, shape: [C, C], init: 'residual' },
      { name: `${h}.attn.c_proj.bias`, shape: [C], init: 'zeros' },
      { name: `${h}.ln_2.weight`, shape: [C], init: 'ones' },
      { name: `${h}.ln_2.bias`, shape: [C], init: 'zeros' },
      { name: `${h}.mlp.c_fc.weight`, shape: [C, 4 * C], init: 'normal' },
      { name: `${h}.mlp.c_fc.bias`, shape: [4 * C], init: 'zeros' },
      { name: `${h}.mlp.c_proj.weight`, shape: [4 * C, C], init: 'residual' },
      { name: `${h}.mlp.c_proj.bias`, shape: [C], init: 'zeros' },
    );
  }
  specs.push({ name: 'ln_f.weight', shape: [C], init: 'ones' }, { name: 'ln_f.bias', shape: [C], init: 'zeros' });
  return specs;
}

/** Elements in a tensor of this shape. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Parameter count: the sum over paramSpecs, the head tied to wte so counted once (as nanoGPT
 * reports it, but here including position embeddings).
 */
export const countParams = (c: GPTConfig): number => paramSpecs(c).reduce((sum, p) => sum + sizeOf(p.shape), 0);
