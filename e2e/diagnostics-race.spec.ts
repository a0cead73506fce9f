/**
 * The data-race detector (docs/diagnostics.md, "Data races"): happens-before with vector clocks
 * on shared() fields and Value/Array items. It reports races that could happen, whether or not
 * this run lost an update, and stays silent when any synchronization orders the accesses.
 */
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage, type RunResultJson } from './pages';
import { LOST_UPDATE, runProgram, type TestSched } from './helpers';

const opened = new WeakSet<Page>();
const warnings = (r: RunResultJson): string[] => r.lines.filter((l) => l.stream === 'warning').map((l) => l.text);

/** Runs `source` to a clean finish in the page (opened once per page). */
async function run(page: Page, source: string, sched?: TestSched): Promise<RunResultJson> {
  const app = new PlaygroundPage(page);
  if (!opened.has(page)) {
    await app.goto();
    opened.add(page);
  }
  const r = await runProgram(app, source, 10, sched);
  expect(r.state, r.lines.map((l) => `[${l.thread}|${l.stream}] ${l.text}`).join('\n')).toBe('finished');
  return r;
}

/** Two threads running `body` (which may use g, lockA, lockB, q, ev) once each; main prints g.n. */
const twoThreads = (body: string, setup = '') => `import { Thread, Lock, Event } from 'threading';
import { Queue } from 'queue';
const g = shared({ n: 0 });
const lockA = new Lock();
const lockB = new Lock();
const q = new Queue();
const ev = new Event();
${setup}
function work(k: number) {
${body}
}
const a = new Thread({ target: work, args: [0] });
const b = new Thread({ target: work, args: [1] });
a.start();
b.start();
a.join();
b.join();
print(g.n);
`;

