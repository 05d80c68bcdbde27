// Which dropped files are read: the handed folder as a Mac leaves it (three chapters, their
// AppleDouble companions, .DS_Store) reads the chapters and names the four it skips; Windows's
// and zip's companions too; a file over the limit is left out and named while the others are read.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOsFile, takeDroppedFiles, type DroppedFile } from './droppedFiles';
import { MAX_FILE_BYTES } from './limits';

const FOLDER = join(__dirname, '../data/fixtures/folder-with-mac-metadata');

describe('isOsFile', () => {
  it('knows what macOS and Windows leave beside a person’s files', () => {
    for (const path of [
      '._chapter-1.txt',
      '/book/._notes.md',
      '.DS_Store',
      'book/Thumbs.db',
      'DESKTOP.INI',
      '/book/__MACOSX/chapter-1.txt',
    ])
      expect(isOsFile(path), path).toBe(true);
  });
  it('leaves a person’s own files alone, dotted or not', () => {
    for (const path of ['chapter-1.txt', '/book/.notes.txt', '/book/_drafts/a.txt', 'macosx.txt', '/ds_store/readme.txt'])
      expect(isOsFile(path), path).toBe(false);
  });
});

describe('takeDroppedFiles', () => {
  const file = (path: string, size = 100): DroppedFile => ({ name: path.split('/').at(-1)!, path, size });

  it('reads the chapters of the handed folder and names the four files a Mac added', () => {
    const names = readdirSync(FOLDER).sort();
    const dropped = names.map((n) => ({ name: n, path: `/folder-with-mac-metadata/${n}`, size: statSync(join(FOLDER, n)).size }));
    const intake = takeDroppedFiles(dropped);
    if (!intake.ok) throw new Error(intake.message);
    expect(intake.take.map((f) => f.name)).toEqual(['chapter-1.txt', 'chapter-2.txt', 'chapter-3.txt']);
    expect(intake.notes).toEqual([
      'Skipped 4 files a Mac or Windows adds: .DS_Store, ._chapter-1.txt, ._chapter-2.txt, ._chapter-3.txt. They hold folder details, not text.',
    ]);
  });

  it('names at most five skipped files and counts the rest', () => {
    const dropped = [file('a.txt'), ...Array.from({ length: 40 }, (_, i) => file(`/zip/__MACOSX/._${i}.txt`))];
    const intake = takeDroppedFiles(dropped);
    if (!intake.ok) throw new Error(intake.message);
    expect(intake.notes[0]).toMatch(
      /^Skipped 40 files a Mac or Windows adds: \._0\.txt, \._1\.txt, \._2\.txt, \._3\.txt, \._4\.txt and 35 more\./,
    );
  });

  it('refuses a drop of only such files, saying what to drop instead', () => {
    const one = takeDroppedFiles([file('._chapter-1.txt')]);
    expect(one).toEqual({
      ok: false,
      message: '"._chapter-1.txt" is a file a Mac or Windows adds beside your own, not text. Drop the text files themselves.',
    });
    const two = takeDroppedFiles([file('.DS_Store'), file('Thumbs.db')]);
    expect(two.ok || two.message).toBe(
      'All 2 files (.DS_Store, Thumbs.db) are files a Mac or Windows adds beside your own, not text. Drop the text files themselves.',
    );
  });

  it('leaves out a file over the limit and reads the others; refuses when it is the only one', () => {
    const intake = takeDroppedFiles([file('huge.txt', MAX_FILE_BYTES + 1e6), file('a.txt'), file('b.txt')]);
    if (!intake.ok) throw new Error(intake.message);
    expect(intake.take.map((f) => f.name)).toEqual(['a.txt', 'b.txt']);
    expect(intake.notes).toEqual(['Left out "huge.txt": over the 200 MB a file may hold. The other 2 files are read.']);
    const alone = takeDroppedFiles([file('huge.txt', MAX_FILE_BYTES + 1e6)]);
    expect(alone.ok || alone.message).toMatch(/^"huge\.txt" is 201 MB; the limit is 200 MB/);
  });

  it('refuses files too big together, and an empty drop', () => {
    const together = takeDroppedFiles([file('a.txt', 0.6 * MAX_FILE_BYTES), file('b.txt', 0.6 * MAX_FILE_BYTES)]);
    expect(together.ok || together.message).toMatch(/^These 2 files are 240 MB together/);
    expect(takeDroppedFiles([]).ok).toBe(false);
  });
});
