// A dropped folder is walked whole: nested folders, entries read in batches until an empty one,
// every file kept (.DS_Store too: the page names what it skips) with its path in the drop; what
// cannot be read is named and left out.
import { describe, expect, it } from 'vitest';
import { filesOfEntry, type Entry } from './dropFiles';

const fileEntry = (fullPath: string): Entry => ({
  isFile: true,
  isDirectory: false,
  fullPath,
  file: (ok) => ok(new File(['x'], fullPath.split('/').at(-1)!)),
});
/** A folder whose reader hands its children out two at a time, as browsers do in batches. */
const folderEntry = (fullPath: string, children: Entry[]): Entry => ({
  isFile: false,
  isDirectory: true,
  fullPath,
  createReader: () => {
    let at = 0;
    return { readEntries: (ok) => ok(children.slice(at, (at += 2))) };
  },
});

describe('filesOfEntry', () => {
  it('walks nested folders, reads every batch and keeps each path', async () => {
    const tree = folderEntry('/book', [
      fileEntry('/book/.DS_Store'),
      fileEntry('/book/._chapter-1.txt'),
      fileEntry('/book/chapter-1.txt'),
      folderEntry('/book/__MACOSX', [fileEntry('/book/__MACOSX/._chapter-1.txt')]),
      fileEntry('/book/chapter-2.txt'),
    ]);
    const files = await filesOfEntry(tree);
    expect(files.map((f) => [f.name, Object.getOwnPropertyDescriptor(f, 'path')?.value])).toEqual([
      ['.DS_Store', '/book/.DS_Store'],
      ['._chapter-1.txt', '/book/._chapter-1.txt'],
      ['chapter-1.txt', '/book/chapter-1.txt'],
      ['._chapter-1.txt', '/book/__MACOSX/._chapter-1.txt'],
      ['chapter-2.txt', '/book/chapter-2.txt'],
    ]);
  });

  it('leaves out what cannot be read, names it, and reads the rest', async () => {
    const gone: Entry = { isFile: true, isDirectory: false, fullPath: '/book/gone.txt', file: (_ok, fail) => fail?.(new Error('gone')) };
    const locked: Entry = {
      isFile: false,
      isDirectory: true,
      fullPath: '/book/locked',
      createReader: () => ({ readEntries: (_ok, fail) => fail?.(new Error('denied')) }),
    };
    const unreadable: string[] = [];
    const files = await filesOfEntry(folderEntry('/book', [gone, fileEntry('/book/chapter-1.txt'), locked]), unreadable);
    expect(files.map((f) => f.name)).toEqual(['chapter-1.txt']);
    expect(unreadable).toEqual(['/book/gone.txt', '/book/locked']);
  });
});
