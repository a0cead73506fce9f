/**
 * Helpers shared by the runtime and scenario specs: run a program through
 * `window.__playground` (docs/urls-and-automation.md) and look at what it printed.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
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

/** Scenarios that never end by themselves: runScenario stops them once they have shown enough. */
export const LOOPING_SCENARIOS = new Set(['thread-target', 'thread-subclass', 'semaphore', 'condition', 'event', 'process-queue', 'loop-thread-sync', 'loop-thread-async']);

/** When a looping run has shown enough to be stopped: a line starting with `text`, or `lines` lines. */
export interface Enough {
  text?: string;
  lines?: number;
}

/** Whether `page` shows the app already (its `window.__playground` is there). */
export function isOnApp(page: Page): Promise<boolean> {
  return page.evaluate(() => !!window.__playground).catch(() => false);
}

/**
 * Opens scenario `id` in `sched` with `seed` at `speed` and runs it through
 * `window.__playground.run()` (runLoaded).
 */
export async function runScenario(
  page: Page,
  id: string,
  sched: string,
  seed: number,
  enough: Enough = { lines: 1 },
  speed: number | 'max' = 'max',
): Promise<RunResultJson> {
  // The page's document is reused when it is the app already: load() opens the scenario as
  // `?sched=…&seed=…&speed=…#example=<id>` would (docs/urls-and-automation.md), without the
  // seconds a fresh page costs a small machine (Monaco, the warm workers).
  if (!(await isOnApp(page))) {
    await page.goto('/');
    await page.waitForFunction(() => !!window.__playground);
  }
  await loadScenario(page, id, sched, seed, speed);
  return runLoaded(page, LOOPING_SCENARIOS.has(id), enough);
}

/**
 * Loads scenario `id`'s port into the page already open, through `load()` (the same program
 * `#example=<id>` opens), in `sched` (`parallel`: no sched option) with `seed` at `speed`.
 */
export async function loadScenario(page: Page, id: string, sched: string, seed: number, speed: number | 'max' = 'max'): Promise<void> {
  const source = readFileSync(`src/scenarios/${id}/port.ts`, 'utf8');
  const options = { example: id, speed, seed, ...(sched === 'parallel' ? {} : { sched }) };
  await page.evaluate(([s, o]) => window.__playground!.load(s, o), [source, options] as const);
}

/**
 * Runs the page's program through `window.__playground.run()`. A `looping` one is stopped once
 * the console shows `enough` (by default its first line), whatever the machine's speed: a
 * wall-clock limit would stop a loaded machine's run before its first line.
 */
export async function runLoaded(page: Page, looping: boolean, enough: Enough = { lines: 1 }): Promise<RunResultJson> {
  return page.evaluate(
    async ([looping, enough]) => {
      const run = window.__playground!.run();
      if (looping) {
        const shown = (): boolean => {
          if (document.querySelector('[data-testid=run-status]')?.getAttribute('data-state') !== 'running') return false;
          const ls = [...document.querySelectorAll('[data-testid=console-line]')];
          if (enough.text !== undefined) return ls.some((l) => (l.textContent ?? '').startsWith(enough.text!));
          return ls.length >= (enough.lines ?? 1);
        };
        let ended = false;
        void run.then(() => (ended = true));
        const t0 = performance.now();
        // (A looping run may also end by itself: condition and event can end in a deadlock.)
        while (!ended && !shown() && performance.now() - t0 < 60_000) await new Promise((res) => setTimeout(res, 50));
        window.__playground!.stop();
      }
      return run;
    },
    [looping, enough] as const,
  ) as Promise<RunResultJson>;
}

/** LOST_UPDATE with each thread incrementing twice: 2, 3 or 4 (the outcome explorer's example). */
export const LOST_UPDATE_TWICE = LOST_UPDATE.replace(
  '  const v = g.n;\n  g.n = v + 1;\n',
  '  for (let i = 0; i < 2; i++) {\n    const v = g.n;\n    g.n = v + 1;\n  }\n',
);
