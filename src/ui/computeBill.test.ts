// The bill from known points: baby on 65 characters costs 5,203,200 FLOPs per token (nanoGPT's
// estimate_mfu, protocol/flops.test.ts); small (L 6, d 192, T 128) on 65 characters, by
// /usr/bin/python3: N = V·d + L·(12d² + 13d) + 2d; 6·N + 12·L·d·T = 17,861,760.
import { describe, expect, it } from 'vitest';
import { energyKwh, runBill } from './computeBill';

const baby = { preset: 'baby', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, vocabSize: 65, params: 809_856, flopsPerToken: 0 };

describe('runBill', () => {
  it('spends FLOPs per token × tokens, at tokens/s × FLOPs per token', () => {
    const points = [
      { step: 0, tokens: 768, trainLoss: 4, elapsedMs: 500 },
      { step: 9, tokens: 7680, trainLoss: 3, elapsedMs: 10_000, tokensPerSecond: 800 },
      { step: 10, tokens: 8448, trainLoss: 3, elapsedMs: 11_000 },
    ];
    const bill = runBill(baby, 'baby', points, 5_203_200 * 800);
    expect(bill.flopsPerToken).toBe(5_203_200);
    expect(bill.tokens).toBe(8448);
    expect(bill.spentFlops).toBe(5_203_200 * 8448);
    expect(bill.flopsPerSecond).toBe(5_203_200 * 800);
    expect(bill.trainingSeconds).toBe(11);
    expect(bill.next?.preset).toBe('small');
    expect(bill.next?.flopsPerToken).toBe(17_861_760);
    expect(bill.next?.seconds).toBeCloseTo((17_861_760 * 8448) / (5_203_200 * 800), 9);
  });

  it('has no rate before one is measured, and no next preset after large', () => {
    const bill = runBill(baby, 'baby', [{ step: 0, tokens: 768, trainLoss: 4, elapsedMs: 500 }]);
    expect(bill.flopsPerSecond).toBeUndefined();
    expect(bill.next?.seconds).toBe(Infinity);
    expect(runBill({ ...baby, nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256 }, 'large', []).next).toBeNull();
  });

  it('turns watts and seconds into kWh', () => {
    expect(energyKwh(300, 3600)).toBeCloseTo(0.3, 12);
  });
});
