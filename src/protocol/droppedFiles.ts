// Which of the files a person drops (or picks) are read, before any is: files an operating system
// leaves beside theirs when a folder is copied, zipped or opened (macOS's AppleDouble companions
// `._chapter-1.txt`, mostly NUL bytes, and `.DS_Store`; the `__MACOSX/` folder of a zip made on a
// Mac; Windows's `Thumbs.db` and `desktop.ini`; a USB stick's system folders) are skipped and
// named, since the person never chose them; a file over the size limit is left out and named
// while the others are read. What a file holds (binary, empty) is judged after reading, in the
// worker (data/textFile.ts), which names those it leaves out the same way.
import { echo, echoList } from './echo';
import { checkFileSize, checkTotalSize, MAX_FILE_BYTES } from './limits';
import { formatBytes, formatCount } from './units';

/** File names an OS writes (compared without case). */
const OS_FILE_NAMES = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini', '.localized', 'icon\r']);
/** Folders an OS writes, anywhere in a path. */
const OS_FOLDERS = new Set([
  '__macosx',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
  '.temporaryitems',
  '$recycle.bin',
  'system volume information',
]);

/**
 * Whether a dropped file is one an OS added, by its path inside the drop ("book/._ch1.txt",
 * "/book/__MACOSX/ch1.txt") or its bare name.
 */
export function isOsFile(path: string): boolean {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  const name = parts.at(-1) ?? path;
  if (name.startsWith('._') || OS_FILE_NAMES.has(name.toLowerCase())) return true;
  return parts.slice(0, -1).some((folder) => OS_FOLDERS.has(folder.toLowerCase()));
}

/** What the page knows of a file before reading it. */
export interface DroppedFile {
  name: string;
  /** Where it sat in a dropped folder ("/book/._ch1.txt"); absent for a file dropped alone. */
  path?: string;
  size: number;
}

/** The files to read and what to say about the others, or why nothing can be read. */
export type DropIntake<T> = { ok: true; take: T[]; notes: string[] } | { ok: false; message: string };

const files = (n: number): string => `${formatCount(n)} file${n === 1 ? '' : 's'}`;

/**
 * Sorts a drop into the files to read and the ones left out, each left-out file named (a bounded
 * list). Refuses the drop only when nothing is left to read, or all of it together is too big.
 */
export function takeDroppedFiles<T extends DroppedFile>(dropped: readonly T[]): DropIntake<T> {
  if (dropped.length === 0) return { ok: false, message: 'No files were given. Choose one or more text files.' };
  const os = dropped.filter((f) => isOsFile(f.path ?? f.name));
  const own = dropped.filter((f) => !isOsFile(f.path ?? f.name));
  if (own.length === 0) {
    const which =
      os.length === 1 ? `"${echo(os[0].name)}" is a file` : `All ${files(os.length)} (${echoList(os.map((f) => f.name))}) are files`;
    return { ok: false, message: `${which} a Mac or Windows adds beside your own, not text. Drop the text files themselves.` };
  }
  const sized = own.map((f) => ({ f, tooBig: checkFileSize(f.name, f.size) }));
  const tooBig = sized.filter((s) => s.tooBig !== null);
  const take = sized.filter((s) => s.tooBig === null).map((s) => s.f);
  if (take.length === 0) return { ok: false, message: tooBig[0].tooBig ?? '' };
  const together = checkTotalSize(take.map((f) => f.size));
  if (together) return { ok: false, message: together };
  const notes: string[] = [];
  if (os.length > 0) {
    notes.push(
      `Skipped ${files(os.length)} a Mac or Windows adds: ${echoList(os.map((f) => f.name))}. They hold folder details, not text.`,
    );
  }
  if (tooBig.length > 0) {
    const names = echoList(
      tooBig.map((s) => s.f.name),
      { quote: true },
    );
    const others = take.length === 1 ? 'The other file is read.' : `The other ${files(take.length)} are read.`;
    notes.push(`Left out ${names}: over the ${formatBytes(MAX_FILE_BYTES)} a file may hold. ${others}`);
  }
  return { ok: true, take, notes };
}
