// The header check the page runs before asking anything: a name given twice is named (JSON.parse
// alone would keep the last and report a hole), a file cut short is caught from its first bytes
// and its length, and tensor names and values in messages stay bounded.
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader, repeatedKey } from './safetensorsHeader';

const utf8 = new TextEncoder();
function fileOf(header: string, bufferBytes: number): Uint8Array {
  const json = utf8.encode(header);
  const out = new Uint8Array(8 + json.length + bufferBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}
const entry = (begin: number, end: number) => ({ dtype: 'F32', shape: [(end - begin) / 4], data_offsets: [begin, end] });

describe('repeatedKey', () => {
  it('finds a top-level key given twice, and only at the top level', () => {
    expect(repeatedKey('{"a": {"x": 1}, "b": 2, "a" : 3}')).toBe('a');
    expect(repeatedKey('{"a": {"x": 1, "x": 2}, "b": ["a", "a"]}')).toBeNull();
    expect(repeatedKey('{"__metadata__": {"k": "v"}, "w": {"s": "\\"w\\":"}}')).toBeNull();
  });
  it('compares keys as JSON reads them (escapes resolved)', () => {
    expect(repeatedKey('{"h.0": 1, "h\\u002e0": 2}')).toBe('h.0');
  });
});

describe('readSafetensorsHeader', () => {
  it('names a tensor given twice instead of the hole JSON.parse leaves', () => {
    const header = `{"w": ${JSON.stringify(entry(0, 8))}, "w": ${JSON.stringify(entry(8, 16))}}`;
    const result = readSafetensorsHeader(fileOf(header, 16));
    expect(result.ok || result.message).toMatch(/^The header names w twice, so one of them would be lost/);
  });

  it('catches a file cut short from its first bytes and its length alone', () => {
    const header = JSON.stringify({ w: entry(0, 4000) });
    const whole = fileOf(header, 4000);
    expect(readSafetensorsHeader(whole).ok).toBe(true);
    const prefix = whole.subarray(0, 8 + utf8.encode(header).length); // what the page reads of a large file
    expect(readSafetensorsHeader(prefix, whole.length).ok).toBe(true);
    const cut = readSafetensorsHeader(prefix, whole.length - 100);
    expect(cut.ok || cut.message).toMatch(
      /^The tensor "w" ends at byte 4000, past the end of the 3900-byte data buffer \(the file is cut short/,
    );
    const cutInHeader = readSafetensorsHeader(whole.subarray(0, 20), 20);
    expect(cutInHeader.ok || cutInHeader.message).toMatch(
      /^The file says its header is 60 bytes long, but it has only 12 bytes after the length/,
    );
  });

  it('keeps a long tensor name short in its message', () => {
    const name = 'x'.repeat(5000);
    const result = readSafetensorsHeader(fileOf(JSON.stringify({ [name]: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }), 2));
    expect(result.ok || result.message.length).toBeLessThan(200);
  });
});
