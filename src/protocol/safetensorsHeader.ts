// The header of a safetensors file, read and checked without touching the tensors' values,
// following Hugging Face's format spec (github.com/huggingface/safetensors, README "Format"): an
// 8-byte little-endian u64 N, N bytes of UTF-8 JSON ({name: {dtype, shape, data_offsets},
// "__metadata__": {string: string}}), then the byte buffer, which the tensors must cover exactly.
// It checks what the Rust reference checks (header cap, '{' first, offsets contiguous, sizes),
// and a name given twice (JSON.parse keeps only the last, so the file would read as having a
// hole), each malformed case in its own sentence; it never throws on a file's bytes. Pure, with
// no tfjs: the page checks a file with it before asking to replace a run (model/safetensors.ts
// reads the values in the worker).
import * as v from 'valibot';
import { echo } from './echo';
import { formatBytes } from './units';

/** One tensor's place in the buffer, as its header entry says. */
export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Byte offsets in the data buffer, [begin, end). */
  begin: number;
  end: number;
}

/** The checked header: entries sorted by their place in the buffer, and where the buffer starts. */
export type SafetensorsHeader =
  { ok: true; entries: TensorEntry[]; metadata: Record<string, string>; bufferStart: number } | { ok: false; message: string };

/** The Rust reference's MAX_HEADER_SIZE: a header above this is refused before it is parsed. */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;
export const METADATA_KEY = '__metadata__';
export const F32_BYTES = 4;

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

const SHAPE_MESSAGE = '"shape" must be a list of whole numbers ≥ 0';
const OFFSETS_MESSAGE = '"data_offsets" must be two whole numbers ≥ 0, [begin, end]';
const wholeNumber = (message: string) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(0, message), v.maxValue(Number.MAX_SAFE_INTEGER, message));

/** One tensor's header entry. Unknown keys are ignored, as the Rust reference's serde does. */
const TensorEntrySchema = v.object({
  dtype: v.string('"dtype" must be a string such as "F32"'),
  shape: v.array(wholeNumber(SHAPE_MESSAGE), SHAPE_MESSAGE),
  data_offsets: v.strictTuple([wholeNumber(OFFSETS_MESSAGE), wholeNumber(OFFSETS_MESSAGE)], OFFSETS_MESSAGE),
});

const METADATA_MESSAGE = '"__metadata__" must be an object mapping names to strings';
const MetadataSchema = v.record(v.string(), v.string(METADATA_MESSAGE), METADATA_MESSAGE);

/** What a JSON value is, in words: "an array", "the number 3". */
function describeJson(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `the string ${JSON.stringify(echo(x, 40))}`;
  return `the ${typeof x} ${echo(String(x))}`;
}

/**
 * An entry's first valibot issue as a clause: a missing key reads `it has no "dtype"`, a bad
 * field `"shape" must be … (it is [-2])`.
 */
function describeEntryIssue(entry: unknown, issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = v.getDotPath(issue);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return `it is ${describeJson(entry)}, not an object with "dtype", "shape" and "data_offsets"`;
  }
  if (issue.type === 'object' && issue.input === undefined && path) return `it has no "${echo(path)}"`;
  const field = path?.split('.')[0];
  const value = Object.entries(entry).find(([key]) => key === field);
  const given = value ? JSON.stringify(value[1]) : undefined;
  return given === undefined ? issue.message : `${issue.message} (it is ${echo(given, 60)})`;
}

/** Formats whose first bytes we recognise, so a wrong file gets named rather than mis-parsed. */
const KNOWN_FORMATS: { name: string; magic: number[] }[] = [
  { name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { name: 'a ZIP archive (a PyTorch .pt or .bin checkpoint is one)', magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a gzip file', magic: [0x1f, 0x8b] },
  { name: 'a GGUF model', magic: [0x47, 0x47, 0x55, 0x46] },
];

/**
 * "a PNG image", "JSON text", … for a file that is plainly something else, or null. Asked only
 * once the file has failed as safetensors: a real header length can start with these bytes.
 */
function sniffOtherFormat(bytes: Uint8Array): string | null {
  const known = KNOWN_FORMATS.find(({ magic }) => magic.every((b, i) => bytes[i] === b));
  if (known) return known.name;
  const first = bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
  if (first === 0x7b || first === 0x5b) return 'JSON text'; // '{' or '[' (after spaces or a BOM)
  // A real header length is never eight printable bytes: that would claim petabytes.
  if (bytes.length >= 8 && bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d)) return 'plain text';
  return null;
}

const fail = (message: string): SafetensorsHeader => ({ ok: false, message });

/** A structural failure: names the file's real format when we recognise it, else `message`. */
function notSafetensors(file: Uint8Array, message: string): SafetensorsHeader {
  const other = sniffOtherFormat(file.subarray(0, 16));
  return fail(other ? `This file looks like ${other}, not a safetensors file.` : message);
}

/**
 * The first key the header's top-level object gives twice, or null. JSON.parse keeps the last of
 * a repeated key, so only the text shows it. Call it on text that JSON.parse accepted.
 */
export function repeatedKey(json: string): string | null {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (depth === 1) {
        let next = end + 1;
        while (json[next] === ' ' || json[next] === '\t' || json[next] === '\n' || json[next] === '\r') next++;
        if (json[next] === ':') {
          const key = String(JSON.parse(json.slice(i, end + 1)));
          if (seen.has(key)) return key;
          seen.add(key);
        }
      }
      i = end;
    }
  }
  return null;
}

