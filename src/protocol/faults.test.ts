import { describe, expect, it } from 'vitest';
import { parseFault } from './faults';

describe('parseFault', () => {
  it('reads each kind, with a repeat for nan', () => {
    expect(parseFault('nan@20')).toEqual({ ok: true, fault: { kind: 'nan', step: 20, repeat: 1 } });
    expect(parseFault('nan@5x3')).toEqual({ ok: true, fault: { kind: 'nan', step: 5, repeat: 3 } });
    expect(parseFault('device-lost@20')).toEqual({ ok: true, fault: { kind: 'device-lost', step: 20, repeat: 1 } });
    expect(parseFault(' worker-crash@1 ')).toEqual({ ok: true, fault: { kind: 'worker-crash', step: 1, repeat: 1 } });
  });

  it.each([
    ['nan', 'not of the form'],
    ['oom@20', '"oom" is not a fault'],
    ['device-lost@20x2', 'only nan faults repeat'],
    ['nan@0', 'between 1 and'],
    ['nan@20x99', 'between 1 and'],
    ['nan@-3', 'not of the form'],
  ])('refuses %s, saying why and what it takes', (text, why) => {
    const r = parseFault(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(why);
      expect(r.message).toContain('fault=nan@20x3');
    }
  });
});
