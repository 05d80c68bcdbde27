// Lint: recommended JS/TS rules, React hooks rules for the UI, type-only imports marked as such,
// and the dependency arrows of DESIGN.md ("Layout of src/") enforced with no-restricted-imports.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Node scripts (scripts/*.mjs, this file) see Node's globals, taken from the Node running us, plus
// the page's, for the callbacks they hand to Playwright's page.evaluate().
const scriptGlobals = {
  ...Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly'])),
  window: 'readonly',
  document: 'readonly',
};

const tfjs = { group: ['@tensorflow/*'], message: 'Only model/, train/ and the worker use tfjs.' };
const model = { regex: '^(\\.\\./)+model(/|$)', message: 'The page reaches the model only through the worker.' };
// train/settings (pure settings schema) and train/types (plain data) are the UI's to read.
const train = {
  regex: '^(\\.\\./)+train(/(?!(settings|types)$)|$)',
  message: 'Only train/settings and train/types are free of tfjs; the rest of train/ runs in the worker.',
};
const uiLibraries = {
  paths: ['react', 'react-dom', 'zustand', 'recharts'].map((name) => ({ name, message: 'model/, data/ and train/ know nothing of the page.' })),
  patterns: [
    { group: ['react/*', 'react-dom/*', 'zustand/*', 'recharts/*'], message: 'model/, data/ and train/ know nothing of the page.' },
    { regex: '^(\\.\\./)+(ui|store)(/|$)', message: 'The arrows point from ui/ and store/ to the worker, never back.' },
  ],
};

export default defineConfig([
  { ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', '**/*.tmp.*'] },
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
  {
    files: ['src/ui/**', 'src/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, model, train] }] },
  },
  {
    files: ['src/model/**', 'src/train/**'],
    rules: { 'no-restricted-imports': ['error', uiLibraries] },
  },
  {
    files: ['src/data/**'],
    rules: { 'no-restricted-imports': ['error', { ...uiLibraries, patterns: [...uiLibraries.patterns, tfjs] }] },
  },
]);
