// The handed texts (issue 22), each dropped from disk onto the page and trained for a few seconds
// on the tiny preset with WebAssembly: none is refused, each says what it should (a stray byte
// replaced, accents composed), and every panel works; DNA on one line gets a prompt in its own
// alphabet instead of Moby Dick's "Call me Ishmael." with every character skipped; BPE on the short text
// says where its vocabulary stopped.
import { fileURLToPath } from 'node:url';
import { expect, open, stat, test, TINY } from './playground';
import { dropFromDisk } from './realDrop';

const fixture = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const CASES = [
  { file: '../src/data/fixtures/french-decomposed-accents.txt', facts: ['8,350 characters', '40 symbols'], note: null },
  {
    file: '../src/data/fixtures/mostly-utf8-one-stray-byte.txt',
    facts: ['11,997 characters'],
    note: 'is UTF-8 except for 1 byte that is not (line 81); it was replaced by � (U+FFFD).',
  },
  { file: './fixtures/short-text-1500-chars.txt', facts: ['1,539 characters'], note: null },
  { file: './fixtures/dna-one-line-60k.txt', facts: ['60,000 characters', '4 symbols'], note: null },
];

for (const { file, facts, note } of CASES) {
  const name = file.split('/').at(-1)!;
  test(`${name} is read, trains and leaves every panel working`, async ({ page, watch }) => {
    void watch;
    await open(page, { ...TINY, backend: 'wasm' });
    await dropFromDisk(page, [fixture(file)]);
    const corpus = page.getByRole('region', { name: 'Corpus' });
    await expect(corpus.getByText(name, { exact: true })).toBeVisible();
    for (const fact of facts) await expect(corpus).toContainText(fact);
    if (note) await expect(corpus.locator('.note')).toContainText(note);
    else await expect(corpus.locator('.note')).toHaveCount(0);
    await page.getByRole('button', { name: 'Train' }).click();
    await expect.poll(() => stat(page, 'step'), { timeout: 60_000 }).toBeGreaterThan(20);
    await expect(page.getByRole('alert')).toHaveCount(0);
    // The prompt is in the text's own alphabet: nothing skipped, bars and surprise read it.
    await expect(page.getByText(/not in this corpus's alphabet/)).toHaveCount(0);
    const bars = page.getByRole('region', { name: 'Next token' }).getByRole('listitem'); // up to 10 tokens and "other"
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(5);
    await expect(page.getByRole('region', { name: 'Surprise' }).locator('.scored').first()).toBeVisible();
  });
}

test('a BPE vocabulary the text cannot fill says where it stopped and why', async ({ page, watch }) => {
  void watch;
  await open(page, { ...TINY, backend: 'wasm' });
  await dropFromDisk(page, [fixture('./fixtures/short-text-1500-chars.txt')]);
  const corpus = page.getByRole('region', { name: 'Corpus' });
  await expect(corpus.getByText('short-text-1500-chars.txt', { exact: true })).toBeVisible();
  await page.getByLabel('Tokenizer', { exact: true }).selectOption('bpe');
  const note = corpus.locator('.note').filter({ hasText: /^BPE stopped at [\d,]+ of the 1,024 tokens asked: after [\d,]+ merges no pair/ });
  await expect(note).toBeVisible({ timeout: 60_000 });
  const shown = Number((await corpus.getByText(/ tokens \(byte-level BPE\)$/).innerText()).split(' ')[0].replace(/,/g, ''));
  expect(shown).toBeLessThan(1024);
  await expect(note).toContainText(`BPE stopped at ${shown.toLocaleString('en')} of`);
});
