// The page never loads tfjs: no import chain from ui/ or store/ reaches @tensorflow/*, however
// many files it passes through (lint checks each import; this checks the chains).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Static and dynamic import specifiers of a source file (type-only imports included: harmless). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

function resolveRelative(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, '')); // './kernel.as.ts?wasm' is that file
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next extension
    }
  }
  return null;
}

/** The package imports reachable from a file, with the chain that reaches each. */
function reachablePackages(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const next = resolveRelative(file, spec);
        if (next) walk(next, [...chain, next.slice(SRC.length + 1)]);
      } else if (!found.has(spec)) found.set(spec, chain);
    }
  };
  walk(entry, [entry.slice(SRC.length + 1)]);
  return found;
}

const pageFiles = ['ui', 'store'].flatMap((floor) =>
  readdirSync(join(SRC, floor))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => join(SRC, floor, f)),
);

describe('floors', () => {
  it('finds the page files', () => {
    expect(pageFiles.length).toBeGreaterThan(10);
  });

  it.each(pageFiles.map((f) => [f.slice(SRC.length + 1), f]))('%s cannot reach @tensorflow/* through any import chain', (_, file) => {
    const tfjs = [...reachablePackages(file)].filter(([spec]) => spec.startsWith('@tensorflow/'));
    expect(tfjs.map(([spec, chain]) => `${spec} via ${chain.join(' → ')}`)).toEqual([]);
  });

  it('kernels/ imports only tfjs and protocol/, and only model/ and train/ import it', () => {
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => join(SRC, f));
    const wrong: string[] = [];
    for (const file of files) {
      const floor = file.slice(SRC.length + 1).split('/')[0];
      for (const spec of importsOf(file)) {
        const target = spec.startsWith('.')
          ? resolveRelative(file, spec)
              ?.slice(SRC.length + 1)
              .split('/')[0]
          : spec;
        if (
          floor === 'kernels' &&
          target !== 'kernels' &&
          target !== 'protocol' &&
          !target?.startsWith('@tensorflow/') &&
          target !== 'vitest'
        )
          wrong.push(`${file} imports ${spec}`);
        if (target === 'kernels' && !['kernels', 'model', 'train'].includes(floor)) wrong.push(`${file} imports ${spec}`);
      }
    }
    expect(files.some((f) => f.includes('/kernels/'))).toBe(true);
    expect(wrong).toEqual([]);
  });

  it('would notice a chain through the worker engine', () => {
    const engine = join(SRC, 'worker', 'engine.ts');
    expect([...reachablePackages(engine).keys()].some((spec) => spec.startsWith('@tensorflow/'))).toBe(true);
  });
});
