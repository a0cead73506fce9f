// Lint: typescript-eslint's recommended rules, React hooks rules, function length, and the one
// dependency the module graph does not show (the worker URL). The one-way dependency rule between
// the src/ folders and the import cycles are checked on the module graph: .dependency-cruiser.mjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Dependencies that no import shows, so the dependency rules (.dependency-cruiser.mjs) cannot see
 * them: Vite builds the file named by `new URL('…', import.meta.url)` as a bundle of its own, and
 * `import.meta.glob` imports every file its pattern matches. One URL is allowed: the supervisor's
 * worker factory names the program worker's bundle, src/runtime/worker.ts (the page never loads
 * runtime code itself). Globs stay inside their folder. Tests (Node) may read files by URL.
 */
const WORKER_URL_FILE = 'src/supervisor/worker-pool.ts';
const WORKER_URL = '../runtime/worker.ts';
const hiddenImport = {
  glob: {
    selector: 'CallExpression[callee.object.type="MetaProperty"][callee.property.name="glob"] > Literal.arguments[value=/^(\\.\\.|\\x2F)/]',
    message: 'import.meta.glob stays inside its folder (the dependency rules cannot see what it imports).',
  },
  url: {
    selector: 'MemberExpression[object.type="MetaProperty"][property.name="url"]',
    message: `Only ${WORKER_URL_FILE} names a file by import.meta.url (the program worker's bundle): import modules instead.`,
  },
  otherWorkerUrl: {
    selector: `NewExpression[callee.name="URL"]:has(MetaProperty):not([arguments.0.value="${WORKER_URL}"])`,
    message: `The supervisor names one runtime file by URL, the program worker's bundle: ${WORKER_URL}.`,
  },
};
const hiddenDependencies = [
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', WORKER_URL_FILE],
    rules: { 'no-restricted-syntax': ['error', hiddenImport.glob, hiddenImport.url] },
  },
  {
    files: [WORKER_URL_FILE],
    rules: { 'no-restricted-syntax': ['error', hiddenImport.glob, hiddenImport.otherWorkerUrl] },
  },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public/**', 'src/scenarios/*/port.ts', 'src/runtime/typings/**', 'tmp-*', 'scripts/tmp-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-this-alias': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  { files: ['src/runtime/**/*.ts'], ignores: ['**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },
  // A function that does not fit on a few screens does several things: split it (issue 14).
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/scenarios/**'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  ...hiddenDependencies,
);
