// The compressed file's header: written and read back field for field, and every bad file (not
// ours, a newer format, cut short anywhere, longer than it says, a damaged field) refused with a
// CompressedFileError whose message says what to do; CRC-32 against its published check value.
import { describe, expect, it } from 'vitest';
import { CompressedFileError, FORMAT_VERSION, readCompressedFile, writeCompressedFile, type CompressedHeader } from './compressedFile';
import { crc32, textCrc32 } from './crc32';

const header: CompressedHeader = {
  tokenizer: 'bpe',
  backend: 'wasm',
  kernels: 'fused',
  vocabSize: 2048,
  tokens: 123_456,
  characters: 400_001,
  textCrc: 0xcbf43926,
  modelChecksum: '0123456789abcdef',
  step: 1500,
  savedId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
};
const code = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);

describe('crc32', () => {
  it('gives the check value of "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(textCrc32('')).toBe(0);
  });
});

describe('compressed file', () => {
  it('round-trips its header and code; a UUID takes 16 bytes', () => {
    const file = writeCompressedFile(header, code);
    const read = readCompressedFile(file);
    expect(read.header).toEqual(header);
    expect([...read.code]).toEqual([...code]);
    expect(read.headerBytes).toBe(4 + 4 + 2 + 3 + 3 + 4 + 8 + 2 + 17 + 2);
  });

  it('keeps a saved id that is not a UUID, and a file with no code', () => {
    const h = { ...header, savedId: 'lz3k-abc', tokenizer: 'char' as const, backend: 'webgpu' as const, kernels: 'reference' as const };
    const read = readCompressedFile(writeCompressedFile(h, new Uint8Array()));
    expect(read.header).toEqual(h);
    expect(read.code.length).toBe(0);
  });

  it('refuses a file that is not ours', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a);
    expect(() => readCompressedFile(png)).toThrow(CompressedFileError);
    expect(() => readCompressedFile(new Uint8Array())).toThrow(/not a file compressed by this page.*Compress/);
  });

  it('refuses a newer format', () => {
    const file = writeCompressedFile(header, code);
    file[4] = FORMAT_VERSION + 1;
    expect(() => readCompressedFile(file)).toThrow(`format ${FORMAT_VERSION + 1}`);
  });

  it('refuses a file cut short anywhere, and one longer than it says', () => {
    const file = writeCompressedFile(header, code);
    for (let n = 4; n < file.length; n++) {
      expect(() => readCompressedFile(file.subarray(0, n)), `cut at ${n}`).toThrow(/cut short/);
    }
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    expect(() => readCompressedFile(longer)).toThrow('3 bytes more than its header says');
  });

  it('refuses a field no page writes, with a message of bounded length', () => {
    const file = writeCompressedFile(header, code);
    file[6] = 9; // backend
    expect(() => readCompressedFile(file)).toThrow(/header is damaged/);
    for (const bad of [file, new Uint8Array(10_000).fill(0x41)]) {
      try {
        readCompressedFile(bad);
      } catch (e) {
        expect((e as Error).message.length).toBeLessThan(200);
      }
    }
  });

  it('refuses a checksum of the wrong form when writing', () => {
    expect(() => writeCompressedFile({ ...header, modelChecksum: 'xyz' }, code)).toThrow(RangeError);
  });
});
