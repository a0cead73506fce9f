/**
 * The lock-order detector in real Chromium (docs/diagnostics.md "Lock order"): a cycle in
 * "acquired B while holding A" is a `potential deadlock:` warning line naming the locks, the
 * threads and the lines, even when the run finishes; correct programs and every built-in
 * scenario but the deadlocking ones stay silent (diagnostics-silent.spec.ts runs them all).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { runProgram, runScenario, texts, type TestSched } from './helpers';
import { PlaygroundPage, type RunResultJson } from './pages';

const warnings = (r: RunResultJson) => r.lines.filter((l) => l.stream === 'warning');
const lockOrder = (r: RunResultJson) => warnings(r).filter((l) => l.text.startsWith('potential deadlock:'));
const shown = (r: RunResultJson) => `${r.state} ${r.message ?? ''}\n${r.lines.map((l) => `[${l.thread}|${l.stream}] ${l.text}`).join('\n')}`;

/** Opposite orders, but the second thread starts after the first has ended: never a deadlock this run. */
const NEVER_OVERLAP = `import { Thread, Lock } from 'threading';
const lock_a = new Lock();
const lock_b = new Lock();
function one() {
  using _a = lock_a.hold();
  using _b = lock_b.hold();
  print('one');
}
function two() {
  using _b = lock_b.hold();
  using _a = lock_a.hold();
  print('two');
}
const t1 = new Thread({ target: one });
t1.start();
t1.join();
const t2 = new Thread({ target: two });
t2.start();
t2.join();
print('done');
`;

const NEVER_OVERLAP_WARNING =
  'potential deadlock: Thread-1 (one) acquired Lock#2 (line 6) while holding Lock#1 (line 5); ' +
  'Thread-2 (two) acquired Lock#1 (line 11) while holding Lock#2 (line 10)';

let app: PlaygroundPage;
test.beforeEach(async ({ page }) => {
  app = new PlaygroundPage(page);
  await app.goto('/');
  await expect(app.run).toBeEnabled();
});

test.describe('lock order', () => {
  for (const sched of [undefined, 'gil'] as (TestSched | undefined)[]) {
    test(`two threads take two locks in opposite order, never at once: the run finishes and says potential deadlock (${sched ?? 'parallel'})`, async () => {
      const r = await runProgram(app, NEVER_OVERLAP, 1, sched);
      expect(r.state, shown(r)).toBe('finished');
      expect(texts(r, 'stdout')).toEqual(['one', 'two', 'done']);
      expect(lockOrder(r), shown(r)).toEqual([{ thread: 'Thread-2 (two)', stream: 'warning', text: NEVER_OVERLAP_WARNING }]);
    });
  }

  test('detectors off (load({detectors: false})): the same program says nothing', async () => {
    await app.load(NEVER_OVERLAP, { speed: 1, detectors: false });
    const r = await app.runViaApi();
    expect(r.state, shown(r)).toBe('finished');
    expect(warnings(r)).toEqual([]);
    // And back on for the next document.
    const again = await runProgram(app, NEVER_OVERLAP, 1, 'gil');
    expect(lockOrder(again).map((l) => l.text)).toEqual([NEVER_OVERLAP_WARNING]);
  });

  test('the deadlock scenario: the cycle is reported before the threads deadlock, with its four lines', async ({ page }) => {
    const source = readFileSync('src/scenarios/deadlock/port.ts', 'utf8').split('\n');
    const lineOf = (code: string, after = 0) => source.findIndex((l, i) => i >= after && l.includes(code)) + 1;
    const [a1, b1] = [lineOf('using _a = lock_a.hold()'), lineOf('using _b = lock_b.hold()')];
    const [b2, a2] = [lineOf('using _b = lock_b.hold()', b1), lineOf('using _a = lock_a.hold()', a1)];
    expect([a1, b1, b2, a2]).toEqual([11, 15, 22, 26]);
    const r = await runScenario(page, 'deadlock', 'gil', 1);
    expect(r.state, shown(r)).toBe('deadlock');
    expect(lockOrder(r), shown(r)).toEqual([
      {
        thread: 'Thread-2 (task2)',
        stream: 'warning',
        text:
          `potential deadlock: Thread-1 (task1) acquired Lock#2 (line ${b1}) while holding Lock#1 (line ${a1}); ` +
          `Thread-2 (task2) acquired Lock#1 (line ${a2}) while holding Lock#2 (line ${b2})`,
      },
    ]);
    // Said before the run ended in the deadlock: the warning comes before the deadlock's report.
    const at = r.lines.findIndex((l) => l.stream === 'warning');
    expect(at).toBeLessThan(r.lines.findIndex((l) => l.text.startsWith('Deadlock:')));
  });

  test("an RLock's re-entry under another lock and a consistent order say nothing", async () => {
    const src = `import { Thread, Lock, RLock } from 'threading';
const r = new RLock();
const a = new Lock();
function one() {
  for (const _ of range(3)) {
    using _r = r.hold();
    using _a = a.hold();
    using _again = r.hold(); // re-entry: r is held already, this takes nothing
    print('one');
  }
}
function two() {
  for (const _ of range(3)) {
    using _r = r.hold();
    using _a = a.hold();
    print('two');
  }
}
const t1 = new Thread({ target: one });
const t2 = new Thread({ target: two });
t1.start();
t2.start();
t1.join();
t2.join();
print('done');
`;
    for (const sched of [undefined, 'gil'] as const) {
      const r = await runProgram(app, src, 1, sched);
      expect(r.state, shown(r)).toBe('finished');
      expect(texts(r, 'stdout').sort()).toEqual(['done', 'one', 'one', 'one', 'two', 'two', 'two']);
      expect(warnings(r), shown(r)).toEqual([]);
    }
  });

  test("a Condition's lock counts, held again after wait()", async () => {
    const src = `import { Thread, Lock, Condition } from 'threading';
const cond = new Condition();
const other = new Lock();
function one() {
  using _c = cond.hold();
  cond.wait(0.01); // gives the lock back, times out, takes it again
  using _o = other.hold();
  print('one');
}
function two() {
  using _o = other.hold();
  using _c = cond.hold();
  print('two');
}
const t1 = new Thread({ target: one });
t1.start();
t1.join();
const t2 = new Thread({ target: two });
t2.start();
t2.join();
`;
    const r = await runProgram(app, src, 1, 'gil');
    expect(r.state, shown(r)).toBe('finished');
    expect(lockOrder(r).map((l) => l.text)).toEqual([
      'potential deadlock: Thread-1 (one) acquired Lock#1 (line 7) while holding RLock#1 (line 6); ' +
        'Thread-2 (two) acquired RLock#1 (line 12) while holding Lock#1 (line 11)',
    ]);
  });

  test('multiprocessing locks across processes', async () => {
    const src = `import { Process, Lock } from 'multiprocessing';
const a = new Lock();
const b = new Lock();
function one(x: Lock, y: Lock) {
  using _x = x.hold();
  using _y = y.hold();
  print('one');
}
if (__name__ === '__main__') {
  const p1 = new Process({ target: one, args: [a, b] });
  p1.start();
  p1.join();
  const p2 = new Process({ target: one, args: [b, a] });
  p2.start();
  p2.join();
}
`;
    const r = await runProgram(app, src, 1, 'gil');
    expect(r.state, shown(r)).toBe('finished');
    expect(lockOrder(r).map((l) => l.text)).toEqual([
      'potential deadlock: Process-1 acquired Lock#2 (line 6) while holding Lock#1 (line 5); ' +
        'Process-2 acquired Lock#1 (line 6) while holding Lock#2 (line 5)',
    ]);
  });
});
