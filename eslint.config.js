// Lint: recommended JS/TS rules, React hooks rules for the UI, type-only imports marked as such,
// and the floors of DESIGN.md ("Floors of src/") enforced with no-restricted-imports, with no
// carve-outs: each floor names the floors it may import, and everything else is refused.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

// Node scripts (scripts/*.mjs, this file) see Node's globals, taken from the Node running us, plus
// the page's, for the callbacks they hand to Playwright's page.evaluate().
const scriptGlobals = {
  ...Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly'])),
  window: 'readonly',
  document: 'readonly',
};

const FLOORS = ['protocol', 'data', 'kernels', 'model', 'train', 'worker', 'store', 'ui'];
const tfjs = { group: ['@tensorflow/*'], message: 'Only kernels/, model/, train/ and the worker run tfjs.' };
const pageLibraries = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'recharts', 'recharts/*', 'react-dropzone', 'zustand', 'zustand/*'],
  message: 'Only the page (store/, ui/) uses React, zustand and the chart and drop-zone libraries.',
};

/**
 * The rule for one floor: relative imports may reach only the floors listed (and the floor's own
 * files); `packages` are extra package patterns it may not import.
 */
function floor(name, allowed, packages = []) {
  const others = FLOORS.filter((f) => f !== name && !allowed.includes(f));
  return {
    files: [`src/${name}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...packages,
            {
              regex: `^\\.\\./(${others.join('|')})(/|$)`,
              message: allowed.length
                ? `${name}/ may import only ${allowed.map((f) => `${f}/`).join(', ')} (DESIGN.md, floors).`
                : `${name}/ imports nothing of src/ (DESIGN.md, floors).`,
            },
            { regex: '^\\.\\./\\.\\./', message: 'Import another floor as ../floor/file, never from outside src/.' },
          ],
        },
      ],
    },
  };
}

export default defineConfig([
  { ignores: ['dist/', 'dist-*/', '.pretrain/', 'node_modules/', 'public/', 'test-results/', '**/*.tmp.*', 'src/**/*.as.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: scriptGlobals },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  // Layout is Prettier's (npm run format; lint checks it): no style rule may disagree with it.
  prettier,
  floor('protocol', [], [tfjs, pageLibraries]),
  floor('data', ['protocol'], [tfjs, pageLibraries]),
  floor('kernels', ['protocol'], [pageLibraries]),
  floor('model', ['protocol', 'data', 'kernels'], [pageLibraries]),
  floor('train', ['protocol', 'data', 'kernels', 'model'], [pageLibraries]),
  // kernels/ (custom WebGPU programs) is reached only through model/ and train/.
  floor('worker', ['protocol', 'data', 'model', 'train'], [pageLibraries]),
  floor('ui', ['protocol', 'store'], [tfjs]),
  // The main thread's side of the worker: it may know the protocol and nothing that runs tfjs.
  {
    files: ['src/worker/client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            tfjs,
            pageLibraries,
            { regex: '^\\.\\./(?!protocol/)', message: 'worker/client.ts runs on the page: it imports only protocol/.' },
            { regex: '^\\./(?!engine\\.worker\\.ts$)', message: 'worker/client.ts imports nothing else of the worker.' },
          ],
        },
      ],
    },
  },
  // store/ reaches the worker only through its client.
  {
    files: ['src/store/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            tfjs,
            { regex: '^\\.\\./(?!(protocol|worker/client)(/|$))', message: 'store/ may import only protocol/ and worker/client.' },
          ],
        },
      ],
    },
  },
  // One compute path (issue 19): model/ and train/ call the Ops a run chose once (kernels/ops.ts
  // opsFor) and never ask which implementation they hold. Only kernels/ops.ts is imported from
  // kernels/; no test of an implementation's name or of a kernel path ('fused', 'reference'). The
  // parity suite (train/parity*.ts) and tests compare implementations on purpose.
  {
    files: ['src/model/**/*.ts', 'src/train/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/train/parity*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/kernels\\/(?!ops$)/]',
          message: 'model/ and train/ reach kernels/ only through kernels/ops.ts (the Ops interface, opsFor).',
        },
        {
          selector: "MemberExpression[property.name=/^(name|label)$/]:matches([object.name='ops'], [object.property.name='ops'])",
          message: "Do not ask which implementation runs: call the model's ops (kernels/ops.ts).",
        },
        {
          selector: 'BinaryExpression > Literal[value=/^(fused|reference)$/], SwitchCase > Literal[value=/^(fused|reference)$/]',
          message: 'No branch on the compute path outside kernels/ops.ts: the Ops implementations hold the difference.',
        },
        {
          selector: 'Identifier[name=/^(onWebGPU|ModelKernels|kernelsOn)$/]',
          message: 'No branch on the compute path outside kernels/: the Ops implementations hold the difference.',
        },
      ],
    },
  },
  // A slice never imports another slice: it reads the store through get(), writes only its own
  // fields (SliceContext's types), and asks the worker through the requests helper. Only the
  // composition root (store.ts) and the type hub (slice.ts) see them all.
  {
    files: ['src/store/*.ts'],
    ignores: ['src/store/store.ts', 'src/store/slice.ts', 'src/store/useScaleLab.ts', 'src/store/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            tfjs,
            { regex: '^\\.\\./(?!(protocol|worker/client)(/|$))', message: 'store/ may import only protocol/ and worker/client.' },
            // Every sibling but the shared helpers is a slice (or the store): a new slice is covered without a list to keep.
            {
              regex: '^\\./(?!(requests|slice|selectors|coalesce|oneInFlight|lastSteps|tabLock|scaleLabPlan|scaleLabKept)$)',
              message: 'A slice never imports another slice: read the store through get(), ask the worker through requests.ts.',
            },
          ],
        },
      ],
    },
  },
]);
