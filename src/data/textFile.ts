// A file a person drops on the page, from bytes to training text: refuse what is too big, empty
// or binary; decode strict UTF-8, else Windows-1252 with a notice (never silent mojibake);
// normalise line endings. Pure, so it runs in the worker and in Node tests.
import { normaliseText } from './corpus';
import { minSplitTokens } from './dataset';

export const MAX_FILE_BYTES = 200 * 1024 * 1024; // refused above
export const LARGE_FILE_BYTES = 10 * 1024 * 1024; // above: read with a progress bar
export const LARGE_ALPHABET = 1000; // char vocab above this gets a note

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export type TextFileResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'windows-1252'; notices: string[] }
  | { ok: false; message: string };

/** Human-readable size in binary units: "512 bytes", "3.4 KB", "250 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal below 10 ("3.4 KB"), whole numbers above ("250 MB").
  const shown = value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
  return `${shown} ${units[unit]}`;
}

/** Size check before reading (the UI can call it with just the size). */
export function checkFileSize(name: string, size: number): string | null {
  if (size <= MAX_FILE_BYTES) return null;
  const shown = formatBytes(size);
  const limit = formatBytes(MAX_FILE_BYTES);
  // 200 MB + a few bytes still rounds to "200 MB"; don't say "200 MB; the limit is 200 MB".
  const is = shown === limit ? `over ${limit}` : shown;
  return `"${name}" is ${is}; the limit is ${limit}. Use a smaller part of it.`;
}

const SNIFF_BYTES = 64 * 1024;
const CONTROL_FRACTION = 0.1;

