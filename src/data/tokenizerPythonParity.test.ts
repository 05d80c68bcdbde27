// scripts/playground_tokenizer.py (the page's tokenizers in plain Python, used by
// load_in_pytorch.py --prompt and train_torch.py --text) gives the ids of charTokenizer.ts and
// bpe.ts, on books and on awkward text. Skipped, saying so, where there is no python3.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trainBpe } from './bpe';
import { buildCharTokenizer } from './charTokenizer';
import { normaliseText } from './corpus';
import type { Tokenizer } from './tokenizer';

const PYTHON = '/usr/bin/python3';
const SCRIPTS = fileURLToPath(new URL('../../scripts/', import.meta.url));
const hasPython = spawnSync(PYTHON, ['-c', 'pass'], { stdio: 'ignore' }).status === 0;
const mobyDick = readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8');
const sotu = readFileSync(new URL('../../public/corpus/sotu.txt', import.meta.url), 'utf8');
const AWKWARD =
  "\ufeffIt's the whale's  end;   she'll say 'THE END'…\r\n\n\t  indented line 123 ４５ x² cafe\u0301 Ωμέγα 鯨 🐋 👩‍👩‍👧 \u00a0 \u2003 ''''ss 've'VE " +
  `${'the'.repeat(120)} ${'1'.repeat(600)}   `;

/** Ids of each text as the Python module encodes them with `tokenizer`'s spec. */
function pythonIds(tokenizer: Tokenizer, texts: string[]): number[][] {
  const dir = mkdtempSync(join(tmpdir(), 'tokenizer-parity-'));
  try {
    const input = join(dir, 'in.json');
    writeFileSync(input, JSON.stringify({ spec: tokenizer.spec(), texts }));
    const code = `import json, sys; sys.path.insert(0, ${JSON.stringify(SCRIPTS)}); sys.dont_write_bytecode = True
import playground_tokenizer as pt
job = json.load(open(${JSON.stringify(input)}, encoding="utf-8"))
tok = pt.Tokenizer(job["spec"])
print(json.dumps([tok.encode(t)[0] for t in job["texts"]]))`;
    const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000 });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as number[][];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasPython)(`playground_tokenizer.py${hasPython ? '' : ` — skipped: no ${PYTHON}`}`, () => {
  const texts = [mobyDick.slice(0, 300_000), sotu.slice(0, 150_000), AWKWARD];

  it('encodes as bpe.ts (Moby Dick BPE, 1024 tokens)', () => {
    const bpe = trainBpe(mobyDick, 1024);
    const ours = texts.map((t) => bpe.encode(normaliseText(t)).ids);
    expect(pythonIds(bpe, texts)).toEqual(ours);
  });

  it('encodes as charTokenizer.ts, skipping what the alphabet lacks', () => {
    const chars = buildCharTokenizer(mobyDick);
    expect(pythonIds(chars, texts)).toEqual(texts.map((t) => chars.encode(normaliseText(t)).ids));
  });
});
