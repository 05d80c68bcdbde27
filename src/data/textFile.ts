// A file a person drops on the page, from bytes to training text: refuse what is too big, empty
// or binary; decode it (decodeText.ts: UTF-16, UTF-8, Windows-1252, with a notice whenever it
// was not plain UTF-8, never silent mojibake); normalise it (corpus.ts). Several files: those
// that pass are joined, those refused are named in a bounded notice. Names in messages are
// bounded (protocol/echo.ts). Pure, so it runs in the worker and in Node tests.
import { normaliseText } from './corpus';
import { minSplitTokens } from './dataset';
import { decodeText, sniffUtf16 } from './decodeText';
import { checkFileSize, checkTotalSize } from '../protocol/limits';
import { formatCount } from '../protocol/units';
import { echo, echoList } from '../protocol/echo';

export const LARGE_ALPHABET = 1000; // char vocab above this gets a note

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export type TextFileResult = { ok: true; text: string; notices: string[] } | { ok: false; message: string };

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
  // UTF-32's marks, before UTF-16's (FF FE is how both LE marks start); UTF-16 is read, UTF-32 not.
  ...[
    [0xff, 0xfe, 0, 0],
    [0, 0, 0xfe, 0xff],
  ].map((bytes) => ({
    bytes,
    message: (n: string) => `"${n}" is saved as UTF-32. Save it as UTF-8 and drop it again.`,
  })),
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** C0 controls that plain text does not use: all below 0x20 except tab, LF, FF, CR. */
const isStrayControl = (b: number): boolean => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d;

/** The first 64 KB as code units: bytes, or 16-bit units for UTF-16 (whose NUL high bytes are not controls). */
function headUnits(bytes: Uint8Array): Uint8Array | Uint16Array {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const utf16 = sniffUtf16(bytes);
  if (!utf16) return head;
  const units = new Uint16Array(head.length >> 1);
  const [lo, hi] = utf16.endian === 'LE' ? [0, 1] : [1, 0];
  for (let i = 0; i < units.length; i++) units[i] = head[2 * i + lo] | (head[2 * i + hi] << 8);
  return units;
}

/**
 * Recognises binary files: magic bytes first, then a NUL in the first 64 KB, then mostly control
 * characters (over 10% of the first 64 KB). UTF-16 text (see sniffUtf16) is judged by its 16-bit
 * units, so its NUL bytes do not count against it. Returns a message or null.
 */
export function sniffBinary(name: string, bytes: Uint8Array): string | null {
  const magic = MAGICS.find((m) => startsWith(bytes, m.bytes));
  if (magic) return magic.message(name);
  const head = headUnits(bytes);
  if (head.includes(0)) return `"${name}" looks binary, not text (it holds NUL bytes). Choose a plain-text file.`;
  let controls = 0;
  for (const b of head) if (isStrayControl(b)) controls++;
  if (controls > head.length * CONTROL_FRACTION) {
    return `"${name}" looks binary, not text (it is mostly control characters). Choose a plain-text file.`;
  }
  return null;
}

/**
 * Everything: size, empty, binary; decoded (UTF-16, UTF-8, a few bad UTF-8 bytes replaced, or
 * Windows-1252: decodeText says which in a notice); normalised (no BOM, LF line endings, NFC).
 */
export function decodeTextFile(file: InputFile): TextFileResult {
  const name = echo(file.name); // as messages show it: a few dozen characters at most
  const tooBig = checkFileSize(name, file.bytes.length);
  if (tooBig) return { ok: false, message: tooBig };
  if (file.bytes.length === 0) return { ok: false, message: `"${name}" is empty. Choose a file with some text in it.` };
  const binary = sniffBinary(name, file.bytes);
  if (binary) return { ok: false, message: binary };

  const { text: raw, notices } = decodeText(name, file.bytes);
  const text = normaliseText(raw);
  if (!/\S/.test(text)) {
    return { ok: false, message: `"${name}" holds only blank space. Choose a file with some text in it.` };
  }
  return { ok: true, text, notices };
}

const byName = (a: InputFile, b: InputFile): number => a.name.localeCompare(b.name, undefined, { numeric: true });

/** Refusals named in full in a notice before the rest are only counted. */
const REFUSALS_SHOWN = 3;

/** "Left out 2 of 5 files: "a.png" is a PNG image. …": the files a drop could not use, bounded. */
function leftOutNotice(refused: readonly { name: string; message: string }[], total: number): string {
  const shown = refused.slice(0, REFUSALS_SHOWN).map((r) => r.message);
  const rest = refused.slice(REFUSALS_SHOWN).map((r) => r.name);
  const more = rest.length > 0 ? ` And ${formatCount(rest.length)} more: ${echoList(rest, { quote: true })}.` : '';
  return `Left out ${formatCount(refused.length)} of ${formatCount(total)} files, the others are read. ${shown.join(' ')}${more}`;
}

/**
 * Several files: each decoded; those that fail (binary, empty) are left out and named in a
 * notice, as long as one passes (else the first failure in name order is returned). Joined in
 * name order (a2 before a10) with one blank line between. Their total size is held to
 * MAX_FILE_BYTES too, as it all becomes one string.
 */
export function decodeTextFiles(files: InputFile[]): TextFileResult & { names?: string[] } {
  if (files.length === 0) return { ok: false, message: 'No files were given. Choose one or more text files.' };
  if (files.length === 1) {
    const result = decodeTextFile(files[0]);
    return result.ok ? { ...result, names: [files[0].name] } : result;
  }
  const tooBig = checkTotalSize(files.map((f) => f.bytes.length));
  if (tooBig) return { ok: false, message: tooBig };
  const sorted = [...files].sort(byName);
  const texts: string[] = [];
  const notices: string[] = [];
  const names: string[] = [];
  const refused: { name: string; message: string }[] = [];
  for (const file of sorted) {
    const result = decodeTextFile(file);
    if (!result.ok) {
      refused.push({ name: file.name, message: result.message });
      continue;
    }
    // Trailing newlines off, so exactly one blank line separates files.
    texts.push(result.text.replace(/\n+$/, ''));
    notices.push(...result.notices);
    names.push(file.name);
  }
  if (texts.length === 0) {
    const first = refused[0].message;
    return { ok: false, message: refused.length === 1 ? first : `None of the ${formatCount(refused.length)} files can be read. ${first}` };
  }
  if (refused.length > 0) notices.unshift(leftOutNotice(refused, sorted.length));
  return { ok: true, text: texts.join('\n\n'), notices, names };
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

const quoteNames = (name: string | readonly string[]): string => echoList(typeof name === 'string' ? [name] : name, { quote: true });

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
    `${who} ${is} too short: ${formatCount(tokenCount)} ${unit}, and a context of ${blockSize} needs at least ` +
    `${formatCount(need)}. Add more text or lower the context.`
  );
}

/** Note for a char vocabulary over LARGE_ALPHABET symbols (Chinese text, say): accepted, with advice. */
export function alphabetNote(vocabSize: number): string | null {
  if (vocabSize <= LARGE_ALPHABET) return null;
  return (
    `This text has ${formatCount(vocabSize)} different characters, so the vocabulary is large and training is slower. ` +
    `It will still train; BPE or a wider model will learn it better.`
  );
}
