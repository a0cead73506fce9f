/**
 * The built-in scenarios (docs/scenarios.md): each folder holds the editable TypeScript port
 * (`port.ts`, loaded as text: it is a program for the playground, not a module of the app), the
 * re-indented Python original (`original.py`) and the notes (`meta.ts`).
 */
import type { Scenario } from './types';
import { scenarioIds } from './sections';

export { sections, scenarioIds } from './sections';

type Meta = Omit<Scenario, 'source' | 'python'>;

const metas = import.meta.glob<Meta>('./*/meta.ts', { import: 'meta', eager: true });
const ports = import.meta.glob<string>('./*/port.ts', { query: '?raw', import: 'default', eager: true });
const originals = import.meta.glob<string>('./*/original.py', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function load(id: string): Scenario {
  const meta = metas[`./${id}/meta.ts`];
  const source = ports[`./${id}/port.ts`];
  const python = originals[`./${id}/original.py`];
  // The catalog test checks every folder; this only guards against a broken build.
  if (!meta || source === undefined || python === undefined) throw new Error(`scenario ${id} is incomplete`);
  return { ...meta, source, python };
}

/** Every scenario, in docs/scenarios.md order. */
export const scenarios: Scenario[] = scenarioIds.map(load);

const byId = new Map(scenarios.map((s) => [s.id, s]));

/** The scenario with that id, or undefined. */
export function getScenario(id: string): Scenario | undefined {
  return byId.get(id);
}
