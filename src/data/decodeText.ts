// Bytes of a text file → a string, and what a person should know about how it was read.
// Sniffed in this order: UTF-16 (a byte-order mark, or NUL bytes in alternating positions of
// mostly-ASCII text); UTF-8 (a BOM is set aside); UTF-8 with a few bad bytes (kept, each bad
// sequence replaced by U+FFFD); Windows-1252 when the file reads as a single-byte encoding.
// Line endings, the BOM character and Unicode normalisation are corpus.ts's job, not this file's.

export interface DecodedText {
  /** As decoded: line endings and composition untouched. */
  text: string;
  /** Said on the page: how the file was read when it was not plain UTF-8. */
  notices: string[];
}

export type Utf16 = { endian: 'LE' | 'BE'; bom: boolean };

const SNIFF_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const REPLACEMENT = '� (U+FFFD)';
const LINES_SHOWN = 3;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** A byte that, next to a NUL, makes a UTF-16 unit of ordinary text: tab, LF, FF, CR, printable Latin-1. */
const isTextByte = (b: number): boolean => (b >= 0x20 && b < 0x7f) || b >= 0xa0 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;

/**
 * UTF-16 by its byte-order mark (FF FE little-endian, FE FF big-endian), or without one by the
 * pattern mostly-ASCII UTF-16 has in its first 64 KB: at least half its units are a text byte
 * beside a NUL, all on the same side, and no unit is 00 00. Returns null for anything else
 * (UTF-8 and single-byte text hold no NUL bytes at all). UTF-32's marks are sniffBinary's.
 */
export function sniffUtf16(bytes: Uint8Array): Utf16 | null {
  if (startsWith(bytes, [0xff, 0xfe])) return { endian: 'LE', bom: true };
  if (startsWith(bytes, [0xfe, 0xff])) return { endian: 'BE', bom: true };
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (!head.includes(0)) return null;
  const units = head.length >> 1;
  let le = 0; // text byte then NUL: ASCII in little-endian
  let be = 0;
  for (let i = 0; i < units; i++) {
    const a = head[2 * i];
    const b = head[2 * i + 1];
    if (a === 0 && b === 0) return null; // U+0000 is not text; a binary file has runs of them
    if (b === 0 && isTextByte(a)) le++;
    else if (a === 0 && isTextByte(b)) be++;
  }
  // The other side is allowed a few: in LE text, U+4E00 '一' is 00 4E, which reads like BE 'N'.
  if (units > 0 && le >= units / 2 && be <= le / 10) return { endian: 'LE', bom: false };
  if (units > 0 && be >= units / 2 && le <= be / 10) return { endian: 'BE', bom: false };
  return null;
}

function decodeUtf16(name: string, bytes: Uint8Array, { endian, bom }: Utf16): DecodedText {
  const label = endian === 'LE' ? 'utf-16le' : 'utf-16be';
  const how = bom
    ? `was read as UTF-16 ${endian}, as its byte-order mark says.`
    : `looks like UTF-16 ${endian} (it has no byte-order mark), so it was read as UTF-16 ${endian}.`;
  const notices = [`"${name}" ${how}`];
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true }).decode(bytes); // drops the BOM
  } catch {
    // An odd byte count (cut short) or an unpaired surrogate.
    text = new TextDecoder(label).decode(bytes);
    notices.push(`Parts of "${name}" were not valid UTF-16; they were replaced by ${REPLACEMENT}.`);
  }
  if (!bom) notices[0] += ' If characters look wrong, save it as UTF-8 and drop it again.';
  return { text, notices };
}

/** What a non-UTF-8 file looks like as UTF-8: counts and where the bad bytes are. */
export interface Utf8Scan {
  /** Well-formed sequences of 2–4 bytes (é, —, 🐋). */
  multiByte: number;
  /** Bytes in ill-formed sequences (each maximal one becomes one U+FFFD, as TextDecoder does). */
  badBytes: number;
  /** 1-based lines holding bad bytes: the first few, and how many in all. */
  badLines: number[];
  badLineCount: number;
}

