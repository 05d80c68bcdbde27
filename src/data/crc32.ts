// CRC-32 (IEEE 802.3, the polynomial of gzip and PNG; reflected, init and final XOR 0xFFFFFFFF),
// table-driven: the compressed file's check that the text decoded is the text encoded.

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of the bytes, as an unsigned 32-bit number ("123456789" → 0xCBF43926). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 of the text's UTF-8 bytes. */
export const textCrc32 = (text: string): number => crc32(new TextEncoder().encode(text));
