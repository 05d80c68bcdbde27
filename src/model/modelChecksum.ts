// A model's identity for the compressed file's header: a 64-bit checksum (data/checksum64.ts) of
// its weights, in name order, and its tokenizer. The same weights and tokenizer give the same
// checksum on any page; one changed weight or one changed merge gives another.
import type { Tokenizer } from '../data/tokenizer';
import { checksum64 } from '../data/checksum64';
import type { GPT } from './gpt';
import { readVariables } from './weights';

/**
 * Reads the weights back (one awaited read per variable: call between training steps) and hashes
 * them with the tokenizer's spec.
 * @returns 16 hex digits.
 */
export async function modelChecksum(model: GPT, tokenizer: Tokenizer): Promise<string> {
  const weights = await readVariables(model.params);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode(JSON.stringify(tokenizer.spec()))];
  for (const name of Object.keys(weights).sort()) {
    const w = weights[name];
    parts.push(encoder.encode(name), new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  }
  return checksum64(parts);
}
