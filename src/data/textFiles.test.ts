// Several files at once, as people drop them: the handed folder as a Mac leaves it, read even when
// its AppleDouble companions and .DS_Store reach the worker (the page skips them first: see
// protocol/droppedFiles.test.ts); the refused named in a bounded list; none usable, one clear message.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeDroppedFiles } from '../protocol/droppedFiles';
import { decodeTextFiles, type InputFile } from './textFile';

const FOLDER = join(__dirname, 'fixtures/folder-with-mac-metadata');
const folder = (): InputFile[] => readdirSync(FOLDER).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FOLDER, name))) }));
const text = (name: string, content: string): InputFile => ({ name, bytes: new TextEncoder().encode(content) });

describe('the handed folder with Mac metadata', () => {
  it('reads the three chapters, in order, once the page has skipped what the Mac added', () => {
    const dropped = folder().map((f) => ({ ...f, path: `/folder-with-mac-metadata/${f.name}`, size: f.bytes.length }));
    const intake = takeDroppedFiles(dropped);
    if (!intake.ok) throw new Error(intake.message);
    const result = decodeTextFiles(intake.take);
    if (!result.ok) throw new Error(result.message);
    expect(result.names).toEqual(['chapter-1.txt', 'chapter-2.txt', 'chapter-3.txt']);
    expect(result.notices).toEqual([]);
    expect(result.text.match(/^Chapter \d$/gm)).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 3']);
  });

  it('still reads the chapters when every file reaches the worker, naming the four it left out', () => {
    const result = decodeTextFiles(folder());
    if (!result.ok) throw new Error(result.message);
    expect(result.names).toEqual(['chapter-1.txt', 'chapter-2.txt', 'chapter-3.txt']);
    expect(result.notices[0]).toMatch(/^Left out 4 of 7 files, the others are read\. "\._chapter-1\.txt" looks binary/);
    expect(result.notices[0]).toMatch(/And 1 more: "\.DS_Store"\.$/);
  });
});

describe('decodeTextFiles with files it cannot use', () => {
  it('names at most three refusals in full and counts the rest', () => {
    const empties = Array.from({ length: 30 }, (_, i) => text(`empty-${i}.txt`, ''));
    const result = decodeTextFiles([text('good.txt', 'words'), ...empties]);
    if (!result.ok) throw new Error(result.message);
    expect(result.notices[0].length).toBeLessThan(400);
    expect(result.notices[0]).toMatch(/^Left out 30 of 31 files, the others are read\. "empty-0\.txt" is empty\./);
    expect(result.notices[0]).toMatch(
      /And 27 more: "empty-3\.txt", "empty-4\.txt", "empty-5\.txt", "empty-6\.txt", "empty-7\.txt" and 22 more\.$/,
    );
  });

  it('returns the only failure as it is, and counts several', () => {
    expect(decodeTextFiles([text('a.txt', ''), text('b.txt', '  ')])).toEqual({
      ok: false,
      message: 'None of the 2 files can be read. "a.txt" is empty. Choose a file with some text in it.',
    });
  });

  it('bounds a very long file name in its messages', () => {
    const result = decodeTextFiles([text(`${'n'.repeat(5000)}.txt`, '')]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^"n{32}… \(5,004 characters\)" is empty\./);
  });
});
