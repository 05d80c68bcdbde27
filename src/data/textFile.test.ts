// Dropped files: too big, empty and binary files are refused with a message naming the file;
// text is decoded (UTF-16, UTF-8 with a few bad bytes, Windows-1252: decodeText.test.ts has the
// details) and normalised, checked here on the real files that went wrong; several files join in
// name order; a text too short for one window in either split is caught; a huge alphabet gets a note.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCharTokenizer } from './charTokenizer';
import { normaliseText } from './corpus';
import { splitTokens } from './dataset';
import { utf16 } from './fixtures/utf16';
import {
  LARGE_ALPHABET,
  alphabetNote,
  checkLongEnough,
  decodeTextFile,
  decodeTextFiles,
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
    ['wide.txt', [0xff, 0xfe, 0x00, 0x00], /^"wide\.txt" is saved as UTF-32\. Save it as UTF-8/],
    ['wide-be.txt', [0x00, 0x00, 0xfe, 0xff], /^"wide-be\.txt" is saved as UTF-32\./],
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
    expect(sniffBinary('data.bin', early)).toBe('"data.bin" looks binary, not text (it holds NUL bytes). Choose a plain-text file.');
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

  it('passes UTF-16 text, whose NUL bytes are half of each ASCII character, in both byte orders', () => {
    const text = 'Call me Ishmael.\r\n\tSome years ago, 白鲸记.\f'.repeat(3000); // over 64 KB as UTF-16
    for (const endian of ['LE', 'BE'] as const) {
      expect(sniffBinary('notepad.txt', utf16(text, endian, true))).toBeNull();
      expect(sniffBinary('notepad.txt', utf16(text, endian, false))).toBeNull();
    }
  });

  it('still refuses NUL runs and control characters inside UTF-16', () => {
    expect(sniffBinary('x.txt', utf16('ab\0cd', 'LE', true))).toMatch(/holds NUL bytes/);
    expect(sniffBinary('x.txt', utf16('\x01\x02\x03ab', 'BE', true))).toMatch(/mostly control characters/);
    // 16-bit numbers below 256 have the pattern of UTF-16 but are not text.
    expect(
      sniffBinary(
        'samples.raw',
        Uint8Array.from({ length: 400 }, (_, i) => (i % 2 ? 0 : i % 7)),
      ),
    ).toMatch(/NUL bytes/);
  });

  it('passes ordinary text in any script', () => {
    expect(sniffBinary('moby.txt', utf8('Call me Ishmael.\r\n\tSome years ago\f'))).toBeNull();
    expect(sniffBinary('zh.txt', utf8('白鲸记。叫我以实玛利吧。'))).toBeNull();
  });
});

describe('decodeTextFile', () => {
  it('refuses an empty file, and one of only blank space', () => {
    expect(messageOf(decodeTextFile(file('notes.txt', [])))).toBe('"notes.txt" is empty. Choose a file with some text in it.');
    expect(messageOf(decodeTextFile(file('blank.txt', ' \r\n\t\n')))).toMatch(/^"blank\.txt" holds only blank space\./);
    expect(messageOf(decodeTextFile(file('bom.txt', [0xef, 0xbb, 0xbf])))).toMatch(/^"bom\.txt"/);
  });

  it('refuses a binary file with the sniffed message', () => {
    expect(messageOf(decodeTextFile(file('report.pdf', [...utf8('%PDF-1.4\n')])))).toMatch(/is a PDF/);
  });

  it('decodes valid UTF-8 and strips a BOM', () => {
    const result = decodeTextFile(file('moby.txt', [0xef, 0xbb, 0xbf, ...utf8('Call me Ishmael — “whale” 🐋')]));
    expect(result).toEqual({ ok: true, text: 'Call me Ishmael — “whale” 🐋', notices: [] });
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
      notices: [
        '"x.txt" is not valid UTF-8, so it was read as Windows-1252. If characters look wrong, save it as UTF-8 and drop it again.',
      ],
    });
  });

  it('does not keep a UTF-8 BOM as "ï»¿" when the rest falls back to Windows-1252', () => {
    const result = decodeTextFile(file('mixed.txt', [0xef, 0xbb, 0xbf, 0x93, 0x68, 0x69, 0x94]));
    expect(textOf(result)).toBe('“hi”');
    expect(result.ok && result.notices).toEqual([expect.stringMatching(/read as Windows-1252/)]);
  });
});

