/**
 * Step mode in real Chromium (docs/deterministic-runs.md, "Step mode"): the run stops at every
 * scheduling point, the learner (here the test, through `window.__playground` and the step
 * buttons) picks who moves, Back replays one step shorter, and Finish hands over to the seeded
 * policy.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { RunResultJson } from './pages';
import { LOST_UPDATE } from './helpers';

interface Runnable {
  thread: string;
  line: number;
  op: string;
}


async function open(page: Page, source: string): Promise<void> {
  await page.goto('/?sched=step#example=race');
  await page.waitForFunction(() => !!window.__playground);
  await page.evaluate((src) => {
    window.__playground!.load(src, { sched: 'step', seed: 1 });
    // Not awaited: a step run ends only when it is stepped (or finished) to its end.
    (window as unknown as { stepRun: Promise<unknown> }).stepRun = window.__playground!.run();
  }, source);
}

const runnable = (page: Page): Promise<Runnable[]> => page.evaluate(() => window.__playground!.runnable());
const step = (page: Page, thread: string): Promise<void> => page.evaluate((t) => window.__playground!.step(t), thread);

/**
 * Steps the run, choosing at each pause the first thread `prefer` returns a name for (else the
 * first runnable), until nobody can move. Returns each pause's runnable list.
 */
async function stepAll(page: Page, prefer: (r: Runnable[]) => string | undefined): Promise<Runnable[][]> {
  const seen: Runnable[][] = [];
  for (let k = 0; k < 200; k++) {
    const r = await runnable(page);
    if (r.length === 0) return seen;
    seen.push(r);
    await step(page, prefer(r) ?? r[0]!.thread);
  }
  throw new Error('the run did not end within 200 steps');
}

/** The result of the run `open` started. */
const result = (page: Page): Promise<RunResultJson> =>
  page.evaluate(() => (window as unknown as { stepRun: Promise<unknown> }).stepRun) as Promise<RunResultJson>;

