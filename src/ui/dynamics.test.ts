// Chart rows from samples and the phases where the real-word share crosses its thresholds.
import { describe, expect, it } from 'vitest';
import { dynamicsRows, phaseCrossings, phaseMarks, phaseOf } from './dynamics';

const samples = [
  { step: 500, text: 'the whale and the sea', realWordShare: 0.9, lossPerChar: 1.4 },
  { step: 0, text: 'xQ;z', realWordShare: 0.05, lossPerChar: 4.4 },
  { step: 250, text: 'the wha', realWordShare: 0.55, lossPerChar: 2.1 },
  { step: 100, text: 'th e h', realWordShare: 0.25 },
  { step: 600, text: 'cut', cut: true },
];

describe('dynamics', () => {
  it('orders rows by step, in percent, without made-up values', () => {
    const rows = dynamicsRows(samples);
    expect(rows.map((r) => r.step)).toEqual([0, 100, 250, 500, 600]);
    expect(rows[1]).toEqual({ step: 100, text: 'th e h', realWords: 25 });
    expect(rows[4]).toEqual({ step: 600, text: 'cut' });
  });

  it('marks each phase at its first crossing', () => {
    expect(phaseCrossings(dynamicsRows(samples)).map((c) => [c.phase.name, c.step])).toEqual([
      ['letters & spaces', 100],
      ['words', 250],
      ['phrases', 500],
    ]);
    expect(phaseCrossings(dynamicsRows(samples.slice(1, 2)))).toEqual([]);
    // Two phases reached by one sample share its mark.
    expect(phaseMarks(dynamicsRows([samples[1], { step: 50, text: 'the', realWordShare: 0.6 }]))).toEqual([
      { step: 50, label: 'letters & spaces, words' },
    ]);
  });

  it('names the phase of a share', () => {
    expect(phaseOf(0.05)).toBe('random');
    expect(phaseOf(0.1)).toBe('letters & spaces');
    expect(phaseOf(0.6)).toBe('words');
    expect(phaseOf(0.95)).toBe('phrases');
  });
});
