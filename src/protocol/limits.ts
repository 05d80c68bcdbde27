// Limits both sides check: the largest file the page reads, and the BPE vocabulary sizes offered.
// The page refuses an oversized file before reading it; the worker checks again after transfer.
import { formatBytes } from './units';
import { echo } from './echo';
import type { NumberRange } from './range';

/** Files (or several together) above this are refused: 200 MB. */
export const MAX_FILE_BYTES = 200_000_000;

/** Byte-level BPE vocabulary: the 256 bytes up to 8192 tokens. */
export const BPE_VOCAB_RANGE: NumberRange = { label: 'BPE vocabulary', min: 256, max: 8192, integer: true };

/** "…is 250 MB; the limit is 200 MB…", or null when the size is fine. */
export function checkFileSize(name: string, size: number): string | null {
  if (size <= MAX_FILE_BYTES) return null;
  const shown = formatBytes(size);
  const limit = formatBytes(MAX_FILE_BYTES);
  // 200 MB + a few bytes still reads "200 MB"; don't say "200 MB; the limit is 200 MB".
  const is = shown === limit ? `over ${limit}` : shown;
  return `"${echo(name)}" is ${is}; the limit is ${limit}. Use a smaller part of it.`;
}

/** Several files become one text, so together they are held to the same limit; null when fine. */
export function checkTotalSize(sizes: readonly number[]): string | null {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.length < 2 || total <= MAX_FILE_BYTES) return null;
  return `These ${sizes.length} files are ${formatBytes(total)} together; the limit is ${formatBytes(MAX_FILE_BYTES)}. Use fewer of them.`;
}
