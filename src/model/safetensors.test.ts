// safetensors: round trip, bytes built by hand from the spec, and every malformed file refused
// with its own sentence (the reader never throws on a file's content).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSafetensors } from './exportModel';
import { decodeSafetensors, encodeSafetensors, type DecodedSafetensors } from './safetensors';

const utf8 = new TextEncoder();

/** u64 N little-endian, then the header bytes, then the buffer: the spec's layout, by hand. */
function fileOf(header: string | Uint8Array, buffer: Uint8Array = new Uint8Array(0), claimedLength?: bigint): Uint8Array {
  const json = typeof header === 'string' ? utf8.encode(header) : header;
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, claimedLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}

/** A header of float32 entries: name → [shape, begin, end]. */
const headerOf = (entries: Record<string, [number[], number, number]>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    ...Object.fromEntries(Object.entries(entries).map(([name, [shape, b, e]]) => [name, { dtype: 'F32', shape, data_offsets: [b, e] }])),
    ...extra,
  });

function messageOf(result: DecodedSafetensors): string {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.message;
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips tensors (a scalar and an empty one too) and metadata', () => {
    const tensors = [
      { name: 'wte.weight', shape: [3, 2], data: Float32Array.of(1, -2, 3.5, 1e-30, -0, 65504) },
      { name: 'ln_f.bias', shape: [2], data: Float32Array.of(Math.PI, -Math.E) },
      { name: 'scale', shape: [], data: Float32Array.of(0.125) },
      { name: 'empty', shape: [0], data: new Float32Array(0) },
      { name: 'also.empty', shape: [4, 0], data: new Float32Array(0) },
    ];
    const metadata = { format: 'test/1', note: 'Call me Ishmael — “quoted”, ünïcödé' };
    const bytes = encodeSafetensors(tensors, metadata);
    const decoded = decodeSafetensors(bytes);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.metadata).toEqual(metadata);
    const byName = new Map(decoded.tensors.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(tensors.map((t) => t.name).sort());
    for (const t of tensors) {
      expect(byName.get(t.name)?.shape).toEqual(t.shape);
      expect(Array.from(byName.get(t.name)!.data)).toEqual(Array.from(t.data));
    }
    expect(Object.is(byName.get('wte.weight')!.data[4], -0)).toBe(true);
  });

  it('pads the header with spaces so the byte buffer starts 8-aligned', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const bytes = encodeSafetensors([{ name, shape: [1], data: Float32Array.of(1) }], {});
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect((8 + n) % 8).toBe(0);
      const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
      expect(header.trimEnd().endsWith('}')).toBe(true);
      expect(/^ *$/.test(header.slice(header.trimEnd().length))).toBe(true);
    }
  });

  it('writes the bytes the spec describes, and reads back a file built by hand', () => {
    // {"__metadata__":{"k":"vv"},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 80 bytes:
    // already a multiple of 8, so no padding; then 1.0 = 00 00 80 3f and -2.0 = 00 00 00 c0.
    const json = '{"__metadata__":{"k":"vv"},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    expect(json.length).toBe(80);
    const expected = Uint8Array.of(80, 0, 0, 0, 0, 0, 0, 0, ...utf8.encode(json), 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0);
    expect(encodeSafetensors([{ name: 'x', shape: [2], data: Float32Array.of(1, -2) }], { k: 'vv' })).toEqual(expected);

    // A header of 61 bytes puts the floats at byte 69, off every 4-byte boundary; no metadata.
    const odd = '{"w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}     ';
    expect(odd.length).toBe(61);
    const handMade = Uint8Array.of(61, 0, 0, 0, 0, 0, 0, 0, ...utf8.encode(odd), 0, 0, 0xc0, 0x3f, 0xdb, 0x0f, 0x49, 0x40);
    const decoded = decodeSafetensors(handMade.buffer);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.metadata).toEqual({});
    expect(decoded.tensors).toHaveLength(1);
    expect(decoded.tensors[0].name).toBe('w');
    expect(decoded.tensors[0].shape).toEqual([1, 2]);
    expect(Array.from(decoded.tensors[0].data)).toEqual([1.5, Math.fround(Math.PI)]);
  });

  it('reads from a view that starts at an odd offset of a larger buffer', () => {
    const bytes = encodeSafetensors([{ name: 'a', shape: [3], data: Float32Array.of(1, 2, 3) }], {});
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 1);
    const decoded = decodeSafetensors(padded.subarray(1, 1 + bytes.length));
    if (!decoded.ok) throw new Error(decoded.message);
    expect(Array.from(decoded.tensors[0].data)).toEqual([1, 2, 3]);
  });

  it('refuses to write a length that does not match its shape, or a name twice', () => {
    expect(() => encodeSafetensors([{ name: 'a', shape: [2, 2], data: new Float32Array(3) }], {})).toThrow(/3 values.*holds 4/);
    const a = { name: 'a', shape: [1], data: new Float32Array(1) };
    expect(() => encodeSafetensors([a, a], {})).toThrow(/twice/);
    expect(() => encodeSafetensors([{ ...a, name: '__metadata__' }], {})).toThrow(/metadata/);
  });
});

