// A chosen .txt file: read when it may fit, only measured when it cannot, and said in a message
// (not an unhandled rejection) when the browser cannot read it.
import { describe, expect, it } from 'vitest';
import { COMPRESS_LIMIT_CHARS } from '../protocol/compression';
import { readChosenText } from './chosenTextFile';

describe('readChosenText', () => {
  it('reads a file that may fit, and only measures one that cannot', async () => {
    const said: string[] = [];
    expect(await readChosenText(new File(['the cat'], 'pets.txt'), (m) => said.push(m))).toEqual({
      name: 'pets.txt',
      bytes: 7,
      text: 'the cat',
    });
    const big = new File([new Uint8Array(4 * COMPRESS_LIMIT_CHARS + 1)], 'big.txt');
    expect(await readChosenText(big, (m) => said.push(m))).toEqual({ name: 'big.txt', bytes: 4 * COMPRESS_LIMIT_CHARS + 1, text: null });
    expect(said).toEqual([]);
  });

  it('says a file the browser cannot read, with its name bounded', async () => {
    const name = `${'n'.repeat(300)}.txt`;
    const gone = Object.assign(new File(['x'], name), {
      text: () => Promise.reject(new DOMException('The requested file could not be read.', 'NotReadableError')),
    });
    const said: string[] = [];
    expect(await readChosenText(gone, (m) => said.push(m))).toBeNull();
    expect(said).toEqual([
      `Could not read ${'n'.repeat(32)}… (304 characters): The requested file could not be read. Choose the file again.`,
    ]);
  });
});
