// What general-purpose compression achieves on a text, in the unit the model is measured in (bits
// per character): gzip and deflate through the platform's CompressionStream (the browser's, and
// Node's since 18), and the zeroth-order entropy of its characters (the best any coder can do that
// knows only how often each character occurs, ignoring context). And the characters a run of
// tokens covers, which turns a loss per token into bits per character under any tokenizer.
import type { Tokenizer } from './tokenizer';
import { isBpeTokenizer } from './bpe';

export type StreamFormat = 'gzip' | 'deflate';

/**
 * Size of `bytes` compressed by the platform's CompressionStream, headers and trailers included
 * (gzip adds 18 bytes, deflate's zlib wrapper 6, to the same deflate stream).
 * @throws TypeError where the platform has no CompressionStream.
 */
export async function compressedSize(bytes: Uint8Array, format: StreamFormat): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream(format));
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return size;
    size += value.byteLength;
  }
}

/**
 * The zeroth-order entropy of the text's characters (code points), bits per character:
 * −Σ p(c) log2 p(c) with p the character's share of the text. 0 for an empty text.
 */
export function zerothOrderEntropy(text: string): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const ch of text) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    n++;
  }
  let bits = 0;
  for (const c of counts.values()) bits -= c * Math.log2(c / n);
  return n > 0 ? bits / n : 0;
}

/**
 * How many characters begin in each token: 1 for a character token; for a byte-level BPE token, its
 * UTF-8 lead bytes (bytes not of the form 10xxxxxx), so a character split across tokens is counted
 * once, in the token holding its first byte. Summed over any run of tokens that decodes to a text,
 * this is that text's characters. [V]
 */
export function charactersStarting(tokenizer: Tokenizer): Uint8Array {
  const V = tokenizer.vocabSize;
  if (!isBpeTokenizer(tokenizer)) return new Uint8Array(V).fill(1);
  return Uint8Array.from({ length: V }, (_, id) => tokenizer.tokenBytes(id).reduce((n, b) => n + ((b & 0xc0) !== 0x80 ? 1 : 0), 0));
}

/** The characters a run of token ids covers (charactersStarting summed over it). */
export function charactersOf(ids: ArrayLike<number>, starting: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < ids.length; i++) n += starting[ids[i]];
  return n;
}