test.describe('step mode', () => {
  test('the learner makes a lost update by hand: both threads read before either writes', async ({ page }) => {
    await open(page, LOST_UPDATE);
    // Reads first, then whatever starts a thread (MainThread, a thread starting), writes last.
    const seen = await stepAll(page, (r) =>
      (r.find((t) => t.op === 'read g.n') ?? r.find((t) => t.op === 'start') ?? r.find((t) => t.thread === 'MainThread') ?? r[0])?.thread,
    );
    const ops = seen.flat();
    expect(ops).toContainEqual({ thread: 'Thread-1 (work)', line: 4, op: 'read g.n' });
    expect(ops).toContainEqual({ thread: 'Thread-2 (work)', line: 5, op: 'write g.n' });
    // At some pause both threads were about to write: each had read 0.
    expect(seen.some((r) => r.filter((t) => t.op === 'write g.n').length === 2)).toBe(true);
    const r = await result(page);
    expect(r.state).toBe('finished');
    expect(r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['1']);
    // The race detector names the race the learner made (docs/diagnostics.md).
    expect(r.lines.filter((l) => l.stream === 'warning').map((l) => l.text)).toEqual([expect.stringMatching(/^data race on g\.n: Thread-[12] \(work\) writes at line 5 while Thread-[12] \(work\) read it at line 4/)]);
    expect(r.schedule.mode).toBe('step');
    // The timeline grew one step at a time: each step a slice of its thread saying what it did,
    // 1 ms of program time apart, and the CPU row says who ran.
    type Ev = { name?: string; ph: string; ts?: number; cat?: string; args?: Record<string, unknown> };
    const trace = (await page.evaluate(() => window.__playground!.trace())) as { traceEvents: Ev[] };
    const reads = trace.traceEvents.filter((e) => e.ph === 'X' && e.args?.['what'] === 'read g.n');
    // Each thread's read, and MainThread's for print(g.n).
    expect(reads.length).toBe(3);
    expect(Math.abs((reads[1]?.ts ?? 0) - (reads[0]?.ts ?? 0))).toBeGreaterThanOrEqual(1000);
    const cpu = trace.traceEvents.filter((e) => e.cat === 'lock' && e.ph === 'b' && (e.name ?? '').startsWith('CPU held by '));
    expect(new Set(cpu.map((e) => e.name))).toEqual(new Set(['CPU held by MainThread', 'CPU held by Thread-1 (work)', 'CPU held by Thread-2 (work)']));
  });

  test('each thread in turn: no update is lost, and the same choices give the same hash', async ({ page }) => {
    const serial = (r: Runnable[]): string | undefined =>
      // Finish whichever thread has started its read-modify-write before letting another in.
      r.find((t) => t.op === 'write g.n')?.thread;
    await open(page, LOST_UPDATE);
    await stepAll(page, serial);
    const a = await result(page);
    // No update lost this time, but nothing orders the two threads' accesses: still a race.
    expect(a.lines.map((l) => `${l.stream}: ${l.text}`)).toEqual([
      'warning: data race on g.n: Thread-2 (work) reads at line 4 while Thread-1 (work) wrote it at line 5, and no lock orders them',
      'stdout: 2',
    ]);
    await open(page, LOST_UPDATE);
    await stepAll(page, serial);
    const b = await result(page);
    expect(b.schedule.hash).toBe(a.schedule.hash);
    expect(b.schedule.decisions).toBe(a.schedule.decisions);
  });

  test('Back returns to the pause one step earlier; Finish lets the seeded policy run the rest', async ({ page }) => {
    await open(page, LOST_UPDATE);
    const history: Runnable[][] = [];
    for (let k = 0; k < 4; k++) {
      const r = await runnable(page);
      history.push(r);
      await step(page, r.at(-1)!.thread);
    }
    const fifth = await runnable(page);
    await page.evaluate(() => window.__playground!.back());
    expect(await runnable(page)).toEqual(history[3]);
    await page.evaluate(() => window.__playground!.back());
    expect(await runnable(page)).toEqual(history[2]);
    // Going forward again the same way reaches the same pause.
    await step(page, history[2]!.at(-1)!.thread);
    await step(page, history[3]!.at(-1)!.thread);
    expect(await runnable(page)).toEqual(fifth);
    const r = (await page.evaluate(() => window.__playground!.finish())) as RunResultJson;
    expect(r.state).toBe('finished');
    expect(['1', '2']).toContain(r.lines.at(-1)?.text);
  });

  test('a thread waiting for a lock is listed as blocked on it, and cannot be stepped', async ({ page }) => {
    await open(
      page,
      `import { Thread, Lock } from 'threading';
const lock = new Lock();
function work() {
  lock.acquire();
  print('inside');
  lock.release();
}
const a = new Thread({ target: work });
a.start();
lock.acquire();
print('main has it');
lock.release();
a.join();
`,
    );
    const T1 = 'Thread-1 (work)';
    let mainHasIt = false;
    let blocked: { thread: string; text: string }[] = [];
    for (let k = 0; k < 40 && blocked.length === 0; k++) {
      const r = await runnable(page);
      expect(r.length).toBeGreaterThan(0);
      // MainThread takes the lock first; then Thread-1 runs into it.
      const main = r.find((t) => t.thread === 'MainThread' && !mainHasIt);
      const next = main ?? r.find((t) => t.thread === T1) ?? r[0]!;
      if (next.op === 'acquire Lock#1' && next.thread === 'MainThread') mainHasIt = true;
      await step(page, next.thread);
      await runnable(page);
      blocked = await page.$$eval('[data-testid=step-blocked]', (els) =>
        els.map((e) => ({ thread: e.getAttribute('data-thread') ?? '', text: e.textContent ?? '' })),
      );
      blocked = blocked.filter((b) => b.thread === T1);
    }
    expect(blocked[0]?.text).toContain('acquire Lock#1');
    expect((await runnable(page)).map((t) => t.thread)).toEqual(['MainThread']);
    await expect(page.getByTestId('step-thread')).toHaveCount(1);
    // MainThread releases the lock: Thread-1 can move again.
    await stepAll(page, (r) => r.find((t) => t.thread === 'MainThread')?.thread);
    const r = await result(page);
    expect(r.state).toBe('finished');
    expect(r.lines.map((l) => l.text)).toEqual(['main has it', 'inside']);
  });

  test('stepping into a deadlock ends the run as a deadlock', async ({ page }) => {
    await open(
      page,
      `import { Thread, Lock } from 'threading';
const lock = new Lock();
function work() {
  lock.acquire();
}
const a = new Thread({ target: work });
lock.acquire();
a.start();
a.join();
`,
    );
    await stepAll(page, (r) => r[0]?.thread);
    const r = await result(page);
    expect(r.state).toBe('deadlock');
  });

  test('Share carries the steps: the link opens paused at the same step, and short for an example', async ({ page, context }) => {
    await open(page, LOST_UPDATE);
    for (let k = 0; k < 5; k++) {
      const r = await runnable(page);
      await step(page, r.at(-1)!.thread);
    }
    const here = await runnable(page);
    await page.getByTestId('share').click();
    const url = new URL(await page.getByTestId('share-url').inputValue());
    expect(url.searchParams.get('sched')).toBe('step');
    expect(url.searchParams.get('steps')).toMatch(/^[0-9x.]+$/);
    const other = await context.newPage();
    await other.goto(url.pathname + url.search + url.hash);
    await other.waitForFunction(() => !!window.__playground);
    expect(await other.evaluate(() => window.__playground!.runnable())).toEqual(here);
    await expect(other.getByTestId('step-thread')).toHaveCount(here.length);
    // An unmodified example in step mode: no code in the link, far under chat services' 2,000.
    await other.goto('/?sched=step#example=asyncio-queue');
    await other.waitForFunction(() => !!window.__playground);
    await other.getByTestId('share').click();
    const short = await other.getByTestId('share-url').inputValue();
    expect(short).toMatch(/#example=asyncio-queue$/);
    expect(short.length).toBeLessThan(200);
  });

  test('the step buttons and number keys move threads; Back and Finish are buttons too', async ({ page }) => {
    await open(page, LOST_UPDATE);
    const buttons = page.getByTestId('step-thread');
    await expect(buttons.first()).toBeVisible();
    const before = await page.evaluate(() => window.__playground!.runnable());
    await buttons.first().click();
    await expect.poll(async () => JSON.stringify(await runnable(page))).not.toBe(JSON.stringify(before));
    const second = await runnable(page);
    await page.locator('body').press('1');
    await expect.poll(async () => JSON.stringify(await runnable(page))).not.toBe(JSON.stringify(second));
    await page.getByTestId('step-back').click();
    await expect.poll(async () => JSON.stringify(await runnable(page))).toBe(JSON.stringify(second));
    await page.getByTestId('step-finish').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'finished');
    await expect(page.getByTestId('console-line').last()).toHaveText(/^[12]$/);
  });
});