describe('decodeTextFile on the files that went wrong (fixtures/)', () => {
  const fixture = (name: string): InputFile => ({
    name,
    bytes: new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url))),
  });
  const vocabSize = (text: string): number => buildCharTokenizer(normaliseText(text)).vocabSize;

  it('keeps a UTF-8 file with one stray byte as UTF-8, and names the line', () => {
    const input = fixture('mostly-utf8-one-stray-byte.txt');
    const result = decodeTextFile(input);
    const text = textOf(result);
    expect(result.ok && result.notices).toEqual([
      '"mostly-utf8-one-stray-byte.txt" is UTF-8 except for 1 byte that is not (line 81); it was replaced by � (U+FFFD).',
    ]);
    expect(text).toContain('The café in Zürich was naïve — “so they said”.');
    expect(text).not.toMatch(/Ã|â€/);
    expect(text.split('\n')[80]).toBe('Stray byte: caf\uFFFD au lait.');
    // The 43 symbols of the file without its stray byte, and U+FFFD; read as cp1252 it was 47.
    const stray = input.bytes.indexOf(0xe9);
    const withoutStray = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from([...input.bytes.subarray(0, stray), ...input.bytes.subarray(stray + 1)]),
    );
    expect(vocabSize(withoutStray)).toBe(43);
    expect(vocabSize(text)).toBe(44);
  });

  it('composes decomposed accents (NFC): 40 symbols, é counted once, a typed prompt fully known', () => {
    const input = fixture('french-decomposed-accents.txt');
    const raw = new TextDecoder().decode(input.bytes);
    expect(raw).toContain('e\u0301te\u0301'); // "été" as some macOS tools write it
    expect(buildCharTokenizer(raw).vocabSize).toBe(36); // what the panel said before
    const result = decodeTextFile(input);
    const text = textOf(result);
    expect(result.ok && result.notices).toEqual([]);
    expect(text).toBe(raw.normalize('NFC'));
    expect(text).toContain("chaque soir d'été.");
    const tok = buildCharTokenizer(text);
    expect(tok.vocabSize).toBe(40);
    expect(tok.chars.filter((c) => c === 'é')).toEqual(['é']);
    expect(tok.chars).not.toContain('\u0301');
    const prompt = 'Le café est près de la mer. ';
    expect(tok.encode(normaliseText(prompt)).skipped).toEqual([]);
    expect(tok.encode(normaliseText(prompt.normalize('NFD'))).skipped).toEqual([]); // a decomposed prompt too
    expect(buildCharTokenizer(raw).encode(prompt).skipped).toEqual(['é', 'è']); // the old failure
  });

  it('reads the same text saved as UTF-16, either byte order, with or without a BOM', () => {
    const text = textOf(decodeTextFile(fixture('french-decomposed-accents.txt')));
    for (const endian of ['LE', 'BE'] as const) {
      for (const bom of [true, false]) {
        const result = decodeTextFile({ name: 'fr.txt', bytes: utf16(text.replace(/\n/g, '\r\n'), endian, bom) });
        expect(textOf(result)).toBe(text);
        expect(result.ok && result.notices[0]).toMatch(new RegExp(`^"fr\\.txt" (was read as|looks like) UTF-16 ${endian}\\b`));
      }
    }
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
      notices: [],
      names: ['a.txt', 'a2.txt', 'a10.txt', 'b.txt'],
    });
  });

  it('takes the files that pass and names those it leaves out, in name order (more: textFiles.test.ts)', () => {
    const result = decodeTextFiles([file('c.txt', 'fine'), file('b.png', [0x89, ...utf8('PNG\r\n\x1a\n')]), file('a.txt', [])]);
    expect(result).toMatchObject({
      ok: true,
      text: 'fine',
      names: ['c.txt'],
      notices: [
        'Left out 2 of 3 files, the others are read. "a.txt" is empty. Choose a file with some text in it. "b.png" is a PNG image. Choose a text file instead.',
      ],
    });
  });

  it('carries each Windows-1252 notice', () => {
    const result = decodeTextFiles([file('new.txt', 'utf'), file('old.txt', [0x93, 0x61, 0x94])]);
    expect(result.ok && result.notices).toEqual([expect.stringMatching(/^"old\.txt" is not valid UTF-8/)]);
    expect(textOf(result)).toBe('utf\n\n“a”');
  });

  it('refuses no files, and files too big together (sizes only, nothing that big allocated)', () => {
    expect(messageOf(decodeTextFiles([]))).toMatch(/^No files/);
    // A one-byte array that reports 120 MB: the total is checked before any file is read.
    const claims120MB = Object.defineProperty(new Uint8Array(1), 'length', { value: 120_000_000 });
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
