// A 64-bit checksum of bytes, the same everywhere and synchronous: two 32-bit lanes of
// multiply-xorshift mixing (cyrb53's construction, widened to both lanes), read as 16 hex digits.
// It names a model's weights in a compressed file's header; it guards against mistakes (another
// run, another step), not against anyone forging a file. crypto.subtle would serve too, but it
// exists only in secure contexts, and a file must check the same on every page that can decode it.

/**
 * @param parts byte arrays hashed as one stream, each preceded by its length (so ["ab","c"] and
 *   ["a","bc"] differ).
 * @returns 16 lowercase hex digits.
 */
export function checksum64(parts: readonly Uint8Array[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (b: number) => {
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  };
  for (const part of parts) {
    for (let i = 0; i < 4; i++) mix((part.length >>> (8 * i)) & 0xff);
    for (let i = 0; i < part.length; i++) mix(part[i]);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(h2) + hex(h1);
}
