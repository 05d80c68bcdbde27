// Naming characters in messages: visible ones quoted, invisible and look-alike ones by name and
// code point (never raw between quotes), lists joined as a person writes them.
import { describe, expect, it } from 'vitest';
import { codePointLabel, listChars, nameChar } from './charNames';

describe('nameChar', () => {
  it('quotes plainly visible characters', () => {
    expect(nameChar('é')).toBe("'é'");
    expect(nameChar('a')).toBe("'a'");
    expect(nameChar('—')).toBe("'—'");
    expect(nameChar('白')).toBe("'白'");
    expect(nameChar('🐋')).toBe("'🐋'");
  });

  it('names invisible characters with their code point', () => {
    expect(nameChar('\u00A0')).toBe('no-break space (U+00A0)');
    expect(nameChar('\u200B')).toBe('zero-width space (U+200B)');
    expect(nameChar('\u200C')).toBe('zero-width non-joiner (U+200C)');
    expect(nameChar('\u200D')).toBe('zero-width joiner (U+200D)');
    expect(nameChar('\uFEFF')).toBe('byte-order mark (zero-width no-break space) (U+FEFF)');
    expect(nameChar('\u00AD')).toBe('soft hyphen (U+00AD)');
    expect(nameChar('\u2060')).toBe('word joiner (U+2060)');
    expect(nameChar('\u200F')).toBe('right-to-left mark (U+200F)');
  });

  it('names blank space of every kind', () => {
    expect(nameChar('\n')).toBe('newline (U+000A)');
    expect(nameChar('\t')).toBe('tab (U+0009)');
    expect(nameChar('\r')).toBe('carriage return (U+000D)');
    expect(nameChar(' ')).toBe('space (U+0020)');
    expect(nameChar('\u2003')).toBe('em space (U+2003)');
    expect(nameChar('\u2009')).toBe('thin space (U+2009)');
    expect(nameChar('\u202F')).toBe('narrow no-break space (U+202F)');
    expect(nameChar('\u3000')).toBe('ideographic space (U+3000)');
    expect(nameChar('\u2028')).toBe('line separator (U+2028)');
  });

  it('names combining marks: the common accents by name, the rest generically', () => {
    expect(nameChar('\u0301')).toBe('combining acute accent (U+0301)');
    expect(nameChar('\u0300')).toBe('combining grave accent (U+0300)');
    expect(nameChar('\u0327')).toBe('combining cedilla (U+0327)');
    expect(nameChar('\u0951')).toBe('combining mark (U+0951)');
    expect(nameChar('\u{1D165}')).toBe('combining mark (U+1D165)');
    expect(nameChar('\uFE0F')).toBe('variation selector-16 (U+FE0F)');
  });

  it('names control characters', () => {
    expect(nameChar('\x07')).toBe('control character U+0007');
    expect(nameChar('\0')).toBe('control character U+0000');
    expect(nameChar('\x7F')).toBe('control character U+007F');
    expect(nameChar('\x85')).toBe('next line (U+0085)');
    expect(nameChar('\x9B')).toBe('control character U+009B');
  });

  it('names look-alikes, so a person sees why they are not the ASCII character', () => {
    expect(nameChar('\u2212')).toBe('minus sign (U+2212)');
    expect(nameChar('\u2010')).toBe('hyphen (U+2010)');
    expect(nameChar('\u2011')).toBe('non-breaking hyphen (U+2011)');
    expect(nameChar('\u2013')).toBe('en dash (U+2013)');
    expect(nameChar('\u0430')).toBe('Cyrillic small letter a (U+0430)');
    expect(nameChar('\u041E')).toBe('Cyrillic capital letter o (U+041E)');
    expect(nameChar('\u03BF')).toBe('Greek small letter omicron (U+03BF)');
    expect(nameChar('\u2019')).toBe('right single quotation mark (U+2019)');
    expect(nameChar("'")).toBe('apostrophe (U+0027)');
    expect(nameChar('"')).toBe('quotation mark (U+0022)');
    expect(nameChar('\uFF21')).toBe("fullwidth 'A' (U+FF21)");
  });

  it('names what Unicode leaves unprintable: formats, surrogates, private use, unassigned', () => {
    expect(nameChar('\u202E')).toBe('bidirectional control (U+202E)');
    expect(nameChar('\u{E0041}')).toBe('invisible formatting character (U+E0041)');
    expect(nameChar('\uD800')).toBe('lone surrogate (U+D800)');
    expect(nameChar('\uE000')).toBe('private-use character (U+E000)');
    expect(nameChar('\u0378')).toBe('unassigned code point (U+0378)');
    expect(nameChar('\uFFFD')).toBe('replacement character (U+FFFD)');
  });

  it('names a longer string code point by code point', () => {
    expect(nameChar('e\u0301')).toBe("'e' + combining acute accent (U+0301)");
  });

  it('never prints an invisible character raw', () => {
    const invisible = /[\p{Cc}\p{Cf}\p{M}\p{Z}\u00AD]/u;
    for (let cp = 0; cp < 0x3100; cp++) {
      const ch = String.fromCodePoint(cp);
      if (invisible.test(ch)) expect(nameChar(ch), codePointLabel(ch)).toMatch(/^[^'].*U\+[0-9A-F]{4}\)?$/);
    }
  });
});

describe('listChars', () => {
  it('joins as a sentence does', () => {
    expect(listChars([])).toBe('');
    expect(listChars(['é'])).toBe("'é'");
    expect(listChars(['é', 'è'])).toBe("'é' and 'è'");
    expect(listChars(['é', 'è', '\u00A0'])).toBe("'é', 'è' and no-break space (U+00A0)");
  });

  it('shows at most `max`, then how many more', () => {
    const letters = [...'абвгдежзийклмн']; // 14
    expect(listChars(letters)).toBe(`${letters.slice(0, 10).map(nameChar).join(', ')} and 4 more`);
    expect(listChars(['x', 'y', 'z'], 2)).toBe("'x', 'y' and 1 more");
  });
});

describe('codePointLabel', () => {
  it('writes four hex digits at least, upper case', () => {
    expect(codePointLabel('a')).toBe('U+0061');
    expect(codePointLabel('\u00A0')).toBe('U+00A0');
    expect(codePointLabel('🐋')).toBe('U+1F40B');
  });
});