interface Magic {
  bytes: readonly number[];
  message: (name: string) => string;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const MAGICS: readonly Magic[] = [
  { bytes: ascii('%PDF-'), message: (n) => `"${n}" is a PDF. Export it as plain text first.` },
  // 50 4B 03 04: a ZIP local file header; DOCX, XLSX, ODT and EPUB are ZIPs too.
  ...[ascii('PK\x03\x04'), ascii('PK\x05\x06'), ascii('PK\x07\x08')].map((bytes) => ({
    bytes,
    message: (n: string) => `"${n}" is a ZIP or DOCX/XLSX/ODT file. Unzip it or export it as plain text first.`,
  })),
  { bytes: [0x89, ...ascii('PNG\r\n\x1a\n')], message: (n) => `"${n}" is a PNG image. Choose a text file instead.` },
  { bytes: [0xff, 0xd8, 0xff], message: (n) => `"${n}" is a JPEG image. Choose a text file instead.` },
  { bytes: ascii('GIF87a'), message: (n) => `"${n}" is a GIF image. Choose a text file instead.` },
  { bytes: ascii('GIF89a'), message: (n) => `"${n}" is a GIF image. Choose a text file instead.` },
  { bytes: [0x1f, 0x8b], message: (n) => `"${n}" is gzip-compressed. Unpack it first.` },
  // UTF-16 text is full of NUL bytes; say what it is rather than "binary".
  { bytes: [0xff, 0xfe], message: (n) => `"${n}" is saved as UTF-16. Save it as UTF-8 and drop it again.` },
  { bytes: [0xfe, 0xff], message: (n) => `"${n}" is saved as UTF-16. Save it as UTF-8 and drop it again.` },
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** C0 controls that plain text does not use: all below 0x20 except tab, LF, FF, CR. */
const isStrayControl = (b: number): boolean => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d;

/**
 * Recognises binary files: magic bytes first, then a NUL byte in the first 64 KB, then mostly
 * control characters (over 10% of the first 64 KB). Returns a message or null.
 */
export function sniffBinary(name: string, bytes: Uint8Array): string | null {
  const magic = MAGICS.find((m) => startsWith(bytes, m.bytes));
  if (magic) return magic.message(name);
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return `"${name}" looks binary, not text (it holds NUL bytes). Choose a plain-text file.`;
  let controls = 0;
  for (const b of head) if (isStrayControl(b)) controls++;
  if (controls > head.length * CONTROL_FRACTION) {
    return `"${name}" looks binary, not text (it is mostly control characters). Choose a plain-text file.`;
  }
  return null;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

// WHATWG index-windows-1252 for 0x80..0x9F; every other byte is its own code point. Decoded by
// hand because Node's TextDecoder('windows-1252') treats it as Latin-1 since 20.18.3 (nodejs/node#60888).
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
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
 * Everything: size, empty, binary; strict UTF-8, else Windows-1252 with a notice; a UTF-8 BOM
 * stripped; CRLF and CR turned into LF.
 */
export function decodeTextFile(file: InputFile): TextFileResult {
  const { name } = file;
  const tooBig = checkFileSize(name, file.bytes.length);
  if (tooBig) return { ok: false, message: tooBig };
  if (file.bytes.length === 0) return { ok: false, message: `"${name}" is empty. Choose a file with some text in it.` };
  const binary = sniffBinary(name, file.bytes);
  if (binary) return { ok: false, message: binary };

  // The BOM says "UTF-8"; drop its bytes so a fallback decode does not turn them into "ï»¿".
  const bytes = startsWith(file.bytes, UTF8_BOM) ? file.bytes.subarray(UTF8_BOM.length) : file.bytes;
  let raw: string;
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  const notices: string[] = [];
  try {
    raw = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    raw = decodeWindows1252(bytes);
    encoding = 'windows-1252';
    notices.push(
      `"${name}" is not valid UTF-8, so it was read as Windows-1252. If characters look wrong, save it as UTF-8 and drop it again.`,
    );
  }
  const text = normaliseText(raw);
  if (!/\S/.test(text)) {
    return { ok: false, message: `"${name}" holds only blank space. Choose a file with some text in it.` };
  }
  return { ok: true, text, encoding, notices };
}

const byName = (a: InputFile, b: InputFile): number => a.name.localeCompare(b.name, undefined, { numeric: true });

/**
 * Several files: each decoded, all must pass (the first failure in name order is returned);
 * joined in name order (a2 before a10) with one blank line between. Their total size is held
 * to MAX_FILE_BYTES too, as it all becomes one string.
 */
export function decodeTextFiles(files: InputFile[]): TextFileResult & { names?: string[] } {
  if (files.length === 0) return { ok: false, message: 'No files were given. Choose one or more text files.' };
  if (files.length === 1) {
    const result = decodeTextFile(files[0]);
    return result.ok ? { ...result, names: [files[0].name] } : result;
  }
  const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  if (total > MAX_FILE_BYTES) {
    return {
      ok: false,
      message: `These ${files.length} files are ${formatBytes(total)} together; the limit is ${formatBytes(MAX_FILE_BYTES)}. Use fewer of them.`,
    };
  }
  const sorted = [...files].sort(byName);
  const texts: string[] = [];
  const notices: string[] = [];
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  for (const file of sorted) {
    const result = decodeTextFile(file);
    if (!result.ok) return result;
    // Trailing newlines off, so exactly one blank line separates files.
    texts.push(result.text.replace(/\n+$/, ''));
    notices.push(...result.notices);
    if (result.encoding === 'windows-1252') encoding = 'windows-1252';
  }
  return { ok: true, text: texts.join('\n\n'), encoding, notices, names: sorted.map((f) => f.name) };
}

/** Whether both halves of the 90/10 split (dataset.ts's splitTokens) hold one window. */
function fitsOneWindow(tokenCount: number, blockSize: number): boolean {
  const trainCount = Math.floor(tokenCount * 0.9); // as splitTokens computes it (the tests check)
  const need = minSplitTokens(blockSize);
  return trainCount >= need && tokenCount - trainCount >= need;
}

/** Fewest tokens whose 90/10 split holds blockSize + 1 tokens in each half (641 for 64). */
export function minTokensToTrain(blockSize: number): number {
  // Validation gets the smaller share, about a tenth: start just below 10 × (blockSize + 1).
  let n = Math.max(0, 10 * blockSize - 10);
  while (!fitsOneWindow(n, blockSize)) n++;
  return n;
}

const count = (n: number): string => n.toLocaleString('en-US');

const quoteNames = (name: string | readonly string[]): string =>
  (typeof name === 'string' ? [name] : name).map((n) => `"${n}"`).join(', ');

/**
 * Too short to train on: fewer tokens than one window (blockSize + 1) in either half of the
 * 90/10 split. `name` is one file or the list joined into the corpus; `unit` is what a token
 * is called (characters for the char tokenizer). Returns the message or null.
 */
export function checkLongEnough(
  name: string | readonly string[],
  tokenCount: number,
  blockSize: number,
  unit: 'characters' | 'tokens' = 'characters',
): string | null {
  if (fitsOneWindow(tokenCount, blockSize)) return null;
  const need = minTokensToTrain(blockSize);
  const who = quoteNames(name);
  const is = typeof name === 'string' || name.length === 1 ? 'is' : 'are';
  return (
    `${who} ${is} too short: ${count(tokenCount)} ${unit}, and a context of ${blockSize} needs at least ` +
    `${count(need)}. Add more text or lower the context.`
  );
}

/** Note for a char vocabulary over LARGE_ALPHABET symbols (Chinese text, say): accepted, with advice. */
export function alphabetNote(vocabSize: number): string | null {
  if (vocabSize <= LARGE_ALPHABET) return null;
  return (
    `This text has ${count(vocabSize)} different characters, so the vocabulary is large and training is slower. ` +
    `It will still train; BPE or a wider model will learn it better.`
  );
}
