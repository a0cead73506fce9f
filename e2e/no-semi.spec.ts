/**
 * Issue 13 §1: code written without semicolons runs as the same code with them. Every built-in
 * scenario is run twice in one page, as its port and as `prettier --no-semi` makes it (formatted
 * here with Prettier's API), and the two runs must agree: the same stdout lines where the
 * scenario's output is deterministic (sorted, a prefix, or with times masked where it is not),
 * and always the same run state, the same threads and no TypeError (what the ASI hazards gave:
 * `TypeError: print(...) is not a function`).
 *
 * Speeds are those of scenarios.spec.ts (which knows which scenarios need their timing kept),
 * raised where only the sorted lines or the threads are compared.
 */
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import * as prettier from 'prettier';
import { isOnApp } from './helpers';
import { PlaygroundPage } from './pages';
import { pageSharingTest } from './shared-page';
import { scenarioIds } from '../src/scenarios/sections';

interface Plan {
  speed: number;
  /**
   * exact: the same stdout and stderr; sorted: the same stdout lines in any order; prefix: one
   * run's stdout starts the other's (runs stopped after some output); none: state and threads.
   */
  compare: 'exact' | 'sorted' | 'prefix' | 'none';
  /** For programs that never end: Stop once the console shows this (or the run got stuck). */
  until?: (stdout: string[]) => boolean;
  /** Wall time to let a stuck run go on before Stop (a deadlock report may come). */
  extraMs?: number;
  /** Masks what differs from run to run (times, dates). */
  mask?: (line: string) => string;
}

const maskTime = (l: string): string => l.replace(/^TIME: .*/, 'TIME: *');
const maskCtime = (l: string): string => l.replace(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/, '<ctime>');

const PLANS: Record<string, Plan> = {
  'thread-subclass': { speed: 20, compare: 'none', until: (s) => s.length >= 15 },
  'thread-target': { speed: 20, compare: 'prefix', until: (s) => s.length >= 5 },
  'thread-pool-executor': { speed: 20, compare: 'sorted' },
  process: { speed: 20, compare: 'sorted' },
  'process-pool': { speed: 20, compare: 'sorted' },
  'process-queue': { speed: 5, compare: 'none' },
  race: { speed: 20, compare: 'none' },
  semaphore: { speed: 30, compare: 'none', until: (s) => s.includes('******* 0') },
  barrier: { speed: 50, compare: 'sorted' },
  // The waiter's fifth line and main's last one race (in CPython too).
  event: { speed: 10, compare: 'sorted', until: (s) => s.includes('********'), extraMs: 600 },
  condition: { speed: 20, compare: 'prefix', until: (s) => s.length >= 6 },
  'wait-tasks': { speed: 20, compare: 'sorted' },
  'wait-main': { speed: 20, compare: 'sorted', mask: maskTime },
  'loop-thread-sync': { speed: 20, compare: 'exact', until: (s) => s.includes('Finished more work 3'), extraMs: 300, mask: maskTime },
  'loop-thread-async': {
    speed: 20,
    compare: 'exact',
    until: (s) => s.includes('第一个 协程运行完..') && s.length >= 5,
    extraMs: 300,
    mask: maskCtime,
  },
  'call-later': { speed: 2, compare: 'exact' },
  'call-at': { speed: 2, compare: 'exact' },
  'asyncio-lock': { speed: 1, compare: 'exact' },
  'asyncio-event': { speed: 1, compare: 'exact' },
  'asyncio-condition': { speed: 1, compare: 'exact' },
  // Consumers sleep 0.01 × item: a wake-up late by 40 ms of wall time reorders two lines.
  'asyncio-queue': { speed: 0.25, compare: 'sorted' },
  'master-worker': { speed: 20, compare: 'none' },
  deadlock: { speed: 1, compare: 'sorted' },
};
const DEFAULT_PLAN: Plan = { speed: 20, compare: 'exact' };

