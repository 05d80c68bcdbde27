// A small safetensors writer and reader (float32 only), following Hugging Face's format spec
// (github.com/huggingface/safetensors, README "Format"): an 8-byte little-endian u64 N, N bytes of
// UTF-8 JSON header ({name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}), then
// the byte buffer. Offsets are relative to the buffer, which the tensors must cover exactly.
// The reader's checks (header cap, '{' first, a name given twice, offsets contiguous, sizes)
// live in protocol/safetensorsHeader.ts, each malformed case its own sentence; it never throws.
import { F32_BYTES, METADATA_KEY, readSafetensorsHeader, sizeOf } from '../protocol/safetensorsHeader';

/** One float32 tensor: row-major values with their shape (`[]` = a scalar, a 0 in it = empty). */
export interface SafetensorsTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export type DecodedSafetensors =
  { ok: true; tensors: SafetensorsTensor[]; metadata: Record<string, string> } | { ok: false; message: string };

// Float32Array uses the host's byte order; safetensors is little-endian.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

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

/**
 * Reads a safetensors file holding float32 tensors: the header checked by
 * protocol/safetensorsHeader.ts (which the page uses too, before asking anything), then the
 * values. Float data is copied out, so the result does not share (or depend on the alignment of)
 * the input's memory.
 * @param opts.maxHeaderBytes refuse a header longer than this (default 100 MB, as the Rust reference).
 * @returns the tensors in file order with their metadata ({} when absent), or why the file cannot
 *   be read, one plain sentence per kind of problem. Never throws on the file's content.
 */
export function decodeSafetensors(bytes: ArrayBuffer | Uint8Array, opts: { maxHeaderBytes?: number } = {}): DecodedSafetensors {
  const file = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const header = readSafetensorsHeader(file, file.length, opts);
  if (!header.ok) return header;
  const { entries, metadata, bufferStart } = header;
  const tensors = entries.map(({ name, shape, begin, end }) => ({
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
