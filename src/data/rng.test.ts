// A saved generator state continues the stream exactly, Box–Muller's spare normal included.
import { describe, expect, it } from 'vitest';
import { createRng, restoreRng } from './rng';

describe('createRng and restoreRng', () => {
  it('is the same stream for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it.each([0, 1])('continues exactly from a saved state (%s normals drawn before saving)', (odd) => {
    const a = createRng(7);
    for (let i = 0; i < 10; i++) a.int(100);
    for (let i = 0; i < odd; i++) a.normal(); // an odd count leaves a spare normal in the state
    const saved = a.save();
    const b = restoreRng(saved);
    const draws = (r: ReturnType<typeof createRng>) => [r.normal(), r.next(), r.int(1000), r.normal(), r.normal()];
    expect(draws(b)).toEqual(draws(a));
  });

  it('saves plain data (structured-cloneable, JSON round-trips)', () => {
    const r = createRng(3);
    r.normal();
    const saved = JSON.parse(JSON.stringify(r.save())) as unknown;
    expect(saved).toEqual(r.save());
  });
});
