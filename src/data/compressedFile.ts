// The file Compress writes and Decompress reads: a short header, then the range coder's bytes.
// The header says which model made it (a checksum of its weights and tokenizer, the run's saved id
// and step, the backend and compute path whose arithmetic gave the distributions) and what the
// text is (token and character counts, CRC-32 of its UTF-8), so a file from other weights, a
// damaged or truncated file, or one that is not ours is refused with a message instead of decoding
// into garbage. Layout (little-endian; counts as unsigned LEB128 varints):
//   "PPAC" · format 1 · tokenizer (0 char, 1 BPE) · backend (index in BACKENDS) · compute path
//   (index in KERNEL_PATHS) · vocabSize · tokens · characters · CRC-32 (4 bytes) · model checksum
//   (8 bytes) · step · saved id (a kind byte: 1 = a UUID in 16 bytes, 0 = a length byte and UTF-8)
//   · code bytes (a varint) · the code.
import { BACKENDS, KERNEL_PATHS, type BackendName, type KernelPath } from '../protocol/settings';

export const MAGIC = 'PPAC';
export const FORMAT_VERSION = 1;
const TOKENIZERS = ['char', 'bpe'] as const;
const CHECKSUM_BYTES = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_ID_BYTES = 255;

export interface CompressedHeader {
  tokenizer: (typeof TOKENIZERS)[number];
  backend: BackendName;
  kernels: KernelPath;
  vocabSize: number;
  tokens: number;
  /** Code points of the text. */
  characters: number;
  /** CRC-32 of the text's UTF-8 bytes. */
  textCrc: number;
  /** The model's checksum: 16 hex digits (the first 8 bytes of a SHA-256). */
  modelChecksum: string;
  step: number;
  savedId: string;
}

/** A file Decompress cannot read; the message says why and what to do. */
export class CompressedFileError extends Error {}

/**
 * The file: header, then `code`.
 * @throws RangeError for a checksum that is not 16 hex digits or a saved id over 255 bytes.
 */
export function writeCompressedFile(h: CompressedHeader, code: Uint8Array): Uint8Array {
  if (!/^[0-9a-f]{16}$/.test(h.modelChecksum)) throw new RangeError('the model checksum must be 16 hex digits');
  const out: number[] = [...MAGIC].map((c) => c.charCodeAt(0));
  out.push(FORMAT_VERSION, TOKENIZERS.indexOf(h.tokenizer), BACKENDS.indexOf(h.backend), KERNEL_PATHS.indexOf(h.kernels));
  for (const n of [h.vocabSize, h.tokens, h.characters]) pushVarint(out, n);
  for (let i = 0; i < 4; i++) out.push((h.textCrc >>> (8 * i)) & 0xff);
  for (let i = 0; i < CHECKSUM_BYTES; i++) out.push(parseInt(h.modelChecksum.slice(2 * i, 2 * i + 2), 16));
  pushVarint(out, h.step);
  if (UUID.test(h.savedId)) out.push(1, ...hexBytes(h.savedId.replace(/-/g, '')));
  else {
    const id = new TextEncoder().encode(h.savedId);
    if (id.length > MAX_ID_BYTES) throw new RangeError('the saved id is too long');
    out.push(0, id.length, ...id);
  }
  pushVarint(out, code.length);
  const file = new Uint8Array(out.length + code.length);
  file.set(out);
  file.set(code, out.length);
  return file;
}

/**
 * Reads a file Compress wrote.
 * @returns its header, the code, and how many bytes the header took.
 * @throws CompressedFileError: not ours, a newer format, cut short, longer than it says, or a
 *   header with a value no page writes.
 */
export function readCompressedFile(file: Uint8Array): { header: CompressedHeader; code: Uint8Array; headerBytes: number } {
  const head = String.fromCharCode(...file.subarray(0, MAGIC.length));
  if (head !== MAGIC)
    throw new CompressedFileError(
      `This is not a file compressed by this page (those start with "${MAGIC}"). Choose a .ppac file made with Compress.`,
    );
  let at = MAGIC.length;
  const cut = () =>
    new CompressedFileError(`This file is cut short inside its header (${file.length} bytes). Download it again from where it was made.`);
  const byte = (): number => {
    if (at >= file.length) throw cut();
    return file[at++];
  };
  const varint = (): number => {
    let n = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = byte();
      n += (b & 0x7f) * shift;
      if (b < 0x80) return n;
      if (shift > 2 ** 35) throw damaged('a count is too long');
    }
  };
  const version = byte();
  if (version !== FORMAT_VERSION)
    throw new CompressedFileError(
      `This file is in format ${version}; this page reads format ${FORMAT_VERSION}. Decompress it with the page that made it.`,
    );
  const tokenizer = TOKENIZERS[byte()];
  const backend = BACKENDS[byte()];
  const kernels = KERNEL_PATHS[byte()];
  if (!tokenizer || !backend || !kernels) throw damaged('it names a tokenizer, backend or compute path this page does not know');
  const [vocabSize, tokens, characters] = [varint(), varint(), varint()];
  let textCrc = 0;
  for (let i = 0; i < 4; i++) textCrc += byte() * 2 ** (8 * i);
  const modelChecksum = Array.from({ length: CHECKSUM_BYTES }, () => byte().toString(16).padStart(2, '0')).join('');
  const step = varint();
  const idKind = byte();
  let savedId: string;
  if (idKind === 1) {
    const hex = Array.from({ length: 16 }, () => byte().toString(16).padStart(2, '0')).join('');
    savedId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  } else if (idKind === 0) {
    const length = byte();
    if (at + length > file.length) throw cut();
    savedId = new TextDecoder().decode(file.subarray(at, (at += length)));
  } else throw damaged(`unknown id kind ${idKind}`);
  const codeBytes = varint();
  const headerBytes = at;
  const has = file.length - headerBytes;
  if (has < codeBytes)
    throw new CompressedFileError(
      `This file is cut short: its header promises ${codeBytes} bytes of code and it holds ${has}. Download it again from where it was made.`,
    );
  if (has > codeBytes) throw damaged(`it has ${has - codeBytes} bytes more than its header says`);
  const header = { tokenizer, backend, kernels, vocabSize, tokens, characters, textCrc, modelChecksum, step, savedId };
  return { header, code: file.subarray(headerBytes), headerBytes };
}

const damaged = (why: string) => new CompressedFileError(`This file's header is damaged (${why}); it cannot be decompressed.`);

function pushVarint(out: number[], n: number): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`not a count: ${n}`);
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
}

const hexBytes = (hex: string): number[] => Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
