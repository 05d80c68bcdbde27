// BPE training time in the page's worker: from choosing BPE to the corpus panel showing it
// (training, then tokenizing the corpus), on Moby Dick and on 1 MB of one line without spaces
// (the case that used to blow up), per byte for both.

const num = (s) => Number(String(s).replace(/,/g, ''));

/** 1 MB of pseudo-random ACGT on one line (mulberry32, fixed seed): one endless GPT-2 chunk. */
export function oneLineText(bytes = 1_000_000, seed = 1) {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = 'ACGT'.charCodeAt((t ^ (t >>> 14)) >>> 30); // the top two bits
  }
  return { name: 'dna-one-line-1mb.txt', mimeType: 'text/plain', buffer: out };
}

/** BPE to `vocabSize` on Moby Dick, or on `file` first loaded through the drop zone's file input. */
export async function benchBpe(browser, base, vocabSize, file) {
  const page = await browser.newPage();
  await page.goto(`${base}?preset=tiny&backend=wasm`);
  await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  const facts = page.getByRole('region', { name: 'Corpus' });
  const tokenizer = page.getByLabel('Tokenizer', { exact: true });
  if (file) {
    await page.getByLabel('Choose text files').setInputFiles(file);
    await facts.getByText(file.name, { exact: true }).waitFor({ timeout: 120_000 });
    await tokenizer.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  }
  await page.getByLabel('BPE vocabulary').fill(String(vocabSize));
  const start = Date.now();
  await tokenizer.selectOption('bpe');
  await facts.getByText('(byte-level BPE)').waitFor({ timeout: 300_000 });
  const ms = Date.now() - start;
  const text = await facts.innerText();
  await page.close();
  const bytes = num(/\(([\d,]+) bytes\)/.exec(text)?.[1] ?? NaN);
  return {
    text: file?.name ?? 'Moby Dick',
    vocabSize,
    ms,
    bytes,
    usPerByte: +((ms * 1000) / bytes).toFixed(3),
    tokens: num(/tokens\s+([\d,]+)/.exec(text)?.[1] ?? NaN),
  };
}

/** Both BPE cases and the ratio of their per-byte times (the one-line case should stay close). */
export async function benchBpeBoth(browser, base, vocabSize) {
  const book = await benchBpe(browser, base, vocabSize);
  const oneLine = await benchBpe(browser, base, vocabSize, oneLineText());
  return { book, oneLine, perByteRatio: +(oneLine.usPerByte / book.usPerByte).toFixed(2) };
}
