// The dependency rules of src/ (ARCHITECTURE.md "Folders and the one-way dependency rule"),
// checked on the resolved module graph by dependency-cruiser (`npm run lint`): every import form
// counts (static, `import()`, `import type`, `typeof import()`, re-exports), and so does every path
// through the graph, not only the direct imports.
//
// Not in the graph: `new URL('…', import.meta.url)`, by which Vite builds a file as a bundle of its
// own. The supervisor's worker factory (src/supervisor/worker-pool.ts) names the program worker's
// bundle that way, its one reference to runtime code; eslint.config.js allows it there only.

/** What each folder may import (besides itself and npm packages): the table in ARCHITECTURE.md. */
const MAY_IMPORT = {
  lib: [],
  protocol: ['lib'],
  runtime: ['lib', 'protocol'],
  'runtime/typings': [],
  compiler: ['lib', 'protocol'],
  supervisor: ['lib', 'protocol', 'compiler'],
  timeline: ['lib', 'protocol'],
  scenarios: ['lib', 'protocol'],
  share: ['lib', 'protocol'],
  state: ['lib', 'protocol', 'compiler', 'supervisor', 'timeline', 'scenarios', 'share'],
  // The editor shows the runtime's typings (imported `?raw`, as text), never runtime code.
  editor: ['lib', 'protocol', 'state', 'runtime/typings'],
  // Everything but runtime code (the program worker's bundle) and the service worker.
  app: ['lib', 'protocol', 'runtime/typings', 'compiler', 'supervisor', 'timeline', 'scenarios', 'share', 'state', 'editor'],
  sw: [],
};
const FOLDERS = Object.keys(MAY_IMPORT);

/** The files of a folder; `runtime` is the worker-only code, its typings are a folder apart. */
const pathOf = (f) => (f === 'runtime' ? '^src/runtime/(?!typings/)' : `^src/${f}/`);
const any = (fs) => fs.map(pathOf).join('|');

// Tests may use what they test with (a scenario test compiles and runs its port).
const TESTS = '\\.test\\.tsx?$';

const layers = FOLDERS.map((folder) => ({
  name: `layer-${folder.replace('/', '-')}`,
  comment: `src/${folder} may import ${MAY_IMPORT[folder].join(', ') || 'nothing in src/'} (ARCHITECTURE.md: one-way dependencies).`,
  severity: 'error',
  from: { path: pathOf(folder), pathNot: TESTS },
  to: { path: any(FOLDERS.filter((f) => f !== folder && !MAY_IMPORT[folder].includes(f))) },
}));

/**
 * What each bundle contains: every module its entry reaches, through any chain of imports. With
 * every module keeping to its folder's table these hold too; they also hold when a folder is
 * allowed something that pulls in more than the bundle may ship.
 */
const BUNDLES = [
  { name: 'page', entry: 'src/app/main.tsx', mayContain: FOLDERS.filter((f) => f !== 'runtime' && f !== 'sw') },
  { name: 'program-worker', entry: 'src/runtime/worker.ts', mayContain: ['lib', 'protocol', 'runtime'] },
  { name: 'service-worker', entry: 'src/sw/sw.ts', mayContain: ['sw'] },
];
const bundles = BUNDLES.map(({ name, entry, mayContain }) => ({
  name: `bundle-${name}`,
  comment: `The ${name} bundle (${entry} and all it reaches) holds only src/${mayContain.join(', src/')}.`,
  severity: 'error',
  from: { path: `^${entry.replaceAll('.', '\\.')}$` },
  to: { path: any(FOLDERS.filter((f) => !mayContain.includes(f))), reachable: true },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module must not import itself through others: move the shared piece down (ARCHITECTURE.md).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'Two folders must not import each other, even through different files.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    ...layers,
    ...bundles,
    {
      name: 'timeline-public-face',
      comment: 'Import the timeline through its public face, src/timeline/index.ts (`../timeline`).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/timeline/' },
      to: { path: '^src/timeline/', pathNot: '^src/timeline/index\\.ts$' },
    },
    {
      name: 'kebab-case-file-names',
      comment: 'File names in src/ are kebab-case (lower-case words joined by -), React components too (ARCHITECTURE.md). Every file but an entry is imported by some other (knip checks that), so this sees them all.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: '^[^A-Z_]*$' },
    },
    {
      name: 'src-stands-alone',
      comment: 'src/ imports nothing of the repository outside src/ (bench/, e2e/, scripts/ build on src/, not the other way).',
      severity: 'error',
      from: { path: '^src/' },
      to: { pathNot: '^(src|node_modules)/', dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    // Scenario ports and the runtime's typings import Python's modules (`asyncio`…), which the
    // compiler and the editor resolve, not the bundler: they are text to the app (`?raw`).
    doNotFollow: { path: ['node_modules', '^src/scenarios/[^/]+/port\\.ts$', '^src/runtime/typings/'] },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
    // `import type` too: a type-only cycle or layer breach is still a tangle for the reader.
    tsPreCompilationDeps: true,
    cache: true,
  },
};
