// Byte-level BPE: lossless round-trips for any string (random Unicode, lone surrogates, unseen
// characters), deterministic merges pinned to those of the first (whole-recount) trainer and
// checked against a reference trainer, GPT-2 chunking with long runs cut, and Moby Dick trained
// to 2048 ids quickly.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bpeFromMerges, MAX_CHUNK_CODE_POINTS, pretokenize, trainBpe, type BpeTokenizer } from './bpe';
import { countChars } from './corpus';
import { createRng, type Rng } from './rng';

const mobyDick = readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8');
const excerpt = mobyDick.slice(100_000, 200_000);

/** What a string becomes through UTF-8: lone surrogates turn into U+FFFD. */
const viaUtf8 = (s: string): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(s));

const ranges: [number, number][] = [
  [0x20, 0x7e], // ASCII printable
  [0xc0, 0xff], // Latin-1 accents
  [0x4e00, 0x9fff], // CJK
  [0x1f300, 0x1faff], // emoji (astral)
  [0x10000, 0x10ffff], // any astral
];
const spaces = [' ', '  ', '\n', '\n\n', '\t', ' \n ', '\u00a0', '\u3000', '   '];
const sotu = readFileSync(new URL('../../public/corpus/sotu.txt', import.meta.url), 'utf8');

/** FNV-1a (32-bit) over each merge's two ids, two bytes each: a short fingerprint of a merge list. */
function fingerprint(merges: readonly (readonly [number, number])[]): string {
  let h = 0x811c9dc5;
  for (const [a, b] of merges) {
    for (const byte of [a & 0xff, a >> 8, b & 0xff, b >> 8]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Obviously-correct BPE: recount every pair of every word before each merge. */
function referenceMerges(text: string, vocabSize: number): [number, number][] {
  const counts = new Map<string, number>();
  for (const chunk of pretokenize(text)) counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  const words = [...counts].map(([chunk, n]) => ({ ids: Array.from(new TextEncoder().encode(chunk)), n }));
  const merges: [number, number][] = [];
  while (256 + merges.length < vocabSize) {
    const pairs = new Map<number, number>(); // a·8192 + b, so smaller key = smaller (a, b)
    for (const { ids, n } of words) {
      for (let i = 0; i + 1 < ids.length; i++) {
        const key = ids[i] * 8192 + ids[i + 1];
        pairs.set(key, (pairs.get(key) ?? 0) + n);
      }
    }
    let best = -1;
    let bestCount = 0;
    for (const [key, count] of pairs) {
      if (count > bestCount || (count === bestCount && key < best)) [best, bestCount] = [key, count];
    }
    if (bestCount < 2) break;
    const [a, b, id] = [Math.floor(best / 8192), best % 8192, 256 + merges.length];
    merges.push([a, b]);
    for (const word of words) {
      const out: number[] = [];
      for (let i = 0; i < word.ids.length; i++) {
        if (word.ids[i] === a && word.ids[i + 1] === b) {
          out.push(id);
          i++; // left to right, no overlaps: "aaa" becomes [aa, a]
        } else out.push(word.ids[i]);
      }
      word.ids = out;
    }
  }
  return merges;
}

function randomString(rng: Rng, length: number, loneSurrogates = false): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const pick = rng.int(loneSurrogates ? 8 : 7);
    if (pick < ranges.length) {
      const [lo, hi] = ranges[pick];
      s += String.fromCodePoint(lo + rng.int(hi - lo + 1));
    } else if (pick < 7) s += spaces[rng.int(spaces.length)];
    else s += String.fromCharCode(0xd800 + rng.int(0x800)); // lone high or low surrogate
  }
  return s;
}

describe('pretokenize', () => {
  it('splits like GPT-2 and joins back to the text exactly', () => {
    expect(pretokenize("Call me Ishmael. I'll say 42 times!!  \n\nOk")).toEqual(
      // \s+(?!\S) leaves a run's last whitespace character to a chunk of its own (or to " word").
      ['Call', ' me', ' Ishmael', '.', ' I', "'ll", ' say', ' 42', ' times', '!!', '  \n', '\n', 'Ok'],
    );
    const rng = createRng(7);
    for (let i = 0; i < 200; i++) {
      const s = randomString(rng, rng.int(40), true);
      expect(pretokenize(s).join('')).toBe(s);
    }
    expect(pretokenize('')).toEqual([]);
  });

  it('cuts runs longer than the cap into pieces of whole code points', () => {
    const cap = MAX_CHUNK_CODE_POINTS;
    expect(pretokenize('a'.repeat(2 * cap + 5)).map((c) => c.length)).toEqual([cap, cap, 5]);
    const whales = '🐋'.repeat(cap + 1); // astral: two UTF-16 units each
    expect(pretokenize(whales)).toEqual(['🐋'.repeat(cap), '🐋']);
    const mixed = `x${'é🐋'.repeat(cap)}\uD800${'9'.repeat(cap + 1)}`;
    expect(pretokenize(mixed).join('')).toBe(mixed);
  });

  it('leaves the books as GPT-2 splits them: no chunk comes near the cap', () => {
    for (const book of [mobyDick, sotu]) {
      const longest = pretokenize(book).reduce((most, c) => Math.max(most, c.length), 0);
      expect(longest).toBeLessThan(32);
    }
  });
});

describe('BPE on an excerpt', () => {
  let tok: BpeTokenizer;
  beforeAll(() => {
    tok = trainBpe(excerpt, 600);
  });

  it('round-trips random Unicode, including characters never seen in training', () => {
    const rng = createRng(1);
    for (let i = 0; i < 300; i++) {
      const s = randomString(rng, 1 + rng.int(60));
      const { ids, skipped } = tok.encode(s);
      expect(skipped).toEqual([]);
      expect(tok.decode(ids)).toBe(s);
      expect(Array.from(tok.encodeCorpus(s))).toEqual(ids);
    }
    for (const s of ['日本語のテキスト', '🐋🐳 Ahab 👁️‍🗨️', '\uFEFFBOM first', 'naïve café', '']) {
      expect(tok.decode(tok.encode(s).ids)).toBe(s);
    }
  });

  it('turns lone surrogates into U+FFFD, as TextEncoder does, and nothing else changes', () => {
    const rng = createRng(2);
    for (let i = 0; i < 300; i++) {
      const s = randomString(rng, 1 + rng.int(60), true);
      expect(tok.decode(tok.encode(s).ids)).toBe(viaUtf8(s));
    }
    expect(tok.decode(tok.encode('a\uD800b\uDC00c').ids)).toBe('a\uFFFDb\uFFFDc');
  });

  it('decodes bytes that are not whole UTF-8 to replacement characters without throwing', () => {
    const euro = tok.encode('€').ids; // three bytes, no merge for them in an English excerpt
    expect(euro).toEqual([0xe2, 0x82, 0xac]);
    expect(tok.decode(euro.slice(0, 2))).toBe('\uFFFD');
    expect(() => tok.decode([tok.vocabSize])).toThrow(RangeError);
  });

  it('compresses text: fewer tokens than bytes', () => {
    const sample = mobyDick.slice(500_000, 520_000);
    expect(tok.encode(sample).ids.length).toBeLessThan(new TextEncoder().encode(sample).length * 0.6);
  });

  it('is rebuilt exactly from its merges', () => {
    const copy = bpeFromMerges(tok.merges);
    expect(copy.vocabSize).toBe(tok.vocabSize);
    const sample = mobyDick.slice(300_000, 330_000);
    expect(Array.from(copy.encodeCorpus(sample))).toEqual(Array.from(tok.encodeCorpus(sample)));
  });

  it('describes tokens with visible whitespace and stray bytes in hex', () => {
    const the = tok.encode(' the').ids;
    expect(the).toHaveLength(1);
    expect(tok.describeToken(the[0])).toBe('␣the');
    expect(tok.describeToken(10)).toBe('↵');
    expect(tok.describeToken(0x41)).toBe('A');
    expect(tok.describeToken(0xe2)).toBe('<e2>');
    const tokenBytes = Array.from(tok.tokenBytes(the[0]));
    expect(tokenBytes).toEqual([0x20, 0x74, 0x68, 0x65]);
  });
});

describe('BPE training', () => {
  it('gives identical merges for the same text and size, and a prefix for a smaller size', () => {
    const small = trainBpe(excerpt, 400);
    const again = trainBpe(excerpt, 400);
    const large = trainBpe(excerpt, 700);
    expect(again.merges).toEqual(small.merges);
    expect(small.merges).toHaveLength(144);
    expect(large.merges.slice(0, small.merges.length)).toEqual(small.merges);
  });

  it('learns exactly the merges the first, whole-recount trainer learned', () => {
    // Fingerprints of merge lists recorded with that trainer before it was made incremental.
    expect(fingerprint(trainBpe(excerpt, 600).merges)).toBe('00666ce5');
    expect(fingerprint(trainBpe(excerpt, 1000).merges)).toBe('2cdb2fad');
    const speeches = trainBpe(sotu, 2048).merges;
    expect([speeches.length, fingerprint(speeches)]).toEqual([1792, '95f8efba']);
  });

  it('matches a whole-recount reference trainer on random text full of runs ("aaaa", "abab")', () => {
    const rng = createRng(11);
    const pieces = ['a', 'b', 'ab', 'aa', 'ba', ' ', '\n', 'é', '🐋', '1'];
    for (let t = 0; t < 150; t++) {
      let s = '';
      const length = rng.int(t % 10 === 0 ? 1500 : 300); // some runs longer than the cap
      while (s.length < length) s += pieces[rng.int(pieces.length)].repeat(1 + rng.int(t % 3 === 0 ? 40 : 6));
      const size = 256 + rng.int(80);
      expect(trainBpe(s, size).merges).toEqual(referenceMerges(s, size));
    }
  });

  it('trains on 200 KB of one line without spaces (random ACGT) and round-trips it', () => {
    const rng = createRng(3);
    let dna = '';
    for (let i = 0; i < 200_000; i++) dna += 'ACGT'[rng.int(4)];
    const tok = trainBpe(dna, 1024);
    expect(tok.vocabSize).toBe(1024);
    const ids = tok.encodeCorpus(dna);
    expect(ids.length).toBeLessThan(dna.length / 3);
    expect(tok.decode(Array.from(ids))).toBe(dna);
  });

  it('with vocabSize 256 learns nothing and encodes raw UTF-8 bytes', () => {
    const tok = trainBpe(excerpt, 256);
    expect(tok.merges).toEqual([]);
    expect(tok.vocabSize).toBe(256);
    const s = 'Ahab é 🐋';
    expect(tok.encode(s).ids).toEqual(Array.from(new TextEncoder().encode(s)));
  });

  it('stops early when no pair occurs twice, and says how big the vocabulary really is', () => {
    // "abab" and " abab": ab (4×), then ab+ab (2×); every pair left occurs once.
    const tok = trainBpe('abab abab xyz', 1000);
    expect(tok.merges).toEqual([
      [97, 98],
      [256, 256],
    ]);
    expect(tok.vocabSize).toBe(258);
    expect(tok.describeToken(257)).toBe('abab');
    expect(tok.decode(tok.encode('abab abab xyz').ids)).toBe('abab abab xyz');
    expect(trainBpe('', 300).merges).toEqual([]);
  });

  it('breaks ties in count by the smallest pair of ids', () => {
    // (" ", "d"), ("b", "a") and ("d", "c") each occur twice; (32, 100) is the smallest.
    expect(trainBpe('ba ba dc dc', 257).merges).toEqual([[32, 100]]);
  });

  it('merges runs of one byte ("aaaa") counting overlaps correctly', () => {
    const tok = trainBpe('aaaa aaaa aaaa', 300);
    expect(tok.describeToken(256)).toBe('aa');
    expect(tok.decode(tok.encode('aaaaaaa').ids)).toBe('aaaaaaa');
  });

  it('reports progress at most about 100 times, ending with the merges done', () => {
    const calls: [number, number][] = [];
    const tok = trainBpe(excerpt, 1000, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls[calls.length - 1]).toEqual([tok.merges.length, 744]);
  });

  it('rejects sizes outside 256–8192', () => {
    expect(() => trainBpe(excerpt, 255)).toThrow(RangeError);
    expect(() => trainBpe(excerpt, 8193)).toThrow(RangeError);
    expect(() => trainBpe(excerpt, 300.5)).toThrow(RangeError);
  });
});

describe('BPE on all of Moby Dick, 2048 ids', () => {
  let tok: BpeTokenizer;
  let trainMs = 0;
  beforeAll(() => {
    const start = performance.now();
    tok = trainBpe(mobyDick, 2048);
    trainMs = performance.now() - start;
  });

  it('trains in well under 20 s with sensible first merges', () => {
    expect(trainMs).toBeLessThan(20_000);
    expect(tok.vocabSize).toBe(2048);
    // Pinned to the first, whole-recount trainer's merges: the first 20 literally, all by fingerprint.
    expect(tok.merges.slice(0, 20)).toEqual([
      [32, 116],
      [104, 101],
      [32, 97],
      [105, 110],
      [256, 257],
      [32, 115],
      [32, 111],
      [32, 119],
      [114, 101],
      [104, 97],
      [110, 100],
      [101, 114],
      [32, 98],
      [105, 115],
      [259, 103],
      [108, 101],
      [32, 109],
      [111, 117],
      [105, 116],
      [32, 102],
    ]);
    expect(fingerprint(tok.merges)).toBe('dd739c55');
    const [a, b] = tok.merges[0];
    expect(' ethanos').toContain(String.fromCharCode(a));
    expect(' ethanos').toContain(String.fromCharCode(b));
    const firstTen = tok.merges.slice(0, 10).map((_, i) => tok.describeToken(256 + i));
    expect(firstTen).toContain('␣the');
  });

  it('round-trips the whole book and compresses it to over 3 characters a token', () => {
    const ids = tok.encodeCorpus(mobyDick);
    expect(ids).toBeInstanceOf(Int32Array);
    expect(tok.decode(Array.from(ids))).toBe(mobyDick);
    expect(countChars(mobyDick) / ids.length).toBeGreaterThan(3.0);
  });

  it('a smaller vocabulary on part of the book still compresses it over 2 characters a token', () => {
    const part = mobyDick.slice(0, 200_000);
    const small = trainBpe(part, 512);
    expect(small.merges).toHaveLength(256);
    expect(countChars(part) / small.encodeCorpus(part).length).toBeGreaterThan(2);
  });
});
