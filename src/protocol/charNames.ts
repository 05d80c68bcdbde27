// How a message shows a character: a visible one quoted ('é'); one a person cannot see or would
// mistake for another (no-break space, zero-width joiner, a combining accent, a Cyrillic 'а',
// a minus sign) by name and code point, since printed raw it looks like nothing or like ASCII.
// In protocol/ so the page's single tokens (tokenLabel.ts) and the worker's messages name alike.

/** Named because they are invisible, blank, or easily taken for another character. */
const NAMES: Readonly<Record<number, string>> = {
  0x09: 'tab',
  0x0a: 'newline',
  0x0d: 'carriage return',
  0x20: 'space',
  0x22: 'quotation mark',
  0x27: 'apostrophe',
  0x60: 'grave accent',
  0x85: 'next line',
  0xa0: 'no-break space',
  0xad: 'soft hyphen',
  0xb4: 'acute accent',
  0x034f: 'combining grapheme joiner',
  0x061c: 'Arabic letter mark',
  0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler',
  0x1680: 'Ogham space mark',
  0x180e: 'Mongolian vowel separator',
  0x2000: 'en quad',
  0x2001: 'em quad',
  0x2002: 'en space',
  0x2003: 'em space',
  0x2004: 'three-per-em space',
  0x2005: 'four-per-em space',
  0x2006: 'six-per-em space',
  0x2007: 'figure space',
  0x2008: 'punctuation space',
  0x2009: 'thin space',
  0x200a: 'hair space',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2010: 'hyphen',
  0x2011: 'non-breaking hyphen',
  0x2012: 'figure dash',
  0x2013: 'en dash',
  0x2015: 'horizontal bar',
  0x2018: 'left single quotation mark',
  0x2019: 'right single quotation mark',
  0x201a: 'single low-9 quotation mark',
  0x201b: 'single high-reversed-9 quotation mark',
  0x201c: 'left double quotation mark',
  0x201d: 'right double quotation mark',
  0x201e: 'double low-9 quotation mark',
  0x2024: 'one dot leader',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202f: 'narrow no-break space',
  0x2032: 'prime',
  0x2033: 'double prime',
  0x205f: 'medium mathematical space',
  0x2060: 'word joiner',
  0x2212: 'minus sign',
  0x2215: 'division slash',
  0x2216: 'set minus',
  0x2217: 'asterisk operator',
  0x2223: 'divides',
  0x2236: 'ratio',
  0x2800: 'Braille pattern blank',
  0x3000: 'ideographic space',
  0x3164: 'Hangul filler',
  0xfe63: 'small hyphen-minus',
  0xfeff: 'byte-order mark (zero-width no-break space)',
  0xfffc: 'object replacement character',
  0xfffd: 'replacement character',
  // Combining marks, as decomposed accents (NFD, some macOS tools) leave them.
  0x0300: 'combining grave accent',
  0x0301: 'combining acute accent',
  0x0302: 'combining circumflex accent',
  0x0303: 'combining tilde',
  0x0304: 'combining macron',
  0x0306: 'combining breve',
  0x0307: 'combining dot above',
  0x0308: 'combining diaeresis',
  0x030a: 'combining ring above',
  0x030b: 'combining double acute accent',
  0x030c: 'combining caron',
  0x0323: 'combining dot below',
  0x0327: 'combining cedilla',
  0x0328: 'combining ogonek',
  0x0338: 'combining long solidus overlay',
  0x20e3: 'combining enclosing keycap',
  // Letters drawn like Latin ones: the name says why 'а' is not 'a'.
  0x0430: 'Cyrillic small letter a',
  0x0435: 'Cyrillic small letter ie',
  0x043e: 'Cyrillic small letter o',
  0x0440: 'Cyrillic small letter er',
  0x0441: 'Cyrillic small letter es',
  0x0443: 'Cyrillic small letter u',
  0x0445: 'Cyrillic small letter ha',
  0x0455: 'Cyrillic small letter dze',
  0x0456: 'Cyrillic small letter Byelorussian-Ukrainian i',
  0x0458: 'Cyrillic small letter je',
  0x0410: 'Cyrillic capital letter a',
  0x0412: 'Cyrillic capital letter ve',
  0x0415: 'Cyrillic capital letter ie',
  0x041a: 'Cyrillic capital letter ka',
  0x041c: 'Cyrillic capital letter em',
  0x041d: 'Cyrillic capital letter en',
  0x041e: 'Cyrillic capital letter o',
  0x0420: 'Cyrillic capital letter er',
  0x0421: 'Cyrillic capital letter es',
  0x0422: 'Cyrillic capital letter te',
  0x0425: 'Cyrillic capital letter ha',
  0x03bf: 'Greek small letter omicron',
  0x0391: 'Greek capital letter alpha',
  0x0392: 'Greek capital letter beta',
  0x0395: 'Greek capital letter epsilon',
  0x0397: 'Greek capital letter eta',
  0x0399: 'Greek capital letter iota',
  0x039a: 'Greek capital letter kappa',
  0x039c: 'Greek capital letter mu',
  0x039d: 'Greek capital letter nu',
  0x039f: 'Greek capital letter omicron',
  0x03a1: 'Greek capital letter rho',
  0x03a4: 'Greek capital letter tau',
  0x03a7: 'Greek capital letter chi',
  0x037e: 'Greek question mark',
  0x0131: 'Latin small letter dotless i',
};

