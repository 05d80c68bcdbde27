// The range coder and sequence coding, as property tests over seeded random distributions and
// token sequences: every sequence round-trips exactly (empty, one token, tokens at the quantisation
// floor, long runs of one token, vocabularies from 1 to thousands), the size is the information
// content to within a byte, and the encoder asks the predictor exactly what the decoder asks.
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from './rng';
import { quantise, tableFromLogits, type FrequencyTable } from './frequencies';
import { CodingStopped, decodeSequence, encodeSequence, type Predictor } from './sequenceCoder';
import { informationBits, uniformTable } from './sequenceCoder.testAid';
import { ForeignStream, MAX_TOTAL as TOTAL, RangeDecoder, RangeEncoder } from './rangeCoder';
import { OutputsNotFinite } from '../protocol/errors';

/** A predictor whose table depends on the whole prefix (a hash of it seeds the weights). */
function randomPredictor(V: number, seed: number, peaky = 1): Predictor {
  const cache = new Map<string, FrequencyTable>();
  return (prefix) => {
    const key = prefix.join(',');
    let table = cache.get(key);
    if (!table) {
      let h = seed;
      for (const t of prefix) h = Math.imul(h ^ t, 0x9e3779b1) >>> 0;
      const rng = createRng(h);
      // Some weights exactly zero (they land on the floor of 1), the rest spread over many scales.
      const w: number[] = Array.from({ length: V }, () => (rng.next() < 0.2 ? 0 : Math.exp(peaky * 8 * rng.normal())));
      if (!w.some((x) => x > 0)) w[0] = 1;
      table = quantise(w);
      cache.set(key, table);
    }
    return table;
  };
}

/** A sequence drawn from the predictor's own tables (what a good model meets), or uniformly (what a bad one meets). */
async function drawSequence(predict: Predictor, n: number, rng: Rng, uniform: boolean): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const { freq, cum } = await predict(out);
    if (uniform) out.push(rng.int(freq.length));
    else {
      const u = rng.int(TOTAL);
      let s = 0;
      while (cum[s + 1] <= u) s++;
      out.push(s);
    }
  }
  return out;
}

async function roundTrip(tokens: number[], predict: Predictor): Promise<Uint8Array> {
  const bytes = await encodeSequence(tokens, predict);
  expect(await decodeSequence(bytes, tokens.length, predict)).toEqual(tokens);
  return bytes;
}

describe('quantise', () => {
  it('gives every symbol at least 1 and sums to TOTAL, deterministically', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const V = 1 + rng.int(5000);
      const w = Array.from({ length: V }, () => (rng.next() < 0.5 ? 0 : rng.next() ** 8));
      w[rng.int(V)] = 1;
      const { freq, cum } = quantise(w);
      expect(freq.every((f) => f >= 1)).toBe(true);
      expect(cum[V]).toBe(TOTAL);
      expect(quantise(w).freq).toEqual(freq);
    }
  });
  it('refuses what it cannot code', () => {
    expect(() => quantise([])).toThrow(RangeError);
    expect(() => quantise([0, 0])).toThrow('every weight is zero');
    expect(() => quantise([1, NaN])).toThrow(RangeError);
    expect(() => tableFromLogits(Float32Array.of(0, Infinity))).toThrow(OutputsNotFinite);
    expect(() => tableFromLogits(Float32Array.of(NaN, 0))).toThrow(/not finite numbers: its weights have diverged/);
  });
  it('follows the probabilities: softmax of the logits, to a unit', () => {
    const logits = Float32Array.of(2, 0, -1, -30);
    const { freq } = tableFromLogits(logits);
    const e = [...logits].map((x) => Math.exp(x - 2));
    const sum = e.reduce((a, b) => a + b);
    e.forEach((x, i) => expect(Math.abs(freq[i] - 1 - (x / sum) * (TOTAL - 4))).toBeLessThan(4));
    expect(freq[3]).toBe(1); // p ≈ 1e-14: the floor
  });
});

