// Corpus hygiene: BOM, line endings and accents (NFC) normalised, the same for a corpus and a
// prompt; characters counted as a person counts them.
import { describe, expect, it } from 'vitest';
import { countChars, normaliseText } from './corpus';

describe('normaliseText', () => {
  it('strips a leading BOM and turns CRLF and CR into LF', () => {
    expect(normaliseText('\uFEFFCall me\r\nIshmael.\rSome years\n\r\nago')).toBe('Call me\nIshmael.\nSome years\n\nago');
  });

  it('leaves clean text and an inner U+FEFF alone', () => {
    expect(normaliseText('a\nb\uFEFFc')).toBe('a\nb\uFEFFc');
  });

  it('composes decomposed accents (NFC), so é is one character however it was typed', () => {
    expect(normaliseText("d'e\u0301te\u0301, pre\u0300s")).toBe("d'été, près");
    expect(normaliseText('e\u0301')).toHaveLength(1);
    expect(normaliseText('E\u0301cole\r\n')).toBe('École\n');
    expect(normaliseText('\u1100\u1161')).toBe('가'); // Hangul jamo compose too
    expect(normaliseText('q\u0307')).toBe('q\u0307'); // no precomposed q̇: the mark stays
  });

  it('is NFC all through a long text, also when the only accent is at the very end', () => {
    const latin = 'Le café est près de la mer. '.repeat(100_000);
    expect(normaliseText(`${latin}fin de l'e\u0301te\u0301`)).toBe(`${latin}fin de l'été`);
    const wide = '白鲸记 — “whale” 🐋 '.repeat(100_000);
    expect(normaliseText(`${wide}cafe\u0301`)).toBe(`${wide}café`);
    expect(normaliseText(latin)).toBe(latin); // nothing to compose: returned as is
  });

  it('keeps astral characters and lone surrogates', () => {
    expect(normaliseText('🐋 a\uD800b')).toBe('🐋 a\uD800b');
  });
});

describe('countChars', () => {
  it('counts an astral character once', () => {
    expect('🐋'.length).toBe(2);
    expect(countChars('🐋')).toBe(1);
    expect(countChars('a🐋é👁b')).toBe(5);
    expect(countChars('')).toBe(0);
  });

  it('counts a lone surrogate as one character', () => {
    expect(countChars('a\uDC00b')).toBe(3);
    expect(countChars('a\uD83Db')).toBe(3);
  });
});
