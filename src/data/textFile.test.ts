// Dropped files: too big, empty and binary files are refused with a message naming the file;
// UTF-8 is decoded strictly, else Windows-1252 with a notice; several files join in name order;
// a text too short for one window in either split is caught; a huge alphabet gets a note.
import { describe, expect, it } from 'vitest';
import { splitTokens } from './dataset';
import {
  LARGE_ALPHABET,
  MAX_FILE_BYTES,
  alphabetNote,
  checkFileSize,
  checkLongEnough,
  decodeTextFile,
  decodeTextFiles,
  decodeWindows1252,
  formatBytes,
  minTokensToTrain,
  sniffBinary,
  type InputFile,
  type TextFileResult,
} from './textFile';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const file = (name: string, content: string | number[]): InputFile => ({
  name,
  bytes: typeof content === 'string' ? utf8(content) : Uint8Array.from(content),
});

/** The text of a result that must have passed. */
function textOf(result: TextFileResult): string {
  if (!result.ok) throw new Error(`expected ok, got: ${result.message}`);
  return result.text;
}

/** The message of a result that must have failed. */
function messageOf(result: TextFileResult): string {
  if (result.ok) throw new Error('expected a failure');
  return result.message;
}

describe('checkFileSize', () => {
  it('accepts up to 200 MB and refuses above, naming the file and both sizes', () => {
    expect(checkFileSize('ok.txt', 0)).toBeNull();
    expect(checkFileSize('ok.txt', MAX_FILE_BYTES)).toBeNull();
    expect(checkFileSize('big.txt', 250 * 1024 * 1024)).toBe(
      '"big.txt" is 250 MB; the limit is 200 MB. Use a smaller part of it.',
    );
  });

  it('says "over 200 MB" when one byte over would round to the limit', () => {
    expect(checkFileSize('edge.txt', MAX_FILE_BYTES + 1)).toBe(
      '"edge.txt" is over 200 MB; the limit is 200 MB. Use a smaller part of it.',
    );
  });
});

describe('formatBytes', () => {
  it('reads as a person would say it', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(3.4 * 1024)).toBe('3.4 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
  });
});

