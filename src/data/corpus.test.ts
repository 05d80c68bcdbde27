// Corpus hygiene: BOM and line endings normalised; characters counted as a person counts them.
import { describe, expect, it } from 'vitest';
import { countChars, normaliseText } from './corpus';

describe('normaliseText', () => {
  it('strips a leading BOM and turns CRLF and CR into LF', () => {
    expect(normaliseText('\uFEFFCall me\r\nIshmael.\rSome years\n\r\nago')).toBe('Call me\nIshmael.\nSome years\n\nago');
  });

  it('leaves clean text and an inner U+FEFF alone', () => {
    expect(normaliseText('a\nb\uFEFFc')).toBe('a\nb\uFEFFc');
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