describe('sequence coding round-trips', () => {
  it('an empty sequence is zero bytes and decodes to nothing', async () => {
    const predict = randomPredictor(10, 1);
    expect((await roundTrip([], predict)).length).toBe(0);
  });

  it('one token', async () => {
    for (let s = 0; s < 10; s++) await roundTrip([s], randomPredictor(10, 2));
  });

  it('a vocabulary of one costs nothing', async () => {
    const one = () => uniformTable(1);
    expect((await roundTrip(new Array(1000).fill(0), one)).length).toBe(0);
  });

  it('seeded random distributions and sequences, drawn from the model and against it', async () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 40; trial++) {
      const V = 1 + rng.int(trial < 30 ? 300 : 9000);
      const predict = randomPredictor(V, trial, 0.2 + rng.next() * 2);
      const tokens = await drawSequence(predict, rng.int(400), rng, trial % 2 === 0);
      await roundTrip(tokens, predict);
    }
  });

  it('tokens at the quantisation floor, many in a row', async () => {
    // The model is all but certain of token 0; the text is the token it gives frequency 1.
    const logits = new Float32Array(300).fill(-100);
    logits[0] = 100;
    const table = tableFromLogits(logits);
    expect(table.freq[299]).toBe(1);
    const bytes = await roundTrip(new Array(500).fill(299), () => table);
    expect(bytes.length).toBeGreaterThanOrEqual(Math.floor((500 * 20) / 8)); // log2(2^20 / 1) = 20 bits each
  });

  it('long runs of one likely token take almost nothing', async () => {
    const table = quantise([1000, 1, 1]);
    const bytes = await roundTrip(new Array(20_000).fill(0), () => table);
    expect(bytes.length).toBeLessThan(20);
    await roundTrip([...new Array(5000).fill(0), 2, ...new Array(5000).fill(0), 1], () => table);
  });

  it('carries: a stream of near-certain then unlikely symbols (0xFF runs in the output)', async () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 30; trial++) {
      const table = quantise([2 ** 20, 1, 1, 1]);
      const tokens = Array.from({ length: 3000 }, () => (rng.next() < 0.002 ? 1 + rng.int(3) : 0));
      await roundTrip(tokens, () => table);
    }
  });
});

describe('size', () => {
  it('is the information content to within a byte', async () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 30; trial++) {
      const predict = randomPredictor(2 + rng.int(200), 100 + trial);
      const tokens = await drawSequence(predict, 1 + rng.int(2000), rng, trial % 3 === 0);
      const bytes = await encodeSequence(tokens, predict);
      const ideal = (await informationBits(tokens, predict)) / 8;
      expect(bytes.length).toBeGreaterThanOrEqual(Math.ceil(ideal) - 1);
      expect(bytes.length).toBeLessThanOrEqual(Math.ceil(ideal) + 1);
    }
  });
});

describe('encoder and decoder ask the same questions', () => {
  it('the same prefixes, in the same order, one token at a time', async () => {
    const inner = randomPredictor(50, 7);
    const asked =
      (log: string[]): Predictor =>
      (prefix) => (log.push(prefix.join(',')), inner(prefix));
    const tokens = await drawSequence(inner, 300, createRng(1), false);
    const [encoded, decoded]: string[][] = [[], []];
    const bytes = await encodeSequence(tokens, asked(encoded));
    await decodeSequence(bytes, tokens.length, asked(decoded));
    expect(decoded).toEqual(encoded);
    expect(encoded).toHaveLength(tokens.length);
    expect(encoded[0]).toBe('');
  });

  it('stops when its signal aborts, and reports progress', async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    const predict = randomPredictor(20, 3);
    const run = encodeSequence(new Array(100).fill(1), predict, {
      signal: abort.signal,
      onProgress: (done) => (seen.push(done), done === 10 ? abort.abort() : undefined),
    });
    await expect(run).rejects.toBeInstanceOf(CodingStopped);
    expect(seen.at(-1)).toBe(10);
  });

  it('stops when its signal aborts during the last token (or the only one), encoding and decoding', async () => {
    const predict = randomPredictor(20, 4);
    const bytes = await encodeSequence([3], predict);
    for (const code of [
      (o: { signal: AbortSignal; onProgress(): void }) => encodeSequence([3], predict, o),
      (o: { signal: AbortSignal; onProgress(): void }) => decodeSequence(bytes, 1, predict, o),
    ]) {
      const abort = new AbortController();
      await expect(code({ signal: abort.signal, onProgress: () => abort.abort() })).rejects.toBeInstanceOf(CodingStopped);
    }
  });
});

describe('bad streams', () => {
  it('random bytes decode to tokens or a RangeError, never a hang or a crash of another kind', async () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 50; trial++) {
      const bytes = Uint8Array.from({ length: rng.int(40) }, () => rng.int(256));
      const predict = randomPredictor(30, trial);
      await decodeSequence(bytes, 100, predict).catch((e: unknown) => expect(e).toBeInstanceOf(ForeignStream));
    }
  });
  it('refuses an empty slot and encoding after finish', () => {
    const encoder = new RangeEncoder();
    expect(() => encoder.encode({ cumLow: 0, freq: 0, total: 16 })).toThrow(RangeError);
    encoder.finish();
    expect(() => encoder.encode({ cumLow: 0, freq: 1, total: 16 })).toThrow('after finish');
    expect(new RangeDecoder(new Uint8Array()).decode(Uint32Array.of(0, 1, 16))).toBe(0); // zeros past the end: the first slot
  });
});