/**
 * Reads and checks a safetensors header.
 * @param file the file, or at least its first 8 + N bytes (N: the header length it states).
 * @param fileLength the whole file's length in bytes (default: `file.length`), so the page can
 *   check a file's header from a slice of it.
 * @param opts.maxHeaderBytes refuse a header longer than this (default 100 MB, as the Rust reference).
 */
export function readSafetensorsHeader(
  file: Uint8Array,
  fileLength = file.length,
  opts: { maxHeaderBytes?: number } = {},
): SafetensorsHeader {
  const maxHeaderBytes = opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (fileLength < 8) {
    return notSafetensors(
      file,
      `The file is only ${formatBytes(fileLength)} long: a safetensors file starts with an 8-byte header length, so it is not one (or it was cut short).`,
    );
  }
  const claimed = new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true);
  const available = fileLength - 8;
  if (claimed > BigInt(available)) {
    return notSafetensors(
      file,
      `The file says its header is ${formatBytes(Number(claimed))} long, but it has only ${formatBytes(available)} after the length: it is not a safetensors file, or it was cut short.`,
    );
  }
  const headerLength = Number(claimed);
  if (headerLength > maxHeaderBytes) {
    return fail(`The header is ${formatBytes(headerLength)} long, above the ${formatBytes(maxHeaderBytes)} this reader accepts.`);
  }
  const headerBytes = file.subarray(8, 8 + headerLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    return notSafetensors(file, 'The header is not valid UTF-8 text, so the file is damaged or not a safetensors file.');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return notSafetensors(file, `The header is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return fail(`The header is JSON but ${describeJson(header)}, not an object of tensors.`);
  }
  // Padding may follow the JSON, never precede it (the Rust reference refuses this too).
  if (headerBytes[0] !== 0x7b) return fail('The header must start with "{", but white space or a byte-order mark comes before it.');
  const twice = repeatedKey(text);
  if (twice !== null) {
    return fail(
      `The header names ${echo(twice, 64)} twice, so one of them would be lost: each tensor must be named once. Export the model again, or mend the program that wrote it.`,
    );
  }
  return checkEntries(header, fileLength - 8 - headerLength, 8 + headerLength);
}

/** Each entry's fields, dtype and size, then the buffer covered exactly: back to back from 0, no gaps, no overlap. */
function checkEntries(header: object, bufferLength: number, bufferStart: number): SafetensorsHeader {
  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      const parsed = v.safeParse(MetadataSchema, raw);
      if (!parsed.success || Array.isArray(raw)) {
        // valibot's record takes an array as an object
        const issue = parsed.issues?.[0];
        const key = issue && v.getDotPath(issue);
        return fail(`The header's ${METADATA_MESSAGE}${issue && key ? `, but "${echo(key)}" holds ${describeJson(issue.input)}` : ''}.`);
      }
      metadata = parsed.output;
      continue;
    }
    const parsed = v.safeParse(TensorEntrySchema, raw);
    if (!parsed.success) return fail(`The header entry for "${echo(name, 64)}" is malformed: ${describeEntryIssue(raw, parsed.issues)}.`);
    const [begin, end] = parsed.output.data_offsets;
    entries.push({ name, dtype: parsed.output.dtype, shape: parsed.output.shape, begin, end });
  }
  for (const { name, dtype, shape, begin, end } of entries) {
    const shown = echo(name, 64);
    if (dtype !== 'F32') return fail(`The tensor "${shown}" is stored as ${echo(dtype)}; this reader reads only F32 (float32) tensors.`);
    if (end < begin) return fail(`The tensor "${shown}" has data_offsets [${begin}, ${end}]: it ends before it begins.`);
    if (end > bufferLength)
      return fail(
        `The tensor "${shown}" ends at byte ${end}, past the end of the ${bufferLength}-byte data buffer (the file is cut short or the header is wrong).`,
      );
    const expected = sizeOf(shape) * F32_BYTES;
    if (expected !== end - begin) {
      return fail(
        `The tensor "${shown}" has shape [${echo(shape.join(', '))}], which takes ${expected} bytes as F32, but its data_offsets span ${end - begin}.`,
      );
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const { name, begin, end } of sorted) {
    const shown = echo(name, 64);
    if (begin < covered) return fail(`The tensors "${previous}" and "${shown}" overlap in the data buffer (bytes ${begin}–${covered}).`);
    if (begin > covered) return fail(`Bytes ${covered}–${begin} of the data buffer belong to no tensor (a hole before "${shown}").`);
    covered = end;
    previous = shown;
  }
  if (covered !== bufferLength) {
    return fail(`The last ${bufferLength - covered} bytes of the data buffer belong to no tensor: the file has bytes after its tensors.`);
  }
  return { ok: true, entries: sorted, metadata, bufferStart };
}
