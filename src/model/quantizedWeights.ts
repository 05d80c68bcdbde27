// A model's weights in 8 bits, for the long run's snapshots the page ships (npm run pretrain):
// each matrix row by row (the row's largest |value| maps to 127, so a scale per row: int8
// symmetric, "absmax" per channel), vectors (LayerNorm gains, biases) kept in float32, since they
// are few and a gain is far from 0. About a quarter of float32's bytes; the validation loss moves
// by less than the figure written beside the snapshot (measured at pack time). File layout:
// 'PPQ8', a little-endian uint32 header length, the JSON header (tensors in order: name, shape,
// kind), then per tensor its float32 row scales and int8 values (or its float32 values), each
// block starting on a 4-byte boundary. The header is checked (valibot) before any size is read.
import * as v from 'valibot';
import type { NamedArrays } from './weights';
import { count } from '../protocol/reports';

const MAGIC = 'PPQ8';

const TensorEntrySchema = v.pipe(
  v.object({
    name: v.string(),
    shape: v.array(count),
    /** 'q8': int8 rows with a float32 scale each; 'f32': float32 values. */
    kind: v.picklist(['q8', 'f32']),
  }),
  v.check((e) => e.kind === 'f32' || e.shape.length >= 2, 'a q8 tensor has rows and columns (2 dimensions or more)'),
);
type TensorEntry = v.InferOutput<typeof TensorEntrySchema>;

const HeaderSchema = v.object({ format: v.literal(1), tensors: v.array(TensorEntrySchema) });

/** The header's JSON, checked: a newer format, or a malformed header, is said plainly. */
function parseHeader(text: string): v.InferOutput<typeof HeaderSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("the snapshot file's header is not JSON");
  }
  const format = typeof json === 'object' && json !== null && 'format' in json ? json.format : undefined;
  if (typeof format === 'number' && format !== 1) throw new Error(`snapshot format ${format} is newer than this page reads (1)`);
  const parsed = v.safeParse(HeaderSchema, json);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const path = v.getDotPath(issue);
  throw new Error(`the snapshot file's header is malformed${path ? ` at ${path}` : ''}: ${issue.message}`);
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Bytes of one tensor's block: scales and int8 values, or float32 values, each padded to 4 bytes. */
function blockBytes(e: TensorEntry): number {
  if (e.kind === 'f32') return 4 * sizeOf(e.shape);
  const rows = e.shape[0];
  return 4 * rows + pad4(sizeOf(e.shape));
}

/**
 * @param weights float32 values per name (row-major).
 * @param shapes each name's shape, in the order the file keeps.
 * @returns the file's bytes.
 */
export function encodeQuantized(weights: NamedArrays, shapes: Record<string, readonly number[]>): Uint8Array {
  const entries: TensorEntry[] = Object.entries(shapes).map(([name, shape]) => ({
    name,
    shape: [...shape],
    kind: shape.length >= 2 ? 'q8' : 'f32',
  }));
  const header = new TextEncoder().encode(JSON.stringify({ format: 1, tensors: entries }));
  const headerLength = pad4(header.length);
  const bytes = new Uint8Array(8 + headerLength + entries.reduce((n, e) => n + blockBytes(e), 0));
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(4, headerLength, true);
  bytes.set(header, 8);
  bytes.fill(0x20, 8 + header.length, 8 + headerLength); // spaces: the JSON still parses
  let at = 8 + headerLength;
  for (const e of entries) {
    const values = weights[e.name];
    if (!values || values.length !== sizeOf(e.shape)) throw new Error(`${e.name}: ${values?.length ?? 'no'} values for shape [${e.shape}]`);
    if (e.kind === 'f32') {
      new Float32Array(bytes.buffer, at, values.length).set(values);
    } else {
      const rows = e.shape[0];
      const cols = values.length / rows;
      const scales = new Float32Array(bytes.buffer, at, rows);
      const q = new Int8Array(bytes.buffer, at + 4 * rows, values.length);
      for (let r = 0; r < rows; r++) {
        let max = 0;
        for (let c = 0; c < cols; c++) max = Math.max(max, Math.abs(values[r * cols + c]));
        const scale = max > 0 ? max / 127 : 1;
        scales[r] = scale;
        for (let c = 0; c < cols; c++) q[r * cols + c] = Math.round(values[r * cols + c] / scale);
      }
    }
    at += blockBytes(e);
  }
  return bytes;
}

/**
 * The weights back as float32 (each int8 times its row's scale).
 * @returns the weights by name and their shapes, in the file's order.
 * @throws Error saying what is wrong when the bytes are not such a file, are cut short, or its header is malformed.
 */
export function decodeQuantized(bytes: Uint8Array): { weights: NamedArrays; shapes: Record<string, number[]> } {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('not a snapshot file (no PPQ8 header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new Error('the snapshot file is cut short in its header');
  const header = parseHeader(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const expected = 8 + headerLength + header.tensors.reduce((n, e) => n + blockBytes(e), 0);
  if (expected !== bytes.length) throw new Error(`the snapshot file has ${bytes.length} bytes; its header describes ${expected}`);
  // a copy on a 4-byte boundary, so typed views need no alignment care
  const buffer = bytes.slice().buffer;
  const weights: NamedArrays = {};
  const shapes: Record<string, number[]> = {};
  let at = 8 + headerLength;
  for (const e of header.tensors) {
    const n = sizeOf(e.shape);
    shapes[e.name] = e.shape;
    if (e.kind === 'f32') weights[e.name] = new Float32Array(buffer, at, n).slice();
    else {
      const rows = e.shape[0];
      const cols = n / rows;
      const scales = new Float32Array(buffer, at, rows);
      const q = new Int8Array(buffer, at + 4 * rows, n);
      const out = new Float32Array(n);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = q[r * cols + c] * scales[r];
      weights[e.name] = out;
    }
    at += blockBytes(e);
  }
  return { weights, shapes };
}