test.describe('data races', () => {
  test('an unlocked read-modify-write names the variable, both threads, both lines and both kinds (gil: exact)', async ({ page }) => {
    const r = await run(page, LOST_UPDATE, 'gil');
    // gil: Thread-1 runs work() to its end, then Thread-2 reads what it wrote, with nothing between.
    expect(warnings(r)).toEqual(['data race on g.n: Thread-2 (work) reads at line 4 while Thread-1 (work) wrote it at line 5, and no lock orders them']);
    expect(r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['2']);
  });

  test('the same race is found in parallel runs, once (10 runs)', async ({ page }) => {
    test.setTimeout(120_000);
    for (let i = 0; i < 10; i++) {
      const r = await run(page, LOST_UPDATE);
      expect(warnings(r), `run ${i}`).toEqual([expect.stringMatching(/^data race on g\.n: Thread-[12] \(work\) (reads|writes) at line [45] while Thread-[12] \(work\) (read|wrote) it at line [45], and no lock orders them$/)]);
    }
  });

  for (const sched of [undefined, 'gil'] as const) {
    const mode = sched ?? 'parallel';
    test(`silent when ordered (${mode}): one lock, start/join, a queue, an event`, async ({ page }) => {
      const ordered = [
        twoThreads('  for (let i = 0; i < 200; i++) { using _ = lockA.hold(); g.n += 1; }'),
        twoThreads('  if (k === 0) { g.n = 5; q.put(1); } else { q.get(); g.n += 1; }'),
        twoThreads('  if (k === 0) { g.n = 5; ev.set(); } else { ev.wait(); g.n += 1; }'),
        `import { Thread } from 'threading';
const g = shared({ n: 0 });
function work() { g.n += 1; }
for (let i = 0; i < 5; i++) { const t = new Thread({ target: work }); t.start(); t.join(); }
g.n += 1;
print(g.n);
`,
      ];
      for (const src of ordered) expect(warnings(await run(page, src, sched)), src).toEqual([]);
    });
  }

  test('a write under one lock and a read under another is a race', async ({ page }) => {
    const r = await run(page, twoThreads('  if (k === 0) { using _ = lockA.hold(); g.n = 1; } else { using _ = lockB.hold(); print(g.n > 0 ? "late" : "early"); }'), 'gil');
    expect(warnings(r)).toEqual([expect.stringMatching(/^data race on g\.n: Thread-2 \(work\) reads at line \d+ while Thread-1 \(work\) wrote it at line \d+, and no lock orders them$/)]);
  });

  test('a lock taken back at once keeps its epoch; what follows its last release still races (gil: exact)', async ({ page }) => {
    // The detector calls a release's tick off when the releaser takes the same lock back with
    // nobody between (core/race.ts tickPending), from a thread's WARM-th release on (before, every
    // release takes the long way). Thread-1 does that in its loop, past WARM, then takes lockB
    // (which it released before: not the pending lock, so the tick stands) and writes h.m under
    // it, then g.n under no lock. Thread-2 reads all three under lockA.
    const setup = 'const h = shared({ m: 0, p: 0 });';
    const body = [
      '  if (k === 0) {',
      '    lockB.acquire(); lockB.release();',
      '    for (let i = 0; i < 200; i++) { lockA.acquire(); g.n = i; h.p = i; lockA.release(); }',
      '    lockB.acquire(); h.m = 2; lockB.release();',
      '    g.n = 9;',
      '  } else {',
      '    lockA.acquire(); print(g.n, h.m, h.p); lockA.release();',
      '  }',
    ].join('\n');
    const r = await run(page, twoThreads(body, setup), 'gil');
    expect(warnings(r)).toEqual([
      'data race on g.n: Thread-2 (work) reads at line 16 while Thread-1 (work) wrote it at line 14, and no lock orders them',
      'data race on h.m: Thread-2 (work) reads at line 16 while Thread-1 (work) wrote it at line 13, and no lock orders them',
    ]);
    expect(r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['9 2 199', '9']);
  });

  test('Value items: processes without the lock race, with get_lock() they do not', async ({ page }) => {
    const prog = (locked: boolean) => `import { Process, Value } from 'multiprocessing';
function work(v: Value) {
  for (let i = 0; i < 50; i++) {
    ${locked ? 'using _ = v.get_lock().hold();' : ''}
    v.value += 1;
  }
}
if (__name__ === '__main__') {
  const v = new Value('i', 0);
  const ps = [new Process({ target: work, args: [v] }), new Process({ target: work, args: [v] })];
  for (const p of ps) p.start();
  for (const p of ps) p.join();
  print(v.value);
}
`;
    expect(warnings(await run(page, prog(false), 'gil'))).toEqual([expect.stringMatching(/^data race on v\.value: Process-2 (reads|writes) at line 5 while Process-1 (read|wrote) it at line 5, and no lock orders them$/)]);
    expect(warnings(await run(page, prog(true), 'gil'))).toEqual([]);
  });

  test('Array items are told apart: threads writing their own item do not race', async ({ page }) => {
    const src = `import { Thread } from 'threading';
import { Array } from 'multiprocessing';
const arr = new Array('i', 2);
function work(k: number) { for (let i = 0; i < 10; i++) arr[k] = arr[k] + 1; }
const ts = [0, 1].map((k) => new Thread({ target: work, args: [k] }));
for (const t of ts) t.start();
for (const t of ts) t.join();
arr[0] = arr[1];
print(arr[0]);
`;
    expect(warnings(await run(page, src, 'gil'))).toEqual([]);
    const shared0 = src.replace('arr[k] = arr[k] + 1', 'arr[0] = arr[0] + 1');
    expect(warnings(await run(page, shared0, 'gil'))).toEqual([expect.stringMatching(/^data race on arr\[0\]: /)]);
  });

  test('with detectors off the run is silent; the console, timeline and editor show a warning when on', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto();
    await app.load(LOST_UPDATE, { speed: 10, sched: 'gil', seed: 1, detectors: false });
    expect(warnings(await app.runViaApi())).toEqual([]);
    await app.load(LOST_UPDATE, { speed: 10, sched: 'gil', seed: 1, detectors: true });
    await app.runViaApi();
    const line = page.locator('[data-testid="console-line"][data-stream="warning"]');
    await expect(line).toHaveText(/^data race on g\.n: /);
    // The filter: warnings only, then output only.
    await page.locator('[data-testid="console-filter"][data-filter="warnings"]').click();
    await expect(page.locator('[data-testid="console-line"]')).toHaveCount(1);
    await page.locator('[data-testid="console-filter"][data-filter="output"]').click();
    await expect(page.locator('[data-testid="console-line"]')).toHaveText(['2']);
    // The editor underlines both lines (Monaco's warning squiggles).
    await expect(page.locator('[data-testid="editor"] .squiggly-warning')).toHaveCount(2);
    // The Chrome trace has the warning as an instant event naming the detector and the other access.
    const trace = (await page.evaluate(() => window.__playground!.trace())) as { traceEvents: { ph: string; cat: string; args?: Record<string, unknown> }[] };
    const inst = trace.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'warning');
    expect(inst).toHaveLength(1);
    expect(inst[0]!.args).toMatchObject({ detector: 'race', line: 4, other: { line: 5 } });
  });
});
