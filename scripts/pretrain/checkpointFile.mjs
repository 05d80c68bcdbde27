// A training run's checkpoint as one file: 'PPCK', a little-endian uint32 header length, a JSON
// header (everything but the float arrays, and the caller's extra data), then every float32 array
// (weights, first and second moments) in the header's order. Written whole and renamed into place,
// so a run stopped at any moment leaves the last complete checkpoint.
const MAGIC = 'PPCK';

/** @returns the file's bytes. */
export function encodeCheckpoint(c, extra) {
  const groups = { weights: c.weights, m: c.optimizer.m, v: c.optimizer.v };
  const layout = [];
  const blocks = [];
  for (const [group, arrays] of Object.entries(groups))
    for (const [name, a] of Object.entries(arrays)) {
      layout.push({ group, name, length: a.length });
      blocks.push(a);
    }
  const rest = { ...c };
  delete rest.weights; // written as floats below
  delete rest.optimizer;
  const header = Buffer.from(JSON.stringify({ ...rest, optimizerStep: c.optimizer.step, layout, extra }), 'utf8');
  const pad = (4 - ((8 + header.length) % 4)) % 4; // floats start on a 4-byte boundary
  const out = Buffer.alloc(8 + header.length + pad + blocks.reduce((n, a) => n + a.byteLength, 0));
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length + pad, 4);
  header.copy(out, 8);
  out.fill(0x20, 8 + header.length, 8 + header.length + pad); // spaces: still valid JSON
  let at = 8 + header.length + pad;
  for (const a of blocks) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  return out;
}

/** @returns { checkpoint, extra } from the bytes encodeCheckpoint wrote. */
export function decodeCheckpoint(bytes) {
  if (bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a pretrain checkpoint (no PPCK header)');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength));
  const { layout, optimizerStep, extra, ...rest } = header;
  const groups = { weights: {}, m: {}, v: {} };
  let at = 8 + headerLength;
  for (const { group, name, length } of layout) {
    const a = new Float32Array(length);
    new Uint8Array(a.buffer).set(bytes.subarray(at, at + length * 4));
    groups[group][name] = a;
    at += length * 4;
  }
  if (at !== bytes.length) throw new Error(`checkpoint is ${bytes.length} bytes; its header describes ${at}`);
  const checkpoint = { ...rest, weights: groups.weights, optimizer: { step: optimizerStep, m: groups.m, v: groups.v } };
  return { checkpoint, extra };
}