describe('decodeSafetensors refuses malformed files, each in its own words', () => {
  const eight = new Uint8Array(8);
  const cases: [string, Uint8Array | ArrayBuffer, RegExp, number?][] = [
    ['a file shorter than 8 bytes', Uint8Array.of(1, 2, 3), /only 3 bytes long.*8-byte header length/],
    ['an empty file', new ArrayBuffer(0), /only 0 bytes long/],
    [
      'a header length claiming gigabytes',
      fileOf('{}', eight, 5_000_000_000n),
      /header is 5 GB long, but it has only 10 bytes after the length/,
    ],
    [
      'a header length above the cap',
      fileOf(headerOf({ a: [[2], 0, 8] }), eight),
      /header is 54 bytes long, above the 16 bytes this reader accepts/,
      16,
    ],
    ['a header that is not UTF-8', fileOf(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)), /not valid UTF-8/],
    ['a header that is not JSON', fileOf('{"a": {"dtype": '), /not valid JSON/],
    ['a header that is an array', fileOf('[1, 2]'), /JSON but an array, not an object of tensors/],
    ['a header that is a number', fileOf('42'), /JSON but the number 42, not an object/],
    ['a header with spaces before "{"', fileOf('  {}'), /must start with "\{"/],
    [
      'an entry without dtype',
      fileOf('{"a":{"shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4)),
      /entry for "a" is malformed: it has no "dtype"/,
    ],
    [
      'an entry without shape',
      fileOf('{"a":{"dtype":"F32","data_offsets":[0,4]}}', new Uint8Array(4)),
      /"a" is malformed: it has no "shape"/,
    ],
    [
      'an entry without data_offsets',
      fileOf('{"a":{"dtype":"F32","shape":[1]}}', new Uint8Array(4)),
      /"a" is malformed: it has no "data_offsets"/,
    ],
    [
      'an entry that is not an object',
      fileOf('{"a":[1]}'),
      /"a" is malformed: it is an array, not an object with "dtype", "shape" and "data_offsets"/,
    ],
    [
      'a dtype that is not a string',
      fileOf('{"a":{"dtype":5,"shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4)),
      /"dtype" must be a string/,
    ],
    [
      'a shape that is not a list',
      fileOf('{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}', eight),
      /"shape" must be a list of whole numbers/,
    ],
    [
      'a negative shape',
      fileOf('{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', eight),
      /"shape" must be a list of whole numbers ≥ 0 \(it is \[-2\]\)/,
    ],
    ['a fractional shape', fileOf('{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}}', eight), /"shape" must be/],
    ['one offset', fileOf('{"a":{"dtype":"F32","shape":[2],"data_offsets":[8]}}', eight), /"data_offsets" must be two whole numbers/],
    [
      'three offsets',
      fileOf('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}', eight),
      /"data_offsets" must be two whole numbers/,
    ],
    [
      'a negative offset',
      fileOf('{"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}', eight),
      /"data_offsets" must be two whole numbers ≥ 0, \[begin, end\] \(it is \[-8,0\]\)/,
    ],
    ['a fractional offset', fileOf('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,7.5]}}', eight), /"data_offsets" must be/],
    [
      'an F16 tensor',
      fileOf('{"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}', eight),
      /"a" is stored as F16; this reader reads only F32/,
    ],
    ['a BF16 tensor', fileOf('{"a":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}', eight), /stored as BF16/],
    [
      'a shape that does not match its bytes',
      fileOf(headerOf({ a: [[3], 0, 8] }), eight),
      /shape \[3\], which takes 12 bytes as F32, but its data_offsets span 8/,
    ],
    ['offsets that end before they begin', fileOf(headerOf({ a: [[0], 8, 0] }), eight), /\[8, 0\]: it ends before it begins/],
    ['offsets past the buffer', fileOf(headerOf({ a: [[4], 0, 16] }), eight), /ends at byte 16, past the end of the 8-byte data buffer/],
    ['overlapping tensors', fileOf(headerOf({ a: [[2], 0, 8], b: [[1], 4, 8] }), eight), /"a" and "b" overlap/],
    [
      'a hole between tensors',
      fileOf(headerOf({ a: [[1], 0, 4], b: [[1], 8, 12] }), new Uint8Array(12)),
      /Bytes 4–8 .* belong to no tensor \(a hole before "b"\)/,
    ],
    ['bytes after the last tensor', fileOf(headerOf({ a: [[1], 0, 4] }), eight), /last 4 bytes of the data buffer belong to no tensor/],
    [
      '__metadata__ with a number',
      fileOf(headerOf({}, { __metadata__: { step: 3 } })),
      /"__metadata__" must be an object mapping names to strings, but "step" holds the number 3/,
    ],
    [
      '__metadata__ that is a list',
      fileOf(headerOf({}, { __metadata__: ['a'] })),
      /"__metadata__" must be an object mapping names to strings\./,
    ],
    [
      'a PNG image',
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52),
      /looks like a PNG image, not a safetensors file/,
    ],
    ['JSON text', utf8.encode('{\n  "wte.weight": [[0.1, 0.2]]\n}\n'), /looks like JSON text, not a safetensors file/],
    ['a PyTorch zip checkpoint', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0), /looks like a ZIP archive/],
    ['plain text', utf8.encode('Call me Ishmael. Some years ago'), /looks like plain text, not a safetensors file/],
    [
      'random bytes',
      Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
      /header is .* long, but it has only 1 byte after the length: it is not a safetensors file/,
    ],
  ];

  it.each(cases)('%s', (_, bytes, message, maxHeaderBytes) => {
    expect(messageOf(decodeSafetensors(bytes, { maxHeaderBytes }))).toMatch(message);
  });

  it('gives every case its own message', () => {
    const messages = cases.map(([, bytes, , maxHeaderBytes]) => messageOf(decodeSafetensors(bytes, { maxHeaderBytes })));
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('accepts an empty tensor at the end and a header with only metadata', () => {
    const decoded = decodeSafetensors(
      fileOf(headerOf({ a: [[1], 0, 4], z: [[0], 4, 4] }, { __metadata__: { k: 'v' } }), new Uint8Array(4)),
    );
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.tensors.map((t) => [t.name, t.data.length])).toEqual([
      ['a', 1],
      ['z', 0],
    ]);
    const onlyMetadata = decodeSafetensors(fileOf('{"__metadata__":{}}'));
    expect(onlyMetadata).toEqual({ ok: true, tensors: [], metadata: {} });
  });

  it('never throws on random bytes', () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256));
      if (i % 2 === 0 && bytes.length >= 8)
        new DataView(bytes.buffer).setBigUint64(0, BigInt(Math.floor(next() * (bytes.length - 8))), true);
      expect(() => decodeSafetensors(bytes)).not.toThrow();
    }
  });
});

describe('the handed file whose header names a tensor twice', () => {
  // A home-made writer repeated h.0.ln_1.weight; JSON.parse keeps the last, which read as a hole in the buffer.
  const bytes = new Uint8Array(readFileSync(join(__dirname, 'fixtures/duplicate-tensor-name.safetensors')));
  it('is refused with the name it repeats, not the hole it leaves', () => {
    expect(messageOf(decodeSafetensors(bytes))).toMatch(/^The header names h\.0\.ln_1\.weight twice/);
    const imported = importSafetensors(bytes);
    expect(imported.ok || imported.message).not.toMatch(/hole|belong to no tensor/);
  });
});