interface Outcome {
  state: string;
  stdout: string[];
  stderr: string[];
  /** Every thread and process the run started, from the trace's metadata. */
  threads: string[];
}

// The 44 tests share one page (pageSharingTest), each on the app as the one before left it.
const test = pageSharingTest().extend<{ app: PlaygroundPage }>({
  app: async ({ page }, provide) => {
    const app = new PlaygroundPage(page);
    if (!(await isOnApp(page))) await app.goto('/');
    await expect(app.run).toBeEnabled();
    await provide(app);
  },
});

type RunWindow = Window & { __noSemiRun?: ReturnType<NonNullable<Window['__playground']>['run']> };

async function outcome(app: PlaygroundPage, id: string, source: string, plan: Plan): Promise<Outcome> {
  const page = app.page;
  await app.load(source, { example: id, speed: plan.speed });
  await page.evaluate(() => {
    (window as RunWindow).__noSemiRun = window.__playground!.run();
  });
  if (plan.until) {
    const until = plan.until;
    const ended = async () => !/^(running|idle)$/.test((await app.state()) ?? '');
    await expect
      .poll(async () => until((await app.consoleTexts()).filter((l) => l.stream === 'stdout').map((l) => l.text)) || (await ended()), {
        timeout: 20_000,
        intervals: [100],
      })
      .toBe(true);
    if (plan.extraMs) await page.waitForTimeout(plan.extraMs);
    await page.evaluate(() => window.__playground!.stop());
  }
  const r = (await page.evaluate(() => (window as RunWindow).__noSemiRun)) as Awaited<NonNullable<RunWindow['__noSemiRun']>>;
  const threads = await page.evaluate(() => {
    const t = window.__playground!.trace() as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] };
    return t.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name ?? '');
  });
  const mask = plan.mask ?? ((l: string) => l);
  const lines = (stream: string) => r.lines.filter((l) => l.stream === stream).map((l) => mask(l.text));
  // A run that never ends by itself is stopped, unless the playground saw it stuck first.
  const state = plan.until && (r.state === 'stopped' || r.state === 'deadlock') ? 'stopped or deadlock' : r.state;
  return { state, stdout: lines('stdout'), stderr: lines('stderr'), threads: [...new Set(threads)].sort() };
}

test.describe.configure({ timeout: 90_000 });

for (const id of scenarioIds) {
  test(`${id}: the prettier --no-semi port runs as the original`, async ({ app }) => {
    const source = readFileSync(`src/scenarios/${id}/port.ts`, 'utf8');
    const reformatted = await prettier.format(source, { parser: 'typescript', semi: false });
    expect(reformatted).not.toBe(source);
    const plan = PLANS[id] ?? DEFAULT_PLAN;
    const a = await outcome(app, id, source, plan);
    const b = await outcome(app, id, reformatted, plan);
    const show = (o: Outcome) => `${o.state}\n${[...o.stdout, ...o.stderr.map((l) => `! ${l}`)].join('\n')}`;
    expect(b.stderr.filter((l) => l.includes('TypeError')), show(b)).toEqual([]);
    expect(a.stderr.filter((l) => l.includes('TypeError')), show(a)).toEqual([]);
    expect(b.state, show(b)).toBe(a.state);
    expect(b.threads).toEqual(a.threads);
    expect(a.stdout.length, 'the original printed nothing').toBeGreaterThan(0);
    switch (plan.compare) {
      case 'exact':
        expect(b.stdout).toEqual(a.stdout);
        if (!plan.until) expect(b.stderr).toEqual(a.stderr);
        break;
      case 'sorted':
        expect([...b.stdout].sort()).toEqual([...a.stdout].sort());
        break;
      case 'prefix': {
        const n = Math.min(a.stdout.length, b.stdout.length);
        expect(n).toBeGreaterThan(0);
        expect(b.stdout.slice(0, n)).toEqual(a.stdout.slice(0, n));
        break;
      }
      case 'none':
        break;
    }
  });
}
