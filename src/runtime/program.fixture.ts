/**
 * Test fixture: `__rt` for a compiled program run in the test's own thread on the real runtime
 * (`makeRt`), as the scenario and asyncio tests run programs without a worker. `print` collects
 * lines in `out`, `shared()` hands its fields back (no run buffer here), and only the modules
 * given can be imported.
 */
import { formatPrint } from '../lib/pyrepr';
import type { ProgramRt, RuntimeModuleName } from '../protocol/program';
import { makeRt } from './program';

export function programRtHere(out: string[], modules: Partial<Record<RuntimeModuleName, unknown>>): ProgramRt {
  const rt = makeRt(true, null);
  return {
    ...rt,
    globals: {
      ...rt.globals,
      print: (...values: unknown[]) => out.push(...formatPrint(values).split('\n')),
      shared: <T>(fields: T) => fields,
    },
    module: (name) => {
      const m = modules[name];
      if (m === undefined) throw new Error(`no module ${name} in this test`);
      return m;
    },
  } satisfies ProgramRt;
}
