/**
 * Helpers shared by the runtime and scenario specs: run a program through
 * `window.__playground` (docs/urls-and-automation.md) and look at what it printed.
 */
import { expect } from '@playwright/test';
import { PlaygroundPage, type RunResultJson } from './pages';

export type Line = RunResultJson['lines'][number];

/**
 * Loads `source` at `speed` and runs it to its end (however it ends). `sched` runs it in that
 * mode (seed 1): what a test means by an order of sleeps (`sleep(0.1)` ends before
 * `sleep(0.5)`) holds in `gil` on any machine, while in `parallel` a loaded one may not keep it.
 */
export async function runProgram(app: PlaygroundPage, source: string, speed = 1, sched?: 'gil' | 'seeded'): Promise<RunResultJson> {
  await app.load(source, sched === undefined ? { speed } : { speed, sched, seed: 1 });
  return app.runViaApi();
}

/** The texts of the lines a run printed, optionally only one stream. */
export function texts(result: RunResultJson, stream?: 'stdout' | 'stderr'): string[] {
  return result.lines.filter((l) => stream === undefined || l.stream === stream).map((l) => l.text);
}

/** Runs a program that must finish and returns its stdout texts; on failure shows everything. */
export async function runOk(app: PlaygroundPage, source: string, speed = 1): Promise<string[]> {
  const r = await runProgram(app, source, speed);
  expect(r.state, `run ended ${r.state}: ${r.message ?? ''}\n${r.lines.map((l) => `[${l.thread}|${l.stream}] ${l.text}`).join('\n')}`).toBe('finished');
  return texts(r, 'stdout');
}
