// Encoding sniffing: UTF-16 by BOM or NUL pattern, UTF-8 kept when only a few bytes are bad
// (with their lines), Windows-1252 when the file reads as single-byte; the cp1252 table.
import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252, scanUtf8, sniffUtf16 } from './decodeText';
import { utf16 } from './fixtures/utf16';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

describe('sniffUtf16', () => {
  it('goes by a BOM', () => {
    expect(sniffUtf16(bytes([0xff, 0xfe], 'x'))).toEqual({ endian: 'LE', bom: true });
    expect(sniffUtf16(bytes([0xfe, 0xff], 'x'))).toEqual({ endian: 'BE', bom: true });
  });

  it('finds UTF-16 without a BOM by NULs on one side of mostly-ASCII text', () => {
    const text = 'Le café est près de la mer.\r\n一二三';
    expect(sniffUtf16(utf16(text, 'LE', false))).toEqual({ endian: 'LE', bom: false });
    expect(sniffUtf16(utf16(text, 'BE', false))).toEqual({ endian: 'BE', bom: false });
  });

  it('leaves UTF-8, binary with NUL runs, and NULs on both sides alone', () => {
    expect(sniffUtf16(utf8('plain text, café'))).toBeNull();
    expect(sniffUtf16(bytes('ab', [0, 0], 'cd'))).toBeNull(); // a 00 00 unit is not text
    expect(sniffUtf16(bytes([0x41, 0, 0, 0x42, 0x43, 0, 0, 0x44]))).toBeNull(); // half each way
    expect(sniffUtf16(Uint8Array.from([1, 0, 2, 0, 3, 0, 4, 0]))).toBeNull(); // controls, not text
  });
});

describe('scanUtf8', () => {
  it('counts well-formed multi-byte characters and bad bytes, with their lines', () => {
    const scan = scanUtf8(bytes('café\r\nnaïve\n', [0xe9], ' x\rdone 🐋 ', [0xe2, 0x80], '\n', [0xc0, 0xaf]));
    // é, ï, 🐋 are well formed; E9 on line 3; E2 80 (cut short) on line 4; C0 AF (overlong) on line 5.
    expect(scan).toEqual({ multiByte: 3, badBytes: 5, badLines: [3, 4, 5], badLineCount: 3 });
  });

  it('agrees with TextDecoder on which bytes are bad (surrogates, above U+10FFFF, overlong, cut short)', () => {
    const cases = [[0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80], [0xf0, 0x9f, 0x90], [0x80, 0xbf], [0xff]];
    for (const bad of cases) {
      const input = bytes('a', bad, 'b');
      expect(scanUtf8(input).badBytes, bad.join(' ')).toBe(bad.length);
      expect(new TextDecoder().decode(input).replace(/\uFFFD/g, '')).toBe('ab'); // all of them bad there too
    }
  });

  it('lists three lines, then counts the rest', () => {
    const text = bytes(...Array.from({ length: 6 }, (_, i) => [0x41 + i, 0x93, 0x0a]));
    expect(scanUtf8(text)).toMatchObject({ badLines: [1, 2, 3], badLineCount: 6, badBytes: 6 });
  });
});

describe('decodeText', () => {
  it('reads plain UTF-8 without a notice, a BOM set aside', () => {
    expect(decodeText('a.txt', bytes([0xef, 0xbb, 0xbf], 'café'))).toEqual({ text: 'café', notices: [] });
  });

  it('keeps UTF-8 with a stray byte, replacing it and naming its line', () => {
    const result = decodeText('x.txt', bytes('naïve — “so”\nStray: caf', [0xe9], ' au lait.\n'));
    expect(result).toEqual({
      text: 'naïve — “so”\nStray: caf\uFFFD au lait.\n',
      notices: ['"x.txt" is UTF-8 except for 1 byte that is not (line 2); it was replaced by � (U+FFFD).'],
    });
  });

  it('counts bytes and lines when there are more', () => {
    const lines = Array.from({ length: 5 }, (_, i) => `Zürich ${i} café `);
    const input = bytes(...lines.flatMap((l) => [l, [0x96, 0x96], '\n']));
    expect(decodeText('x.txt', input).notices).toEqual([
      '"x.txt" is UTF-8 except for 10 bytes that are not (lines 1, 2, 3 and 2 more); they were replaced by � (U+FFFD).',
    ]);
    const two = bytes('é ', [0x80], '\nè ', [0x80], '\nê');
    expect(decodeText('y.txt', two).notices[0]).toMatch(/2 bytes that are not \(lines 1 and 2\); they were/);
    const far = bytes('é', '\n'.repeat(12_344), [0xe9]);
    expect(decodeText('z.txt', far).notices[0]).toMatch(/1 byte that is not \(line 12,345\); it was/);
  });

  it('reads as Windows-1252 when bad bytes outnumber well-formed characters', () => {
    // Word's cp1252: “ ” – € é as lone high bytes; one "Ã©" that happens to be valid UTF-8 does not tip it.
    const input = bytes([0x93], 'smart', [0x94, 0x20, 0x96, 0x20, 0x80], '5 caf', [0xe9, 0x20, 0xc3, 0xa9]);
    expect(decodeText('x.txt', input)).toEqual({
      text: '“smart” – €5 café Ã©',
      notices: [
        '"x.txt" is not valid UTF-8, so it was read as Windows-1252. If characters look wrong, save it as UTF-8 and drop it again.',
      ],
    });
  });

  it('reads UTF-16 in both byte orders, with or without a BOM, and says so', () => {
    const text = 'Le café est près de la mer 🐋.\r\n';
    for (const endian of ['LE', 'BE'] as const) {
      expect(decodeText('w.txt', utf16(text, endian, true))).toEqual({
        text,
        notices: [`"w.txt" was read as UTF-16 ${endian}, as its byte-order mark says.`],
      });
      expect(decodeText('w.txt', utf16(text, endian, false))).toEqual({
        text,
        notices: [
          `"w.txt" looks like UTF-16 ${endian} (it has no byte-order mark), so it was read as UTF-16 ${endian}. ` +
            'If characters look wrong, save it as UTF-8 and drop it again.',
        ],
      });
    }
  });

  it('replaces a UTF-16 file cut mid-unit, and says so', () => {
    const cut = utf16('hi!', 'LE', true).subarray(0, 7);
    expect(decodeText('cut.txt', cut)).toEqual({
      text: 'hi\uFFFD',
      notices: [
        '"cut.txt" was read as UTF-16 LE, as its byte-order mark says.',
        'Parts of "cut.txt" were not valid UTF-16; they were replaced by � (U+FFFD).',
      ],
    });
  });
});

describe('decodeWindows1252', () => {
  it('follows the WHATWG table across chunk boundaries', () => {
    // The five bytes cp1252 leaves undefined map to the C1 control of the same value.
    expect(decodeWindows1252(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe('\x81\x8d\x8f\x90\x9d');
    expect(decodeWindows1252(Uint8Array.from([0x8a, 0x9f, 0xa0, 0xff]))).toBe('Š\u0178\u00a0ÿ');
    const long = new Uint8Array(200_000).fill(0x85); // … (U+2026), over three 64 KB chunks
    const text = decodeWindows1252(long);
    expect(text.length).toBe(200_000);
    expect(new Set(text)).toEqual(new Set(['…']));
  });
});