const hex = (cp: number): string => cp.toString(16).toUpperCase().padStart(4, '0');

/** "U+00A0": the code point as Unicode charts write it. */
export const codePointLabel = (ch: string): string => `U+${hex(ch.codePointAt(0) ?? 0)}`;

/** A generic name by Unicode class, for what the table does not list. */
function className(ch: string): string | null {
  const label = codePointLabel(ch);
  if (/\p{Cc}/u.test(ch)) return `control character ${label}`;
  // Variation selectors are marks too; their own name says more (VS16 asks for emoji style).
  if (/[\uFE00-\uFE0F]/u.test(ch)) return `variation selector-${ch.codePointAt(0)! - 0xfe00 + 1} (${label})`;
  if (/\p{M}/u.test(ch)) return `combining mark (${label})`;
  if (/\p{Zs}/u.test(ch)) return `space character (${label})`;
  if (/[\u202A-\u202E\u2066-\u2069]/u.test(ch)) return `bidirectional control (${label})`;
  if (/\p{Cf}/u.test(ch)) return `invisible formatting character (${label})`;
  if (/\p{Cs}/u.test(ch)) return `lone surrogate (${label})`;
  if (/\p{Co}/u.test(ch)) return `private-use character (${label})`;
  if (/\p{Cn}/u.test(ch)) return `unassigned code point (${label})`;
  return null;
}

/**
 * One character as a message shows it: `'é'` when it is plainly visible; otherwise its name and
 * code point, e.g. "no-break space (U+00A0)", "combining acute accent (U+0301)",
 * "Cyrillic small letter a (U+0430)", "control character U+0007". Meant for one code point; a
 * longer string is named code point by code point, joined with " + ".
 */
export function nameChar(ch: string): string {
  const points = [...ch];
  if (points.length !== 1) return points.map(nameChar).join(' + ');
  const cp = ch.codePointAt(0)!;
  // Fullwidth forms of ASCII, as CJK input methods type them: U+FF01..U+FF5E = U+0021..U+007E + 0xFEE0.
  const name = NAMES[cp] ?? (cp >= 0xff01 && cp <= 0xff5e ? `fullwidth '${String.fromCodePoint(cp - 0xfee0)}'` : null);
  if (name) return `${name} (${codePointLabel(ch)})`;
  return className(ch) ?? `'${ch}'`;
}

/**
 * Characters as a readable list: "'é', 'è' and no-break space (U+00A0)". At most `max` are
 * shown, then "and N more"; an empty list gives "".
 */
export function listChars(chars: readonly string[], max = 10): string {
  const names = chars.slice(0, max).map(nameChar);
  const rest = chars.length - names.length;
  if (rest > 0) return `${names.join(', ')} and ${rest} more`;
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
