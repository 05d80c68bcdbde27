// FLOP counts against nanoGPT's estimate_mfu (model.py), written out in Python and run with
// /usr/bin/python3 (torch modules for the parameter count):
//   N = sum(p.numel() for p in model.parameters()) - model.transformer.wpe.weight.numel()
//   L, H, Q, T = n_layer, n_head, n_embd // n_head, block_size
//   flops_per_token = 6*N + 12*L*H*Q*T
//   flops_per_fwdbwd = flops_per_token * T;  flops_per_iter = flops_per_fwdbwd * fwdbwd_per_iter
// gpt2 (V 50257, T 1024, L 12, H 12, d 768): all 124,439,808, N 123,653,376 (nanoGPT prints
// "123.65M"), flops_per_token 855,166,464, flops_per_fwdbwd 875,690,459,136.
// baby on a 65-char vocab (T 64, L 4, H 4, d 128): all 809,856, N 801,664, flops_per_token
// 5,203,200, flops_per_iter with batch 12: 3,996,057,600; mfu at dt = 1 s vs 312e12: 1.2807876923e-5.
import { describe, expect, it } from 'vitest';
import {
  CHINCHILLA_TOKENS_PER_PARAM,
  achievedFlopsPerSecond,
  chinchillaTokens,
  flopsPerStep,
  flopsPerToken,
  gptParams,
  mfu,
  nonEmbeddingParams,
  secondsFor,
  tokensPerStep,
  trainingFlops,
} from './flops';

const gpt2 = { nLayer: 12, nHead: 12, nEmbd: 768, blockSize: 1024, vocabSize: 50_257 };
const baby = { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: 65 };

describe('nanoGPT estimate_mfu', () => {
  it('counts GPT-2 small as nanoGPT does', () => {
    expect(gptParams(gpt2)).toBe(124_439_808);
    expect(nonEmbeddingParams(gpt2)).toBe(123_653_376);
    expect(flopsPerToken(gpt2)).toBe(855_166_464);
    expect(flopsPerToken(gpt2) * gpt2.blockSize).toBe(875_690_459_136);
  });

  it('counts the baby preset, per token, per step and as MFU', () => {
    expect(gptParams(baby)).toBe(809_856);
    expect(nonEmbeddingParams(baby)).toBe(801_664);
    expect(flopsPerToken(baby)).toBe(5_203_200);
    expect(tokensPerStep(64, 12)).toBe(768);
    expect(flopsPerStep(baby, 12)).toBe(3_996_057_600);
    expect(mfu(flopsPerStep(baby, 12) / 1, 312e12)).toBeCloseTo(1.2807876923e-5, 15);
  });

  it('adds attention as 12·L·d·T on top of 6·N', () => {
    const longer = { ...baby, blockSize: 128 };
    // wpe grows but is not in N; only the attention term changes.
    expect(nonEmbeddingParams(longer)).toBe(nonEmbeddingParams(baby));
    expect(flopsPerToken(longer) - flopsPerToken(baby)).toBe(12 * 4 * 128 * 64);
  });
});

describe('compute of a run', () => {
  it('multiplies per-token FLOPs by tokens and by tokens per second', () => {
    expect(trainingFlops(5_203_200, 1000)).toBe(5_203_200_000);
    expect(achievedFlopsPerSecond(5_203_200, 300)).toBe(1_560_960_000);
  });

  it('times work at a rate, and says Infinity when there is no rate', () => {
    expect(secondsFor(1e12, 1e9)).toBe(1000);
    expect(secondsFor(1e12, 0)).toBe(Infinity);
    expect(secondsFor(1e12, NaN)).toBe(Infinity);
  });

  it('uses Chinchilla’s 20 tokens per parameter', () => {
    expect(CHINCHILLA_TOKENS_PER_PARAM).toBe(20);
    expect(chinchillaTokens(70e9)).toBe(1.4e12); // Chinchilla itself: 70B params, 1.4T tokens
  });
});
