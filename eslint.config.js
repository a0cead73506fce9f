// Lint: typescript-eslint's recommended rules, React hooks rules, and the one-way dependency
// rule between the src/ folders (ARCHITECTURE.md "Folders and the one-way dependency rule").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Folders each folder must not import from. */
const forbidden = {
  lib: ['protocol', 'runtime', 'compiler', 'supervisor', 'timeline', 'scenarios', 'share', 'state', 'editor', 'app'],
  protocol: ['runtime', 'compiler', 'supervisor', 'timeline', 'scenarios', 'share', 'state', 'editor', 'app'],
  runtime: ['compiler', 'supervisor', 'timeline', 'scenarios', 'share', 'state', 'editor', 'app'],
  compiler: ['runtime', 'supervisor', 'timeline', 'scenarios', 'share', 'state', 'editor', 'app'],
  supervisor: ['runtime', 'timeline', 'scenarios', 'share', 'state', 'editor', 'app'],
  timeline: ['runtime', 'compiler', 'supervisor', 'scenarios', 'share', 'state', 'editor', 'app'],
  scenarios: ['runtime', 'compiler', 'supervisor', 'timeline', 'share', 'state', 'editor', 'app'],
  share: ['runtime', 'compiler', 'supervisor', 'timeline', 'scenarios', 'state', 'editor', 'app'],
  state: ['runtime', 'editor', 'app'],
  editor: ['compiler', 'supervisor', 'timeline', 'scenarios', 'app'],
  sw: ['protocol', 'runtime', 'compiler', 'supervisor', 'timeline', 'scenarios', 'share', 'state', 'editor', 'app'],
};

/**
 * Outside src/timeline, the timeline is imported through its public face only, src/timeline/index.ts
 * (`../timeline`): the rest of the folder can change without its users noticing (issue 14).
 */
const TIMELINE_INTERNALS = '^(\\.\\./)+timeline/(?!index$)';
/** The same for esquery selectors, whose regex literals end at any `/`. */
const TIMELINE_INTERNALS_Q = TIMELINE_INTERNALS.replaceAll('/', '\\x2F');
const timelineFace = {
  regex: TIMELINE_INTERNALS,
  message: 'Import the timeline through its public face, src/timeline/index.ts (`../timeline`).',
};

const boundaries = [...Object.entries(forbidden), ['app', []]].map(([folder, banned]) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...banned.map((b) => ({
            group: [`../${b}/*`, `../../${b}/*`, `../../../${b}/*`, `../${b}`, `../../${b}`],
            message: `src/${folder} must not import from src/${b} (ARCHITECTURE.md: one-way dependencies).`,
          })),
          ...(folder === 'timeline' ? [] : [timelineFace]),
        ],
      },
    ],
  },
}));

/** The same for tests, and for what `no-restricted-imports` does not see: `import()` and `typeof import()`. */
const timelineFaceEverywhere = [
  {
    files: ['src/**/*.test.{ts,tsx}'],
    ignores: ['src/timeline/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [timelineFace] }] },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/timeline/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/${TIMELINE_INTERNALS_Q}/]`, message: timelineFace.message },
        { selector: `TSImportType[argument.literal.value=/${TIMELINE_INTERNALS_Q}/]`, message: timelineFace.message },
      ],
    },
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
  ...boundaries,
  ...timelineFaceEverywhere,
);
