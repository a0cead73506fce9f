/**
 * No false alarms (docs/diagnostics.md): every built-in scenario, run in every mode (parallel,
 * gil, seeded), says no warning at all, and so do STEP_IDS stepped and finished by the seeded
 * policy (what a stepped run adds: the pauses, the task choices), except those
 * whose point is the bug: `race` (a data race), `deadlock` and `dining-philosophers` (a lock
 * order cycle) and `loop-thread-sync` (whose callbacks block the loop with time.sleep, as its
 * notes say: CPython's debug mode says so too).
 */
import { expect, test, type Page } from '@playwright/test';
import { LOOPING_SCENARIOS, loadScenario, runLoaded, type Enough } from './helpers';
import type { RunResultJson } from './pages';
import { SCENARIO_IDS } from './scenario-ids.fixture';

const RACE = /^data race on g\.num: Thread-[12] \(func\) (reads|writes) at line 8 while Thread-[12] \(func\) (read|wrote) it at line 8, and no lock orders them$/;
const EXPECTED: Record<string, RegExp[]> = {
  race: [RACE],
  deadlock: [/^potential deadlock: Thread-1 \(task1\) acquired Lock#2 \(line 15\) while holding Lock#1 \(line 11\); Thread-2 \(task2\) acquired Lock#1 \(line 26\) while holding Lock#2 \(line 22\)$/],
  'dining-philosophers': [/^potential deadlock: (Thread-\d \(philosopher\) acquired Lock#\d \(line 17\) while holding Lock#\d \(line 14\)(; )?){5}$/],
  // Stopped once the second warning shows (STOP_AFTER).
  'loop-thread-sync': [/^Executing <Handle more_work\(6\)> took 6\.000 seconds$/, /^Executing <Handle more_work\(3\)> took 3\.000 seconds$/],
};

/**
 * A looping scenario is stopped once it has shown this (runLoaded; default: its first line).
 * `loop-thread-sync` prints its first line at once, and its warnings come 6 and 9 program seconds
 * later: stopped at the first line, a parallel run at 50× said nothing when the page was quick to
 * stop it (0.10 s of wall time, seen once in CI).
 */
const STOP_AFTER: Record<string, Enough> = {
  'loop-thread-sync': { text: 'Executing <Handle more_work(3)>' },
};

const MODES = ['parallel', 'gil', 'seeded', 'step'] as const;

/**
 * Step mode finished at its first pause is a seeded run plus the pause machinery, so it runs one
 * scenario of each kind (threads, pools, processes, each sync primitive, asyncio tasks, queues
 * and loops across threads) and each one that warns (17 of the 44: 25 s less of CI).
 */
const STEP_IDS = new Set<string>([
  'thread-subclass', 'thread-pool-executor', 'process-queue', 'race', 'lock', 'semaphore', 'condition',
  'gather-groups', 'task-callback', 'loop-thread-sync', 'loop-thread-async', 'async-for', 'asyncio-queue',
  'yield-from', 'deadlock', 'dining-philosophers', 'bounded-buffer',
]);

/**
 * A step run of the loaded program, finished by the seeded policy at its first pause (a looping
 * scenario is stopped once it has printed, as runLoaded does).
 */
function stepThenFinish(page: Page, looping: boolean): Promise<RunResultJson> {
  return page.evaluate(async (looping) => {
    const pg = window.__playground!;
    void pg.run();
    await pg.runnable();
    const done = pg.finish();
    if (looping) {
      let ended = false;
      void done.then(() => (ended = true));
      while (!ended && document.querySelectorAll('[data-testid=console-line]').length < 3) await new Promise((r) => setTimeout(r, 50));
      if (!ended) pg.stop();
    }
    return done;
  }, looping) as Promise<RunResultJson>;
}

const shown = (r: RunResultJson) => `${r.state} ${r.message ?? ''}\n${r.lines.map((l) => `[${l.thread}|${l.stream}] ${l.text}`).join('\n')}`;

test('the step sweep names built-in scenarios', () => {
  for (const id of STEP_IDS) expect(SCENARIO_IDS as readonly string[]).toContain(id);
});

for (const mode of MODES) {
  test(`${mode === 'step' ? `${STEP_IDS.size} built-in scenarios` : 'every built-in scenario'} in ${mode}: warnings only where the point is the bug`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/');
    await page.waitForFunction(() => !!window.__playground);
    for (const id of SCENARIO_IDS) {
      if (mode === 'step' && !STEP_IDS.has(id)) continue;
      await loadScenario(page, id, mode, 3);
      const looping = LOOPING_SCENARIOS.has(id);
      const r = mode === 'step' ? await stepThenFinish(page, looping) : await runLoaded(page, looping, STOP_AFTER[id]);
      expect(r.state, `${id}: ${shown(r)}`).not.toBe('error');
      const said = r.lines.filter((l) => l.stream === 'warning').map((l) => l.text);
      const want = EXPECTED[id] ?? [];
      expect(said.length, `${id} (${mode}): ${said.join('\n')}`).toBe(want.length);
      said.forEach((w, k) => expect(w, `${id} (${mode})`).toMatch(want[k]!));
    }
  });
}
