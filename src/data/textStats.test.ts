// General-purpose compression in bits per character: gzip and deflate sizes against Node's zlib,
// the zeroth-order entropy on texts whose entropy is known, and characters counted through tokens
// (a BPE token that ends inside a character counts it once) against the decoded text.
import { gzipSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { charactersOf, charactersStarting, compressedSize, zerothOrderEntropy } from './textStats';
import { trainBpe } from './bpe';
import { buildCharTokenizer } from './charTokenizer';
import { countChars } from './corpus';
import { createRng } from './rng';

const prose = 'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, '.repeat(20);

describe('compressedSize', () => {
  it("is zlib's size at its default level: gzip and deflate", async () => {
    const bytes = new TextEncoder().encode(prose);
    expect(await compressedSize(bytes, 'gzip')).toBe(gzipSync(bytes).length);
    expect(await compressedSize(bytes, 'deflate')).toBe(deflateSync(bytes).length);
    expect(await compressedSize(new Uint8Array(), 'gzip')).toBe(20); // header and trailer around an empty block
  });
});

describe('zerothOrderEntropy', () => {
  it('is log2 of the alphabet for uniform counts, 0 for one symbol, and per code point', () => {
    expect(zerothOrderEntropy('aabb')).toBeCloseTo(1, 12);
    expect(zerothOrderEntropy('abcdefgh')).toBeCloseTo(3, 12);
    expect(zerothOrderEntropy('zzzz')).toBe(0);
    expect(zerothOrderEntropy('')).toBe(0);
    expect(zerothOrderEntropy('🐋🐋ab')).toBeCloseTo(1.5, 12); // p = 1/2, 1/4, 1/4
  });
});

describe('characters through tokens', () => {
  const rng = createRng(4);
  const alphabet = [...'abc é🐋中文\n.,'];
  const text = Array.from({ length: 3000 }, () => alphabet[rng.int(alphabet.length)]).join('');

  it('a character tokenizer counts one per token', () => {
    const tok = buildCharTokenizer(text);
    const ids = tok.encodeCorpus(text);
    expect(charactersOf(ids, charactersStarting(tok))).toBe(countChars(text));
  });

  it('BPE counts each character once, in the token with its first byte, over any cut of the stream', () => {
    const tok = trainBpe(text, 400);
    const ids = tok.encodeCorpus(text);
    const starting = charactersStarting(tok);
    expect(charactersOf(ids, starting)).toBe(countChars(text));
    // Windows cut anywhere: the characters starting in them add up to the whole.
    const cuts = [0, 17, 333, 1000, 1001, ids.length];
    let sum = 0;
    for (let i = 1; i < cuts.length; i++) sum += charactersOf(ids.subarray(cuts[i - 1], cuts[i]), starting);
    expect(sum).toBe(countChars(text));
    expect(starting.some((n) => n === 0)).toBe(true); // some token holds only the tail of a character
  });
});
