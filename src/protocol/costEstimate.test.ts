// The estimator's table at a known device rate, 1 GFLOP/s, default cluster (8 × 312 TFLOP/s at
// 30 %, $2/GPU-hour). Expected values from /usr/bin/python3 with the same formulas:
//   F = flops_per_token * tokens; device = F / 1e9; cluster = F / (8 * 312e12 * 0.3);
//   cost = cluster / 3600 * 8 * 2
// gpt2  as trained: F 8.551665e18, device 270.986 years, cluster 0.132182 days, $50.7577
// xl    as trained: F 1.027956e21, device 32,573.9 years, cluster 15.8889 days, $6,101.35
// xl    chinchilla: tokens 31,119,456,000, F 3.198942e20, cluster 4.94455 days
// gpt3  as trained: F 3.229397e23, device 1.02333e7 years, cluster 4,991.62 days, $1.91678e6
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTER, estimateTable } from './costEstimate';
import { formatDollars, formatSpan } from './units';

const YEAR = 365.25 * 86_400;
const DAY = 86_400;
const rows = estimateTable(1e9);
const row = (name: string, budget: string) => {
  const r = rows.find((x) => x.name.startsWith(name) && x.budget === budget);
  if (!r) throw new Error(`no row ${name} ${budget}`);
  return r;
};

describe('estimateTable', () => {
  it('has each model as trained and Chinchilla-optimal', () => {
    expect(rows.map((r) => `${r.name}/${r.budget}`)).toEqual([
      'GPT-2 small (124M)/as trained',
      'GPT-2 small (124M)/Chinchilla-optimal',
      'GPT-2 XL (1.5B)/as trained',
      'GPT-2 XL (1.5B)/Chinchilla-optimal',
      'GPT-3 (175B)/as trained',
      'GPT-3 (175B)/Chinchilla-optimal',
    ]);
  });

  it('matches the Python figures at 1 GFLOP/s', () => {
    const small = row('GPT-2 small', 'as trained');
    expect(small.totalFlops / 8.551665e18).toBeCloseTo(1, 6);
    expect(small.deviceSeconds / YEAR).toBeCloseTo(270.986, 2);
    expect(small.clusterSeconds / DAY).toBeCloseTo(0.132182, 5);
    expect(small.cost).toBeCloseTo(50.7577, 3);
    const xl = row('GPT-2 XL', 'as trained');
    expect(xl.totalFlops / 1.027956e21).toBeCloseTo(1, 6);
    expect(xl.deviceSeconds / YEAR).toBeCloseTo(32_573.9, 0);
    expect(xl.clusterSeconds / DAY).toBeCloseTo(15.8889, 3);
    expect(xl.cost).toBeCloseTo(6101.35, 1);
    const xlOptimal = row('GPT-2 XL', 'Chinchilla-optimal');
    expect(xlOptimal.tokens).toBe(31_119_456_000);
    expect(xlOptimal.clusterSeconds / DAY).toBeCloseTo(4.94455, 4);
    const gpt3 = row('GPT-3', 'as trained');
    expect(gpt3.deviceSeconds / YEAR / 1.02333e7).toBeCloseTo(1, 4);
    expect(gpt3.clusterSeconds / DAY).toBeCloseTo(4991.62, 1);
    expect(gpt3.cost / 1.91678e6).toBeCloseTo(1, 4);
  });

  it('reads as people say it', () => {
    expect(formatSpan(row('GPT-2 XL', 'as trained').deviceSeconds)).toBe('33,000 years');
    expect(formatSpan(row('GPT-2 XL', 'as trained').clusterSeconds)).toBe('16 days');
    expect(formatSpan(row('GPT-3', 'as trained').deviceSeconds)).toBe('10 million years');
    expect(formatDollars(row('GPT-3', 'as trained').cost)).toBe('$1.9M');
  });

  it('scales with the assumptions and has no device time before a measurement', () => {
    const unmeasured = estimateTable(undefined);
    expect(unmeasured.every((r) => r.deviceSeconds === Infinity)).toBe(true);
    const twice = estimateTable(1e9, { ...DEFAULT_CLUSTER, utilisation: 0.6, pricePerGpuHour: 4 });
    expect(twice[2].clusterSeconds).toBeCloseTo(rows[2].clusterSeconds / 2, 3);
    expect(twice[2].cost).toBeCloseTo(rows[2].cost, 3);
  });
});
