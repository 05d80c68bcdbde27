// A small safetensors writer and reader (float32 only), following Hugging Face's format spec
// (github.com/huggingface/safetensors, README "Format"): an 8-byte little-endian u64 N, N bytes of
// UTF-8 JSON header ({name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}), then
// the byte buffer. Offsets are relative to the buffer, which the tensors must cover exactly.
// The reader checks what the Rust reference checks (header cap, '{' first, offsets contiguous,
// sizes) and turns each malformed case into its own sentence; it never throws on a file's bytes.
import * as v from 'valibot';
import { formatBytes } from '../protocol/units';

/** One float32 tensor: row-major values with their shape (`[]` = a scalar, a 0 in it = empty). */
export interface SafetensorsTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export type DecodedSafetensors =
  { ok: true; tensors: SafetensorsTensor[]; metadata: Record<string, string> } | { ok: false; message: string };

/** The Rust reference's MAX_HEADER_SIZE: a header above this is refused before it is parsed. */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';
const F32_BYTES = 4;
// Float32Array uses the host's byte order; safetensors is little-endian.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Writes tensors and string metadata as one safetensors file. Tensors are laid out in the order
 * given, back to back; the header is padded with spaces so the byte buffer starts 8-aligned.
 * @param tensors float32 values, `data.length` = the product of `shape`.
 * @throws Error for a caller's mistake: a length that does not match the shape, a repeated
 *   name, a name "__metadata__", a shape entry that is not a whole number ≥ 0.
 */
export function encodeSafetensors(tensors: readonly SafetensorsTensor[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { [METADATA_KEY]: metadata };
  let offset = 0;
  for (const { name, shape, data } of tensors) {
    if (name === METADATA_KEY || Object.hasOwn(header, name))
      throw new Error(`Cannot write a tensor named "${name}" twice or under the metadata's key.`);
    if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw new Error(`The shape of "${name}", [${shape.join(', ')}], must be whole numbers ≥ 0.`);
    if (data.length !== sizeOf(shape))
      throw new Error(`"${name}" has ${data.length} values, but its shape [${shape.join(', ')}] holds ${sizeOf(shape)}.`);
    const end = offset + data.length * F32_BYTES;
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8; // 8 + N is a multiple of 8
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength); // spaces: the spec's allowed padding
  let at = 8 + headerLength;
  for (const { data } of tensors) {
    if (HOST_IS_LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else data.forEach((x, i) => view.setFloat32(at + i * F32_BYTES, x, true));
    at += data.byteLength;
  }
  return out;
}

// --- reader -----------------------------------------------------------------------------------

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
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
  return `the ${typeof x} ${String(x)}`;
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
  if (issue.type === 'object' && issue.input === undefined && path) return `it has no "${path}"`;
  const field = path?.split('.')[0];
  const value = Object.entries(entry).find(([key]) => key === field);
  const given = value ? JSON.stringify(value[1]) : undefined;
  return given === undefined ? issue.message : `${issue.message} (it is ${given.length > 60 ? `${given.slice(0, 60)}…` : given})`;
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

const fail = (message: string): DecodedSafetensors => ({ ok: false, message });

/** A structural failure: names the file's real format when we recognise it, else `message`. */
function notSafetensors(file: Uint8Array, message: string): DecodedSafetensors {
  const other = sniffOtherFormat(file.subarray(0, 16));
  return fail(other ? `This file looks like ${other}, not a safetensors file.` : message);
}

/**
 * Reads a safetensors file holding float32 tensors. Float data is copied out, so the result does
 * not share (or depend on the alignment of) the input's memory.
 * @param opts.maxHeaderBytes refuse a header longer than this (default 100 MB, as the Rust reference).
 * @returns the tensors in file order with their metadata ({} when absent), or why the file cannot
 *   be read, one plain sentence per kind of problem. Never throws on the file's content.
 */
export function decodeSafetensors(bytes: ArrayBuffer | Uint8Array, opts: { maxHeaderBytes?: number } = {}): DecodedSafetensors {
  const file = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const maxHeaderBytes = opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (file.length < 8) {
    return notSafetensors(
      file,
      `The file is only ${formatBytes(file.length)} long: a safetensors file starts with an 8-byte header length, so it is not one (or it was cut short).`,
    );
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const claimed = view.getBigUint64(0, true);
  const available = file.length - 8;
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

  let metadata: Record<string, string> = {};
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      const parsed = v.safeParse(MetadataSchema, raw);
      if (!parsed.success || Array.isArray(raw)) {
        // valibot's record takes an array as an object
        const issue = parsed.issues?.[0];
        const key = issue && v.getDotPath(issue);
        return fail(`The header's ${METADATA_MESSAGE}${issue && key ? `, but "${key}" holds ${describeJson(issue.input)}` : ''}.`);
      }
      metadata = parsed.output;
      continue;
    }
    const parsed = v.safeParse(TensorEntrySchema, raw);
    if (!parsed.success) return fail(`The header entry for "${name}" is malformed: ${describeEntryIssue(raw, parsed.issues)}.`);
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = parsed.output;
    entries.push({ name, dtype, shape, begin, end });
  }

  const bufferStart = 8 + headerLength;
  const bufferLength = file.length - bufferStart;
  for (const { name, dtype, shape, begin, end } of entries) {
    if (dtype !== 'F32') return fail(`The tensor "${name}" is stored as ${dtype}; this reader reads only F32 (float32) tensors.`);
    if (end < begin) return fail(`The tensor "${name}" has data_offsets [${begin}, ${end}]: it ends before it begins.`);
    if (end > bufferLength)
      return fail(
        `The tensor "${name}" ends at byte ${end}, past the end of the ${bufferLength}-byte data buffer (the file is cut short or the header is wrong).`,
      );
    const expected = sizeOf(shape) * F32_BYTES;
    if (expected !== end - begin) {
      return fail(
        `The tensor "${name}" has shape [${shape.join(', ')}], which takes ${expected} bytes as F32, but its data_offsets span ${end - begin}.`,
      );
    }
  }

  // The spec wants the buffer fully indexed: tensors back to back from 0, no gaps, no overlap.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous = '';
  for (const { name, begin, end } of sorted) {
    if (begin < covered) return fail(`The tensors "${previous}" and "${name}" overlap in the data buffer (bytes ${begin}–${covered}).`);
    if (begin > covered) return fail(`Bytes ${covered}–${begin} of the data buffer belong to no tensor (a hole before "${name}").`);
    covered = end;
    previous = name;
  }
  if (covered !== bufferLength) {
    return fail(`The last ${bufferLength - covered} bytes of the data buffer belong to no tensor: the file has bytes after its tensors.`);
  }

  const tensors = sorted.map(({ name, shape, begin, end }) => ({
    name,
    shape,
    data: readFloat32(file, bufferStart + begin, bufferStart + end),
  }));
  return { ok: true, tensors, metadata };
}

/** Little-endian float32 values of file[begin, end), copied into their own aligned buffer. */
function readFloat32(file: Uint8Array, begin: number, end: number): Float32Array {
  if (HOST_IS_LITTLE_ENDIAN) return new Float32Array(file.slice(begin, end).buffer);
  const view = new DataView(file.buffer, file.byteOffset + begin, end - begin);
  return Float32Array.from({ length: (end - begin) / F32_BYTES }, (_, i) => view.getFloat32(i * F32_BYTES, true));
}
