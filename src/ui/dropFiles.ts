// The files of a drop, each with its path inside a dropped folder ("/book/._chapter-1.txt"), for
// react-dropzone's getFilesFromEvent. Our own walk rather than react-dropzone's default
// (file-selector), which silently leaves out .DS_Store and Thumbs.db: the page names every file
// it skips (protocol/droppedFiles.ts), so it must see them all. A file or folder that cannot be
// read (moved during the drop, no permission) is left out and named; the others are read.
import type { DropEvent } from 'react-dropzone';

/** The one part of FileSystemEntry the walk uses, so a test can hand in plain objects. */
export interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  fullPath: string;
  file?(success: (file: File) => void, failure?: (e: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: Entry[]) => void, failure?: (e: unknown) => void): void };
}

/** Gives a file the `path` react-dropzone's File objects carry (store/corpus.ts reads it). */
function withPath(file: File, path: string): File {
  Object.defineProperty(file, 'path', { value: path, enumerable: true });
  return file;
}

/**
 * Every file under an entry, depth first; a folder is read in batches until one comes back empty.
 * An entry that cannot be read is left out and its path added to `unreadable`.
 */
export async function filesOfEntry(entry: Entry, unreadable: string[] = []): Promise<File[]> {
  try {
    if (entry.isFile && entry.file) {
      const read = entry.file.bind(entry);
      const file = await new Promise<File>((resolve, reject) => read(resolve, reject));
      return [withPath(file, entry.fullPath)];
    }
    if (!entry.isDirectory || !entry.createReader) return [];
    const reader = entry.createReader();
    const children: Entry[] = [];
    for (;;) {
      const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      children.push(...batch);
    }
    return (await Promise.all(children.map((child) => filesOfEntry(child, unreadable)))).flat();
  } catch {
    unreadable.push(entry.fullPath);
    return [];
  }
}

const isDragEvent = (e: DropEvent): e is DragEvent => 'dataTransfer' in e && e.dataTransfer !== null && e.dataTransfer !== undefined;

/**
 * For react-dropzone: the dragged items while dragging; on drop every file (folders walked); pasted
 * or picked files. The paths of entries that could not be read go to `onUnreadable`, once per drop.
 */
export async function filesFromEvent(
  event: DropEvent | FileSystemFileHandle[],
  onUnreadable: (paths: string[]) => void = () => undefined,
): Promise<(File | DataTransferItem)[]> {
  if (Array.isArray(event)) return Promise.all(event.map((handle) => handle.getFile()));
  if (isDragEvent(event) && event.dataTransfer) {
    const items = [...event.dataTransfer.items].filter((item) => item.kind === 'file');
    if (event.type !== 'drop') return items;
    // Entries and files must be taken now: the items empty once the event has been handled.
    const taken = items.map((item) => ({ entry: item.webkitGetAsEntry() satisfies Entry | null, file: item.getAsFile() }));
    const unreadable: string[] = [];
    const lists = await Promise.all(
      taken.map(({ entry, file }) => (entry?.isDirectory ? filesOfEntry(entry, unreadable) : Promise.resolve(file ? [file] : []))),
    );
    if (unreadable.length > 0) onUnreadable(unreadable);
    return lists.flat();
  }
  if ('clipboardData' in event && event.clipboardData) return [...event.clipboardData.files]; // a pasted file
  const input = 'target' in event ? event.target : null;
  return input instanceof HTMLInputElement && input.files ? [...input.files] : [];
}