/** Two tasks that print, give way to the loop once, and print again. */
const TWO_TASKS = `import * as asyncio from 'asyncio';
async function worker(name: string) {
  print(name, 'start');
  await asyncio.sleep(0);
  print(name, 'end');
}
async function main() {
  const a = asyncio.create_task(worker('A'), { name: 'A' });
  const b = asyncio.create_task(worker('B'), { name: 'B' });
  await a;
  await b;
}
asyncio.run(main());
`;

test.describe('step mode: asyncio tasks', () => {
  test('each ready task is listed with where it is, and the learner picks which runs (B before A, then A before B); a link replays it', async ({ page, context }) => {
    await open(page, TWO_TASKS);
    expect(await runnable(page)).toEqual([{ thread: 'Task-1', line: 0, op: 'start main()' }]);
    await step(page, 'Task-1');
    expect(await runnable(page)).toEqual([
      { thread: 'A', line: 0, op: "start worker('A')" },
      { thread: 'B', line: 0, op: "start worker('B')" },
    ]);
    await step(page, 'B');
    // B runs: its print is a point of its thread's; then A, still to start, is the only task left.
    expect(await runnable(page)).toEqual([{ thread: 'MainThread', line: 3, op: 'print' }]);
    await step(page, 'MainThread');
    expect(await runnable(page)).toEqual([{ thread: 'A', line: 0, op: "start worker('A')" }]);
    await step(page, 'A');
    await step(page, 'MainThread');
    // The next loop iteration: both tasks are at their await (line 4), B first as it gave way first.
    const both = await runnable(page);
    expect(both).toEqual([
      { thread: 'B', line: 4, op: 'await sleep(0)' },
      { thread: 'A', line: 4, op: 'await sleep(0)' },
    ]);
    await expect(page.getByTestId('step-thread')).toHaveCount(2);
    await expect(page.locator('[data-testid="step-thread"][data-thread="A"]')).toBeVisible();
    await step(page, 'A');
    // The link carries the task choices (`<tid>t<k>`) and reopens at the same pause.
    await page.getByTestId('share').click();
    const url = new URL(await page.getByTestId('share-url').inputValue());
    expect(url.searchParams.get('steps')).toBe('1.1t1.1x3.1t1');
    const here = await runnable(page);
    const other = await context.newPage();
    await other.goto(url.pathname + url.search + url.hash);
    await other.waitForFunction(() => !!window.__playground);
    expect(await other.evaluate(() => window.__playground!.runnable())).toEqual(here);
    // Back undoes the last choice: both are at their await again.
    await page.evaluate(() => window.__playground!.back());
    expect(await runnable(page)).toEqual(both);
    await step(page, 'A');
    const r = (await page.evaluate(() => window.__playground!.finish())) as RunResultJson;
    expect(r.state).toBe('finished');
    expect(r.lines.map((l) => l.text)).toEqual(['B start', 'A start', 'A end', 'B end']);
    const trace = (await page.evaluate(() => window.__playground!.trace())) as { traceEvents: { name?: string; args?: { what?: string } }[] };
    // The timeline says which task the learner chose at each step.
    expect(trace.traceEvents.some((e) => e.args?.what === 'A: await sleep(0)')).toBe(true);
  });

  test('left to the loop, the tasks run in CPython order', async ({ page }) => {
    await open(page, TWO_TASKS);
    await stepAll(page, (r) => r[0]?.thread);
    const r = await result(page);
    expect(r.lines.map((l) => l.text)).toEqual(['A start', 'B start', 'A end', 'B end']);
  });
});

