// A .txt file chosen to compress, read on the page: its text, or only its size when it is certainly
// over the limit (a character is at most 4 UTF-8 bytes, so more than 4 × the limit is never read).
// A file the browser cannot read (moved or deleted since it was chosen) is said, not left unhandled.
import { COMPRESS_LIMIT_CHARS } from '../protocol/compression';
import { unreadable } from '../store/compression';

export interface ChosenText {
  name: string;
  /** null: not read, over the limit whatever its text. */
  text: string | null;
  bytes: number;
}

/**
 * Reads the chosen file.
 * @param say shows a message (the store's alert) when the file cannot be read.
 * @returns the file's name, size and text; null when it could not be read.
 */
export async function readChosenText(file: File, say: (message: string) => void): Promise<ChosenText | null> {
  if (file.size > 4 * COMPRESS_LIMIT_CHARS) return { name: file.name, bytes: file.size, text: null };
  try {
    return { name: file.name, bytes: file.size, text: await file.text() };
  } catch (e) {
    say(unreadable(file.name, e));
    return null;
  }
}
