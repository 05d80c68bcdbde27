// Seeded pseudo-random numbers (mulberry32), so "same seed, same run" holds on every backend:
// parameter init, batch windows and sampling all draw from here, never from Math.random.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Where the stream is now: `restoreRng(saved)` continues it exactly (saved runs). */
  save(): RngState;
}

/** A generator's whole state: mulberry32's counter and Box–Muller's second normal, if drawn. */
export interface RngState {
  state: number;
  spare: number | null;
}

/** A mulberry32 stream from `seed`. */
export function createRng(seed: number): Rng {
  return restoreRng({ state: seed >>> 0, spare: null });
}

/** The stream a `save()` left off at, continued exactly. */
export function restoreRng(from: RngState): Rng {
  let state = from.state >>> 0;
  let spare = from.spare;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u = 1 - next(); // (0, 1]: log(u) is finite
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    save: () => ({ state, spare }),
  };
}