/**
 * Walks the bytes as UTF-8 (the Unicode well-formedness table, so overlongs and surrogates are
 * bad), counting well-formed multi-byte sequences and bad bytes, and the lines of the bad ones.
 * A line ends at LF, CRLF or a lone CR, as normaliseText counts them.
 */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  const scan: Utf8Scan = { multiByte: 0, badBytes: 0, badLines: [], badLineCount: 0 };
  let line = 1;
  let lastBadLine = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
      i++;
      continue;
    }
    // Continuation bytes needed, and the range of the first one (narrower after E0, ED, F0, F4).
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let k = 1;
    while (k <= need) {
      const c = bytes[i + k]; // undefined past the end: not a continuation
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) break;
      k++;
    }
    if (need > 0 && k > need) {
      scan.multiByte++;
      i += k;
      continue;
    }
    scan.badBytes += k; // the lead and the continuations that fitted: one maximal subpart
    i += k;
    if (line !== lastBadLine) {
      lastBadLine = line;
      scan.badLineCount++;
      if (scan.badLines.length < LINES_SHOWN) scan.badLines.push(line);
    }
  }
  return scan;
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "line 57", "lines 3, 10 and 12", "lines 3, 10, 12 and 4 more". */
function linesText({ badLines, badLineCount }: Utf8Scan): string {
  const lines = badLines.map((n) => n.toLocaleString('en-US'));
  if (badLineCount === 1) return `line ${lines[0]}`;
  const rest = badLineCount - lines.length;
  if (rest > 0) return `lines ${lines.join(', ')} and ${rest.toLocaleString('en-US')} more`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

// WHATWG index-windows-1252 for 0x80..0x9F; every other byte is its own code point. Decoded by
// hand because Node's TextDecoder('windows-1252') treats it as Latin-1 since 20.18.3 (nodejs/node#60888).
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const CHUNK_BYTES = 64 * 1024;

/** Windows-1252 bytes → string; every byte maps to one BMP code unit. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const utf16 = new TextDecoder('utf-16le');
  const units = new Uint16Array(Math.min(bytes.length, CHUNK_BYTES));
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const chunk = bytes.subarray(start, start + CHUNK_BYTES);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
    }
    parts.push(utf16.decode(units.subarray(0, chunk.length)));
  }
  return parts.join('');
}

/**
 * UTF-8, else the single-byte reading. The rule for a file that is not valid UTF-8: it stays
 * UTF-8 (bad sequences → U+FFFD, with their lines in a notice) when it holds at least as many
 * well-formed multi-byte characters as bad bytes; fewer means its high bytes are mostly lone
 * (é as E9, “ as 93), the mark of a single-byte encoding, so it is read as Windows-1252. A UTF-8
 * BOM is set aside first and does not count.
 */
function decodeUtf8OrSingleByte(name: string, withBom: Uint8Array): DecodedText {
  const bytes = startsWith(withBom, UTF8_BOM) ? withBom.subarray(UTF8_BOM.length) : withBom;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), notices: [] };
  } catch {
    // Not valid UTF-8: scanned only now, so valid files (nearly all) pay nothing for it.
  }
  const scan = scanUtf8(bytes);
  if (scan.multiByte >= scan.badBytes) {
    const they = scan.badBytes === 1 ? '1 byte that is not' : `${plural(scan.badBytes, 'byte', 'bytes')} that are not`;
    const replaced = scan.badBytes === 1 ? 'it was' : 'they were';
    return {
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
      notices: [`"${name}" is UTF-8 except for ${they} (${linesText(scan)}); ${replaced} replaced by ${REPLACEMENT}.`],
    };
  }
  return {
    text: decodeWindows1252(bytes),
    notices: [
      `"${name}" is not valid UTF-8, so it was read as Windows-1252. If characters look wrong, save it as UTF-8 and drop it again.`,
    ],
  };
}

/**
 * A text file's bytes as a string: UTF-16 (LE or BE, with or without a BOM), UTF-8 (BOM set
 * aside; a few bad bytes replaced by U+FFFD), or Windows-1252, with a notice whenever the file
 * was not plain UTF-8. Expects text: binary files are sniffBinary's to refuse first.
 */
export function decodeText(name: string, bytes: Uint8Array): DecodedText {
  const utf16 = sniffUtf16(bytes);
  return utf16 ? decodeUtf16(name, bytes, utf16) : decodeUtf8OrSingleByte(name, bytes);
}
