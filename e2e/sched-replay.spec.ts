/**
 * Deterministic runs in real Chromium (docs/deterministic-runs.md): the same source, mode and
 * seed give the same run — for every scenario, under load — and the modes give the shapes the
 * tutorial's examples have under CPython.
 */
import { expect, test } from '@playwright/test';
import { LOOPING_SCENARIOS as LOOPING, runScenario } from './helpers';
import { type RunResultJson } from './pages';
import { SCENARIO_IDS } from './scenario-ids.fixture';

const texts = (r: RunResultJson): string[] => r.lines.map((l) => `${l.thread}|${l.stream}|${l.text}`);

test.describe('deterministic runs: replay', () => {
  test.describe.configure({ timeout: 240_000 });

  // Three parts, so that a loaded machine (or two workers) finishes each well within its limit.
  // Each part's runs share one page (runScenario): a replay must not depend on a fresh page.
  for (const [k, ids] of [SCENARIO_IDS.slice(0, 15), SCENARIO_IDS.slice(15, 30), SCENARIO_IDS.slice(30)].entries()) {
    test(`every scenario replays exactly: same mode and seed, same lines and hash (part ${k + 1})`, async ({ page }) => {
      for (const id of ids) {
        const sched = id === 'race' || id === 'lock' ? 'gil' : 'seeded';
        const a = await runScenario(page, id, sched, 7);
        const b = await runScenario(page, id, sched, 7);
        expect(a.schedule.mode, id).toBe(sched);
        expect(a.schedule.seed, id).toBe(7);
        if (LOOPING.has(id)) {
          // Stopped by wall time: the shorter run is the start of the longer one.
          const [x, y] = [texts(a), texts(b)];
          const n = Math.min(x.length, y.length);
          expect(n, `${id}: lines before Stop`).toBeGreaterThan(0);
          expect(x.slice(0, n), id).toEqual(y.slice(0, n));
        } else {
          expect(a.state, id).not.toBe('stopped');
          expect(texts(a), id).toEqual(texts(b));
          expect(a.schedule.hash, id).toBe(b.schedule.hash);
          expect(a.schedule.decisions, id).toBe(b.schedule.decisions);
        }
      }
    });
  }

  test('race: seeds lose different numbers of updates; gil prints 2000000 as CPython 3.10+', async ({ page }) => {
    const totals = new Set<string>();
    let lost = 0;
    for (const seed of [1, 2, 3]) {
      const r = await runScenario(page, 'race', 'seeded', seed);
      expect(r.state).toBe('finished');
      const n = r.lines.at(-1)?.text ?? '';
      totals.add(n);
      if (Number(n) < 2_000_000) lost++;
    }
    expect(totals.size).toBeGreaterThan(1);
    expect(lost).toBeGreaterThanOrEqual(2);
    const gil = await runScenario(page, 'race', 'gil', 1);
    expect(gil.lines.at(-1)?.text).toBe('2000000');
  });

  test("semaphore: exactly 24 holds before main's ******* 0 (CPython's shape), in seeded and gil", async ({ page }) => {
    for (const [sched, seed] of [['seeded', 1], ['seeded', 2], ['gil', 1]] as const) {
      // Speed 20: main's line stays on screen long enough for the test to see it and press Stop.
      const r = await runScenario(page, 'semaphore', sched, seed, { text: '*******' }, 20);
      const at = r.lines.findIndex((l) => l.text.startsWith('*******'));
      expect(at, `${sched} ${seed}`).toBe(24);
      expect(r.lines[at]?.text).toBe('******* 0');
    }
  });

  test('thread-subclass: the five threads tick the same number of times (±1)', async ({ page }) => {
    for (const [sched, seed] of [['seeded', 1], ['gil', 2]] as const) {
      const r = await runScenario(page, 'thread-subclass', sched, seed, { lines: 20 });
      const per = new Map<string, number>();
      for (const l of r.lines) per.set(l.thread, (per.get(l.thread) ?? 0) + 1);
      expect(per.size).toBe(5);
      const counts = [...per.values()];
      expect(Math.max(...counts) - Math.min(...counts), JSON.stringify([...per])).toBeLessThanOrEqual(1);
    }
  });

  test('the token has a row (GIL in gil, CPU in seeded) and a replay exports the identical trace', async ({ page }) => {
    type Chrome = { traceEvents: { name?: string; cat?: string; ph: string; ts?: number }[] };
    const traceOf = async (id: string, sched: string, seed: number): Promise<Chrome> => {
      await runScenario(page, id, sched, seed);
      return page.evaluate(() => window.__playground!.trace()) as Promise<Chrome>;
    };
    // [scenario, mode, row name, threads seen holding the token at least]
    const cases = [
      ['race', 'gil', 'GIL', 3],
      ['semaphore', 'seeded', 'CPU', 2],
      ['gather-main', 'seeded', 'CPU', 1],
      ['asyncio-queue', 'seeded', 'CPU', 1],
    ] as const;
    for (const [id, sched, row, holders] of cases) {
      const a = await traceOf(id, sched, 5);
      const held = a.traceEvents.filter((e) => e.cat === 'lock' && e.ph === 'b' && (e.name ?? '').startsWith(`${row} held by `));
      expect(new Set(held.map((e) => e.name)).size, `${id} ${sched}`).toBeGreaterThanOrEqual(holders);
      if (id === 'semaphore') continue; // stopped by the test at a wall-clock moment
      const b = await traceOf(id, sched, 5);
      expect(JSON.stringify(b), `${id} ${sched}`).toBe(JSON.stringify(a));
    }
  });

  // Found by e2e/runtime-threading.spec.ts's Barrier test in gil: a thread that came back from a
  // sleep without a hand-off (everybody else was blocked) counted the sleep as GIL time used,
  // and gave the GIL away at its first point, before the line CPython prints first.
  test('gil: a sleep is not running time: the thread back from it keeps the GIL for its switch interval', async ({ page }) => {
    await page.goto('/');
    await page.waitForFunction(() => !!window.__playground);
    const src = `import { Event, Thread } from 'threading';
import * as time from 'time';
const ev = new Event();
function waiter() { ev.wait(); print('waiter woke'); }
const t = new Thread({ target: waiter });
t.start();
time.sleep(0.1);
ev.set();
print('main set the event');
print('main goes on');
t.join();
`;
    const r = (await page.evaluate(async (src) => {
      window.__playground!.load(src, { sched: 'gil', seed: 1, speed: 'max' });
      return window.__playground!.run();
    }, src)) as RunResultJson;
    expect(r.state).toBe('finished');
    expect(r.lines.map((l) => l.text)).toEqual(['main set the event', 'main goes on', 'waiter woke']);
  });

  // Found by e2e/runtime-queue-futures.spec.ts's timed put in gil: the virtual clock jumped
  // exactly to the deadline, and `monotonic() - t0` read 0.29999999999999993 after a 0.3 s timeout.
  test('timed waits never end short of their timeout on the program’s clock, in gil and seeded', async ({ page }) => {
    await page.goto('/');
    await page.waitForFunction(() => !!window.__playground);
    const src = `import { Lock, Event, Condition } from 'threading';
import { Queue } from 'queue';
import * as time from 'time';
const lock = new Lock(); lock.acquire();
const ev = new Event();
const cond = new Condition(); cond.acquire();
const full = new Queue(1); full.put(0);
const empty = new Queue();
const waits: [string, (s: number) => unknown][] = [
  ['sleep', (s) => time.sleep(s)],
  ['Lock.acquire', (s) => lock.acquire(true, s)],
  ['Event.wait', (s) => ev.wait(s)],
  ['Condition.wait', (s) => cond.wait(s)],
  ['Queue.put', (s) => { try { full.put(1, true, s); } catch { /* Full */ } }],
  ['Queue.get', (s) => { try { empty.get(true, s); } catch { /* Empty */ } }],
];
for (const [name, wait] of waits) {
  let short = 0;
  for (const k of range(40)) {
    const s = 0.05 + k * 0.01;
    const t0 = time.monotonic();
    wait(s);
    if (time.monotonic() - t0 < s) short++;
  }
  print(name, 'short:', short);
}
`;
    for (const sched of ['gil', 'seeded']) {
      const r = (await page.evaluate(
        async ([src, sched]) => {
          window.__playground!.load(src, { sched, seed: 1, speed: 'max' });
          return window.__playground!.run();
        },
        [src, sched] as const,
      )) as RunResultJson;
      expect(r.state, sched).toBe('finished');
      expect(r.lines.map((l) => l.text), sched).toEqual(
        ['sleep', 'Lock.acquire', 'Event.wait', 'Condition.wait', 'Queue.put', 'Queue.get'].map((n) => `${n} short: 0`),
      );
    }
  });

  test("every clock the program reads is the run's virtual clock: a replay prints the same times", async ({ page }) => {
    const src = `import * as time from 'time';
const d = new Date();
print(d.getTime() >= 1257894000000 && d.getTime() < 1257894000000 + 60000, d instanceof Date);
print(Date.now() - d.getTime() < 1000, typeof Date(), new Date(0).toISOString());
time.sleep(2.5);
print(new Date().getTime() - d.getTime(), Math.round(performance.now()), time.time());
print(Math.random());
`;
    const once = async (): Promise<string[]> => {
      await page.goto('about:blank');
      await page.goto('/?sched=seeded&seed=9&speed=max#example=race');
      await page.waitForFunction(() => !!window.__playground);
      const r = (await page.evaluate((s) => {
        window.__playground!.load(s, { sched: 'seeded', seed: 9, speed: 'max' });
        return window.__playground!.run();
      }, src)) as RunResultJson;
      expect(r.state, JSON.stringify(r.lines)).toBe('finished');
      return r.lines.map((l) => l.text);
    };
    const a = await once();
    expect(a[0]).toBe('True True');
    expect(a[1]).toBe('True string 1970-01-01T00:00:00.000Z');
    // 2.5 s of program time passed on every clock, whatever the machine took.
    expect(a[2]).toMatch(/^2500 2500 1257894002\.5\d*$/);
    expect(await once()).toEqual(a);
  });

  test('the same seed under a CPU hog in another Worker gives the same hash', async ({ page }) => {
    const quiet = await runScenario(page, 'race', 'seeded', 11);
    await page.evaluate(() => {
      const src = 'const end = Date.now() + 20000; while (Date.now() < end) {}';
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      (window as unknown as { hog: Worker }).hog = w;
    });
    const loaded = await page.evaluate(async () => {
      const r = await window.__playground!.run();
      (window as unknown as { hog: Worker }).hog.terminate();
      return r;
    });
    expect(loaded.schedule.hash).toBe(quiet.schedule.hash);
    expect(loaded.lines).toEqual(quiet.lines);
  });

  test('a busy loop is preemptible: other threads run, and Stop ends it at once', async ({ page }) => {
    await page.goto('/?sched=seeded&seed=3&speed=max#example=thread-target');
    await page.waitForFunction(() => !!window.__playground);
    const src = `import { Thread } from 'threading';
function spin() { while (true) {} }
function talk() { for (const i of range(3)) print('talk', i); }
const a = new Thread({ target: spin });
const b = new Thread({ target: talk });
a.start();
b.start();
b.join();
print('main done');
`;
    const r = await page.evaluate(async (src) => {
      window.__playground!.load(src);
      const run = window.__playground!.run();
      const t0 = performance.now();
      // Stop once the talker is done: the spinner holds no lock, so only Stop ends it.
      while (document.querySelectorAll('[data-testid=console-line]').length < 4 && performance.now() - t0 < 20_000) {
        await new Promise((res) => setTimeout(res, 50));
      }
      window.__playground!.stop();
      return run;
    }, src);
    expect(r.lines.map((l) => l.text)).toEqual(['talk 0', 'talk 1', 'talk 2', 'main done']);
    expect(r.state).toBe('stopped');
  });
});
