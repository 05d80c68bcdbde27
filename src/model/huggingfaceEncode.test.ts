// The exported tokenizer files encode as the page does: transformers' GPT2Tokenizer on vocab.json
// + merges.txt and the tokenizers pipeline of tokenizer.json (both re-implemented from their
// sources in huggingfaceEncode.ts) give our tokenizer's ids on whole books and on awkward text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpt2TokenizerEncode, tokenizersEncode } from './huggingfaceEncode';
import { byteToUnicode, huggingFaceTokenizerFiles } from './huggingfaceTokenizer';
import { bpeFromMerges, trainBpe } from '../data/bpe';
import { buildCharTokenizer } from '../data/charTokenizer';
import { normaliseText } from '../data/corpus';

const mobyDick = readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8');
const sotu = readFileSync(new URL('../../public/corpus/sotu.txt', import.meta.url), 'utf8');

/** Contractions, runs of spaces before words, digits, non-Latin letters, emoji, decomposed accents, CRLF. */
const AWKWARD = [
  "It's the whale's  end;   she'll  say 'THE END'…\n\n\t  indented\r\nline 123 ４５ x²",
  'cafe\u0301 naïve Ωμέγα кит 鯨 🐋🐳 👩‍👩‍👧 \u00a0nbsp \u2003em',
  '   leading and trailing   ',
  "''''ss 've'VE 'd'll",
];

describe('byteToUnicode', () => {
  it("is GPT-2's table: printable bytes stay, the rest shift past 255, space is Ġ", () => {
    const table = byteToUnicode();
    expect(new Set(table).size).toBe(256);
    expect(table[0x41]).toBe('A');
    expect(table[0x20]).toBe('Ġ');
    expect(table[0x0a]).toBe('Ċ');
    expect(table[0x00]).toBe('Ā');
    expect(table[0xad]).toBe('Ń'); // the soft hyphen, the last byte shifted (U+0143, 256 + 67)
  });
});

describe('byte-level BPE files', () => {
  for (const vocabSize of [300, 2048]) {
    it(`GPT2Tokenizer and tokenizers give our ids (vocabulary ${vocabSize}, trained on Moby Dick)`, () => {
      const bpe = trainBpe(mobyDick, vocabSize);
      const { files, repeated } = huggingFaceTokenizerFiles(bpe.spec(), 64);
      expect(repeated).toEqual([]);
      for (const text of [mobyDick.slice(0, 200_000), sotu.slice(0, 100_000), ...AWKWARD]) {
        const ours = bpe.encode(normaliseText(text)).ids;
        expect(gpt2TokenizerEncode(files['vocab.json'], files['merges.txt'], normaliseText(text))).toEqual(ours);
        expect(tokenizersEncode(files['tokenizer.json'], text)).toEqual(ours); // its normalizer does the page's normalising
      }
    });
  }

  it('would catch raw bytes written instead of GPT-2 characters', () => {
    const bpe = trainBpe(mobyDick.slice(0, 50_000), 400);
    const { files } = huggingFaceTokenizerFiles(bpe.spec(), 64);
    const table = byteToUnicode();
    const raw = (s: string) => Array.from(s, (c) => String.fromCharCode(table.indexOf(c))).join('');
    const vocab = Object.fromEntries(
      Object.entries(JSON.parse(files['vocab.json']) as Record<string, number>).map(([t, id]) => [raw(t), id]),
    );
    expect(() => gpt2TokenizerEncode(JSON.stringify(vocab), files['merges.txt'], 'the whale')).toThrow(/vocab.json has no token/);
  });

  it('writes merges.txt as GPT2Tokenizer reads it: a #version line, one merge per line, a final newline', () => {
    const bpe = trainBpe(mobyDick.slice(0, 50_000), 300);
    const lines = huggingFaceTokenizerFiles(bpe.spec(), 64).files['merges.txt'].split('\n');
    expect(lines[0]).toBe('#version: 0.2');
    expect(lines).toHaveLength(2 + 44);
    expect(lines.at(-1)).toBe('');
    expect(lines[1]).toMatch(/^\S+ \S+$/);
  });

  it('names tokens that repeat an earlier token’s bytes, which a vocabulary cannot hold twice', () => {
    // a+b, ab+c → "abc"; b+c, a+bc → "abc" again
    const merges: [number, number][] = [
      [97, 98],
      [256, 99],
      [98, 99],
      [97, 258],
    ];
    const { files, repeated } = huggingFaceTokenizerFiles(bpeFromMerges(merges).spec(), 16);
    expect(repeated).toEqual([259]);
    expect(Object.keys(JSON.parse(files['vocab.json']) as object)).toHaveLength(259);
  });
});

describe('character tokenizer file', () => {
  it('tokenizers gives our ids and drops what the alphabet lacks, as the page skips it', () => {
    const chars = buildCharTokenizer(mobyDick);
    const { files } = huggingFaceTokenizerFiles(chars.spec(), 64);
    expect(Object.keys(files).sort()).toEqual(['tokenizer.json', 'tokenizer_config.json']);
    for (const text of [mobyDick.slice(0, 100_000), ...AWKWARD]) {
      const ours = chars.encode(normaliseText(text));
      if (text === AWKWARD[1]) expect(ours.skipped.length).toBeGreaterThan(0);
      expect(tokenizersEncode(files['tokenizer.json'], text)).toEqual(ours.ids);
    }
  });

  it('keeps characters outside the Basic Multilingual Plane whole', () => {
    const chars = buildCharTokenizer('a🐋b\n');
    const { files } = huggingFaceTokenizerFiles(chars.spec(), 8);
    expect(tokenizersEncode(files['tokenizer.json'], 'b🐋a\r\n')).toEqual(chars.encode('b🐋a\n').ids);
  });
});
