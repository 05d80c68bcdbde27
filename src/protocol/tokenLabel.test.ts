// Single tokens on the page: invisible characters get a visible stand-in and their name and code
// point, as notices name them; visible ones stay as they are; an accent alone gets a dotted circle.
import { describe, expect, it } from 'vitest';
import { tokenLabel, tokenTitle } from './tokenLabel';

describe('tokenLabel', () => {
  it('leaves plain tokens alone, with the worker’s ␣ and ↵', () => {
    expect(tokenLabel('e')).toEqual({ shown: 'e', name: null });
    expect(tokenLabel('␣the')).toEqual({ shown: '␣the', name: null });
    expect(tokenTitle('↵')).toBe("'↵'");
  });

  it('shows an invisible character by its code point and names it', () => {
    expect(tokenLabel('\u00a0')).toEqual({ shown: '<U+00A0>', name: 'no-break space (U+00A0)' });
    expect(tokenLabel('\u200b')).toEqual({ shown: '<U+200B>', name: 'zero-width space (U+200B)' });
    expect(tokenLabel('a\u200d')).toEqual({ shown: 'a<U+200D>', name: 'zero-width joiner (U+200D)' });
    expect(tokenLabel('\u0085')).toEqual({ shown: '<U+0085>', name: 'next line (U+0085)' });
    expect(tokenLabel('\ufeff').name).toBe('byte-order mark (zero-width no-break space) (U+FEFF)');
    expect(tokenTitle('a\u00a0')).toBe('a<U+00A0>: no-break space (U+00A0)');
  });

  it('puts a lone accent on a dotted circle, and leaves one on its letter', () => {
    expect(tokenLabel('\u0301')).toEqual({ shown: '\u25cc\u0301', name: 'combining acute accent (U+0301)' });
    expect(tokenLabel('e\u0301').shown).toBe('e\u0301');
  });

  it('names a look-alike but keeps its glyph', () => {
    expect(tokenLabel('\u0430')).toEqual({ shown: '\u0430', name: 'Cyrillic small letter a (U+0430)' });
  });
});
