/**
 * Helpers shared by the runtime and scenario specs: run a program through
 * `window.__playground` (docs/urls-and-automation.md) and look at what it printed.
 */
import { expect } from '@playwright/test';
import { PlaygroundPage, type LoadOptionsJson, type RunResultJson } from './pages';

export type Line = RunResultJson['lines'][number];

/**
 * The deterministic modes a test may ask for (docs/deterministic-runs.md). What a test means by
 * an order of sleeps (`sleep(0.1)` ends before `sleep(0.5)` in another thread, a timeout fires
 * before a long sleep ends) holds in `gil` (asyncio-only programs: `seeded`) on any machine,
 * while in `parallel`, where program time is wall time × speed, a loaded one may not keep it.
 */
export type TestSched = 'gil' | 'seeded';

/** `load()`'s options for a run at `speed`, in `sched` with seed 1, or in `parallel` without it. */
export function loadOptions(speed: number, sched?: TestSched): LoadOptionsJson {
  return sched === undefined ? { speed } : { speed, sched, seed: 1 };
}

/** Loads `source` at `speed` (in `sched`, see TestSched) and runs it to its end (however it ends). */
export async function runProgram(app: PlaygroundPage, source: string, speed = 1, sched?: TestSched): Promise<RunResultJson> {
  await app.load(source, loadOptions(speed, sched));
  return app.runViaApi();
}

/** The texts of the lines a run printed, optionally only one stream. */
export function texts(result: RunResultJson, stream?: 'stdout' | 'stderr'): string[] {
  return result.lines.filter((l) => stream === undefined || l.stream === stream).map((l) => l.text);
}

/** Runs a program that must finish and returns its stdout texts; on failure shows everything. */
export async function runOk(app: PlaygroundPage, source: string, speed = 1, sched?: TestSched): Promise<string[]> {
  const r = await runProgram(app, source, speed, sched);
  expect(r.state, `run ended ${r.state}: ${r.message ?? ''}\n${r.lines.map((l) => `[${l.thread}|${l.stream}] ${l.text}`).join('\n')}`).toBe('finished');
  return texts(r, 'stdout');
}

/**
 * Two threads, each reading the shared counter (line 4) and writing it back plus one (line 5):
 * the smallest lost update, for step-mode specs.
 */
export const LOST_UPDATE = `import { Thread } from 'threading';
const g = shared({ n: 0 });
function work() {
  const v = g.n;
  g.n = v + 1;
}
const a = new Thread({ target: work });
const b = new Thread({ target: work });
a.start();
b.start();
a.join();
b.join();
print(g.n);
`;

/** LOST_UPDATE with each thread incrementing twice: 2, 3 or 4 (the outcome explorer's example). */
export const LOST_UPDATE_TWICE = LOST_UPDATE.replace(
  '  const v = g.n;\n  g.n = v + 1;\n',
  '  for (let i = 0; i < 2; i++) {\n    const v = g.n;\n    g.n = v + 1;\n  }\n',
);