test.describe('challenges', () => {
  test('race: a run that loses updates meets the goal; lock and semaphore cannot be met, and say why', async ({ page }) => {
    await page.goto('/?sched=seeded&seed=1&speed=max#example=race');
    await page.waitForFunction(() => !!window.__playground);
    const challenge = page.getByTestId('challenge');
    await expect(challenge).toHaveAttribute('data-met', 'false');
    const r = (await page.evaluate(() => window.__playground!.run())) as RunResultJson;
    expect(Number(r.lines.at(-1)?.text)).toBeLessThan(2000000);
    await expect(challenge).toHaveAttribute('data-met', 'true');
    await expect(page.getByTestId('challenge-met')).toContainText('lost');

    for (const id of ['lock', 'semaphore']) {
      await page.goto('about:blank');
      await page.goto(`/#example=${id}`);
      await expect(page.getByTestId('challenge'), id).toHaveAttribute('data-met', 'false');
      await expect(page.getByTestId('challenge-explain')).toHaveCount(0);
      await page.getByTestId('challenge-give-up').click();
      await expect(page.getByTestId('challenge-explain'), id).toContainText(id === 'lock' ? 'cannot be broken' : 'three permits');
    }
  });

  test('deadlock: stepped into the deadlock by hand without the sleeps, the goal is met', async ({ page }) => {
    await page.goto('/?sched=step#example=deadlock');
    await page.waitForFunction(() => !!window.__playground);
    await page.evaluate(() => {
      // The example without its two sleeps, kept as the deadlock example's document.
      const lines = [
        "import { Thread, Lock } from 'threading';",
        'const lock_a = new Lock();',
        'const lock_b = new Lock();',
        'function task1() {',
        '  using _a = lock_a.hold();',
        '  { using _b = lock_b.hold(); }',
        '}',
        'function task2() {',
        '  using _b = lock_b.hold();',
        '  { using _a = lock_a.hold(); }',
        '}',
        'const t1 = new Thread({ target: task1 });',
        'const t2 = new Thread({ target: task2 });',
        't1.start();',
        't2.start();',
        't1.join();',
        't2.join();',
      ];
      window.__playground!.load(lines.join('\n'), { example: 'deadlock', sched: 'step', seed: 1 });
      (window as unknown as { stepRun: Promise<unknown> }).stepRun = window.__playground!.run();
    });
    // Each thread takes its first lock before either takes its second.
    const took = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const r = await runnable(page);
      if (r.length === 0) break;
      const first = r.find((t) => t.op.startsWith('acquire') && !took.has(t.thread));
      const next = first ?? r.find((t) => !t.op.startsWith('acquire')) ?? r[0]!;
      if (first) took.add(first.thread);
      await step(page, next.thread);
    }
    const r = await result(page);
    expect(r.state).toBe('deadlock');
    await expect(page.getByTestId('challenge')).toHaveAttribute('data-met', 'true');
  });

  test('bounded-buffer: without the lock, both producers read g.tail before either writes: an item is lost; with it, they cannot', async ({ page }) => {
    // Two step runs of some fifty steps in all: a loaded machine needs more than the default minute.
    test.setTimeout(150_000);
    const port = readFileSync('src/scenarios/bounded-buffer/port.ts', 'utf8');
    // The producers' sleeps would keep them apart; the first `with lock:` is the producer's.
    const noSleeps = port.replace('  time.sleep(0.05 * (p - 1));\n', '').replace('    time.sleep(0.1);\n', '');
    const noLock = noSleeps.replace('      using _l = lock.hold(); // with lock:\n', '');
    expect(noSleeps).not.toContain('time.sleep(0.1);');
    expect(noLock.match(/lock\.hold\(\)/g)).toHaveLength(1);

    /**
     * Each producer reads g.tail while the other has read and not yet written; then Finish (as
     * soon as the second has read: with the lock, the first has written by then).
     */
    const bothInside = async (source: string): Promise<{ both: boolean; r: RunResultJson }> => {
      await page.goto('about:blank');
      await page.goto('/?sched=step#example=bounded-buffer');
      await page.waitForFunction(() => !!window.__playground);
      await page.evaluate((src) => {
        window.__playground!.load(src, { example: 'bounded-buffer', sched: 'step', seed: 1 });
        (window as unknown as { stepRun: Promise<unknown> }).stepRun = window.__playground!.run();
      }, source);
      const read = new Set<string>();
      const wrote = new Set<string>();
      let both = false;
      for (let k = 0; k < 80 && wrote.size < 2; k++) {
        const r = await runnable(page);
        if (r.length === 0) break;
        both ||= r.filter((t) => t.op.startsWith('write buffer[')).length === 2;
        if (read.size === 2 && !both) break;
        const reader = r.find((t) => t.op === 'read g.tail' && !read.has(t.thread));
        // Hold a producer that has read until the other has read too; then let each write.
        const writer = read.size === 2 ? r.find((t) => t.op.startsWith('write buffer[') && !wrote.has(t.thread)) : undefined;
        const next = reader ?? writer ?? r.find((t) => !read.has(t.thread)) ?? r[0]!;
        if (reader) read.add(reader.thread);
        if (writer) wrote.add(writer.thread);
        await step(page, next.thread);
      }
      return { both, r: (await page.evaluate(() => window.__playground!.finish())) as RunResultJson };
    };

    const locked = await bothInside(noSleeps);
    expect(locked.both).toBe(false);
    expect(locked.r.state).toBe('finished');
    expect(locked.r.lines.at(-1)?.text).toBe('total taken: 96');
    await expect(page.getByTestId('challenge')).toHaveAttribute('data-met', 'false');

    const broken = await bothInside(noLock);
    expect(broken.both).toBe(true);
    expect(broken.r.state).toBe('finished');
    const texts = broken.r.lines.map((l) => l.text);
    // Both wrote slot 0 before anyone could take it: producer 1's 10 was overwritten.
    expect(texts).toContain('producer 1 puts 10');
    expect(texts).not.toContain('consumer 1 takes 10');
    expect(texts).not.toContain('consumer 2 takes 10');
    expect(texts.at(-1)).not.toBe('total taken: 96');
    await expect(page.getByTestId('challenge')).toHaveAttribute('data-met', 'true');
    await expect(page.getByTestId('challenge-met')).toContainText('never taken: 10');
  });
});