describe('sniffBinary', () => {
  const padded = (magic: number[]): Uint8Array => Uint8Array.from([...magic, ...utf8(' plus some ordinary text')]);
  const cases: [string, number[], RegExp][] = [
    ['report.pdf', [...utf8('%PDF-1.7')], /^"report\.pdf" is a PDF\. Export it as plain text first\.$/],
    ['essay.docx', [0x50, 0x4b, 0x03, 0x04], /^"essay\.docx" is a ZIP or DOCX\/XLSX\/ODT file\./],
    ['cat.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /^"cat\.png" is a PNG image\./],
    ['cat.jpg', [0xff, 0xd8, 0xff, 0xe0], /^"cat\.jpg" is a JPEG image\./],
    ['cat.gif', [...utf8('GIF89a')], /^"cat\.gif" is a GIF image\./],
    ['old.gif', [...utf8('GIF87a')], /^"old\.gif" is a GIF image\./],
    ['book.txt.gz', [0x1f, 0x8b, 0x08], /^"book\.txt\.gz" is gzip-compressed\. Unpack it first\.$/],
    ['notepad.txt', [0xff, 0xfe, 0x48, 0x00], /^"notepad\.txt" is saved as UTF-16\. Save it as UTF-8/],
  ];
  for (const [name, magic, expected] of cases) {
    it(`names ${name} by its magic bytes`, () => {
      expect(sniffBinary(name, padded(magic))).toMatch(expected);
    });
  }

  it('goes by the bytes, not the name', () => {
    expect(sniffBinary('notes.txt', padded([...utf8('%PDF-')]))).toMatch(/is a PDF/);
    expect(sniffBinary('fake.pdf', utf8('%PDF is how the format starts'))).toBeNull();
  });

  it('refuses a NUL byte in the first 64 KB, and not one after it', () => {
    const early = utf8('hello\0world');
    expect(sniffBinary('data.bin', early)).toBe(
      '"data.bin" looks binary, not text (it holds NUL bytes). Choose a plain-text file.',
    );
    const late = new Uint8Array(64 * 1024 + 10).fill(0x61);
    late[64 * 1024 + 5] = 0;
    expect(sniffBinary('late.txt', late)).toBeNull();
  });

  it('refuses mostly control characters, over 10%, and allows tab, LF, CR and FF', () => {
    const withControls = (n: number, control: number): Uint8Array => {
      const bytes = new Uint8Array(100).fill(0x61);
      bytes.fill(control, 0, n);
      return bytes;
    };
    expect(sniffBinary('x.dat', withControls(11, 0x01))).toBe(
      '"x.dat" looks binary, not text (it is mostly control characters). Choose a plain-text file.',
    );
    expect(sniffBinary('x.dat', withControls(10, 0x01))).toBeNull(); // exactly 10% is not "over"
    for (const allowed of [0x09, 0x0a, 0x0c, 0x0d]) expect(sniffBinary('x.txt', withControls(90, allowed))).toBeNull();
  });

  it('passes ordinary text in any script', () => {
    expect(sniffBinary('moby.txt', utf8('Call me Ishmael.\r\n\tSome years ago\f'))).toBeNull();
    expect(sniffBinary('zh.txt', utf8('白鲸记。叫我以实玛利吧。'))).toBeNull();
  });
});

describe('decodeTextFile', () => {
  it('refuses an empty file, and one of only blank space', () => {
    expect(messageOf(decodeTextFile(file('notes.txt', [])))).toBe(
      '"notes.txt" is empty. Choose a file with some text in it.',
    );
    expect(messageOf(decodeTextFile(file('blank.txt', ' \r\n\t\n')))).toMatch(/^"blank\.txt" holds only blank space\./);
    expect(messageOf(decodeTextFile(file('bom.txt', [0xef, 0xbb, 0xbf])))).toMatch(/^"bom\.txt"/);
  });

  it('refuses a binary file with the sniffed message', () => {
    expect(messageOf(decodeTextFile(file('report.pdf', [...utf8('%PDF-1.4\n')])))).toMatch(/is a PDF/);
  });

  it('decodes valid UTF-8 and strips a BOM', () => {
    const result = decodeTextFile(file('moby.txt', [0xef, 0xbb, 0xbf, ...utf8('Call me Ishmael — “whale” 🐋')]));
    expect(result).toEqual({ ok: true, text: 'Call me Ishmael — “whale” 🐋', encoding: 'utf-8', notices: [] });
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(textOf(decodeTextFile(file('dos.txt', 'one\r\ntwo\r\n')))).toBe('one\ntwo\n');
    expect(textOf(decodeTextFile(file('mac.txt', 'one\rtwo\r\rthree')))).toBe('one\ntwo\n\nthree');
  });

  it('reads invalid UTF-8 as Windows-1252 and says so', () => {
    // “smart quotes” and an en dash as Word saves them in cp1252: 0x93 … 0x94, 0x96.
    const bytes = [0x93, ...utf8('smart quotes'), 0x94, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a];
    const result = decodeTextFile(file('x.txt', bytes));
    expect(result).toEqual({
      ok: true,
      text: '“smart quotes” – €5 café\n',
      encoding: 'windows-1252',
      notices: [
        '"x.txt" is not valid UTF-8, so it was read as Windows-1252. If characters look wrong, save it as UTF-8 and drop it again.',
      ],
    });
  });

  it('does not keep a UTF-8 BOM as "ï»¿" when the rest falls back to Windows-1252', () => {
    const result = decodeTextFile(file('mixed.txt', [0xef, 0xbb, 0xbf, 0x93, 0x68, 0x69, 0x94]));
    expect(result.ok && result.encoding).toBe('windows-1252');
    expect(textOf(result)).toBe('“hi”');
  });
});

describe('decodeWindows1252', () => {
  it('follows the WHATWG table across chunk boundaries', () => {
    // The five bytes cp1252 leaves undefined map to the C1 control of the same value.
    expect(decodeWindows1252(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe('\x81\x8d\x8f\x90\x9d');
    expect(decodeWindows1252(Uint8Array.from([0x8a, 0x9f, 0xa0, 0xff]))).toBe('Š\u0178\u00a0ÿ');
    const long = new Uint8Array(200_000).fill(0x85); // … (U+2026), over three 64 KB chunks
    const text = decodeWindows1252(long);
    expect(text.length).toBe(200_000);
    expect(new Set(text)).toEqual(new Set(['…']));
  });
});

describe('decodeTextFiles', () => {
  it('joins in natural name order with one blank line between', () => {
    const result = decodeTextFiles([
      file('b.txt', 'bee\n'),
      file('a.txt', 'ay'),
      file('a10.txt', 'ay ten\r\n\r\n'),
      file('a2.txt', 'ay two'),
    ]);
    expect(result).toEqual({
      ok: true,
      text: 'ay\n\nay two\n\nay ten\n\nbee',
      encoding: 'utf-8',
      notices: [],
      names: ['a.txt', 'a2.txt', 'a10.txt', 'b.txt'],
    });
  });

  it('returns the first failure in name order, naming its file', () => {
    const result = decodeTextFiles([file('c.txt', 'fine'), file('b.png', [0x89, ...utf8('PNG\r\n\x1a\n')]), file('a.txt', [])]);
    expect(messageOf(result)).toBe('"a.txt" is empty. Choose a file with some text in it.');
  });

  it('carries each Windows-1252 notice', () => {
    const result = decodeTextFiles([file('new.txt', 'utf'), file('old.txt', [0x93, 0x61, 0x94])]);
    expect(result.ok && result.encoding).toBe('windows-1252');
    expect(result.ok && result.notices).toEqual([expect.stringMatching(/^"old\.txt" is not valid UTF-8/)]);
    expect(textOf(result)).toBe('utf\n\n“a”');
  });

  it('refuses no files, and files too big together (sizes only, nothing that big allocated)', () => {
    expect(messageOf(decodeTextFiles([]))).toMatch(/^No files/);
    // A one-byte array that reports 120 MB: the total is checked before any file is read.
    const claims120MB = Object.defineProperty(new Uint8Array(1), 'length', { value: 120 * 1024 * 1024 });
    const result = decodeTextFiles([
      { name: 'a.txt', bytes: claims120MB },
      { name: 'b.txt', bytes: claims120MB },
    ]);
    expect(messageOf(result)).toBe('These 2 files are 240 MB together; the limit is 200 MB. Use fewer of them.');
  });

  it('gives one file its name', () => {
    expect(decodeTextFiles([file('only.txt', 'x')])).toMatchObject({ ok: true, text: 'x', names: ['only.txt'] });
  });
});

describe('checkLongEnough', () => {
  it('needs blockSize + 1 tokens in both halves of the 90/10 split: 641 for a context of 64', () => {
    expect(minTokensToTrain(64)).toBe(641);
    expect(checkLongEnough('tiny.txt', 641, 64)).toBeNull();
    expect(checkLongEnough('tiny.txt', 640, 64)).toBe(
      '"tiny.txt" is too short: 640 characters, and a context of 64 needs at least 641. Add more text or lower the context.',
    );
  });

  it('agrees with splitTokens at the boundary for every context size', () => {
    const halves = (n: number): [number, number] => {
      const { train, val } = splitTokens(new Int32Array(n));
      return [train.length, val.length];
    };
    for (const blockSize of [4, 7, 32, 64, 100, 128, 256, 512]) {
      const need = minTokensToTrain(blockSize);
      expect(Math.min(...halves(need))).toBeGreaterThanOrEqual(blockSize + 1);
      expect(Math.min(...halves(need - 1))).toBeLessThan(blockSize + 1);
    }
  });

  it('names several files, and says tokens when asked', () => {
    expect(checkLongEnough(['a.txt', 'b.txt'], 1200, 128, 'tokens')).toBe(
      '"a.txt", "b.txt" are too short: 1,200 tokens, and a context of 128 needs at least 1,281. Add more text or lower the context.',
    );
  });
});

describe('alphabetNote', () => {
  it('notes only a vocabulary over LARGE_ALPHABET', () => {
    expect(alphabetNote(65)).toBeNull();
    expect(alphabetNote(LARGE_ALPHABET)).toBeNull();
    expect(alphabetNote(LARGE_ALPHABET + 1)).toBe(
      'This text has 1,001 different characters, so the vocabulary is large and training is slower. It will still train; BPE or a wider model will learn it better.',
    );
  });
});
