/**
 * asyncio's debug-mode warnings in the real app (docs/diagnostics.md "asyncio"): CPython 3.11's
 * words on the `warning` stream, at the program line they are about (read from the Chrome trace
 * export, whose instant events carry each line's program line), never on stdout or stderr; and
 * silence on every built-in asyncio scenario in `seeded` and `parallel`. The words and when they
 * are said are unit-tested in src/runtime/asyncio/debug.test.ts.
 */
import { expect, test } from '@playwright/test';
import { sharedPlayground, stderr, stdout, type Result } from './shared-page';

const { run, page } = sharedPlayground();

interface Warning {
  text: string;
  line?: number;
}

/** The last run's warning lines with their program lines (the trace export's `warning` events). */
async function warnings(): Promise<Warning[]> {
  const trace = (await page().evaluate(() => window.__playground!.trace())) as {
    traceEvents: { cat?: string; args?: { text?: string; line?: number } }[];
  };
  return trace.traceEvents.filter((e) => e.cat === 'warning').map((e) => ({ text: e.args?.text ?? '', ...(e.args?.line ? { line: e.args.line } : {}) }));
}

const warningTexts = (r: Result): string[] => r.lines.filter((l) => l.stream === 'warning').map((l) => l.text);

const NEVER_AWAITED = `import * as asyncio from 'asyncio';
async function f() {
  print('f runs');
}
async function main() {
  f();
  print('after');
  await asyncio.sleep(0);
}
asyncio.run(main());
print('end');
`;

const TIME_SLEEP = `import * as asyncio from 'asyncio';
import * as time from 'time';
async function main() {
  time.sleep(0.3);
  print('slept');
}
asyncio.run(main());
`;

const LOST_EXCEPTION = `import * as asyncio from 'asyncio';
async function f() {
  throw new ValueError('x');
}
async function main() {
  asyncio.create_task(f());
  await asyncio.sleep(0.1);
  print('main done');
}
asyncio.run(main());
print('end');
`;

const PENDING_DESTROYED = `import * as asyncio from 'asyncio';
async function w() {
  await asyncio.sleep(1);
}
async function main() {
  asyncio.ensure_future(w());
  print('main');
}
const loop = asyncio.new_event_loop();
loop.run_until_complete(main());
loop.close();
print('end');
`;

for (const sched of ['seeded', 'parallel'] as const) {
  const mode = sched === 'seeded' ? 'seeded' : undefined;

  test.describe(sched, () => {
    test("async def f() called without await: coroutine 'f' was never awaited, at the call; stdout unchanged", async () => {
      const r = await run(NEVER_AWAITED, 20, mode);
      expect(r.state).toBe('finished');
      expect(stdout(r)).toEqual(['after', 'end']);
      expect(stderr(r)).toEqual([]);
      expect(warningTexts(r)).toEqual(["coroutine 'f' was never awaited"]);
      // Said when asyncio.run closes its loop: before what the program prints after it.
      expect(r.lines.map((l) => l.text)).toEqual(['after', "coroutine 'f' was never awaited", 'end']);
      expect(await warnings()).toEqual([{ text: "coroutine 'f' was never awaited", line: 6 }]);
    });

    test('time.sleep(0.3) in a coroutine: Executing <Task …> took 0.300 seconds, at the sleep', async () => {
      const r = await run(TIME_SLEEP, 1, mode);
      expect(r.state).toBe('finished');
      expect(stdout(r)).toEqual(['slept']);
      // Program time: the virtual clock (seeded), the sleep as asked for (parallel): exactly 0.3 s.
      expect(warningTexts(r)).toEqual(["Executing <Task finished name='Task-1' coro=<main() done> result=None> took 0.300 seconds"]);
      expect((await warnings())[0]?.line).toBe(4);
    });

    test('a failing task never awaited: Task exception was never retrieved, with the future, at the create_task', async () => {
      const r = await run(LOST_EXCEPTION, 20, mode);
      expect(r.state).toBe('finished');
      expect(stdout(r)).toEqual(['main done', 'end']);
      expect(stderr(r)).toEqual([]);
      const said = ['Task exception was never retrieved', "future: <Task finished name='Task-2' coro=<f() done> exception=ValueError('x')>"];
      expect(r.lines.map((l) => l.text)).toEqual(['main done', ...said, 'end']);
      expect(await warnings()).toEqual(said.map((text) => ({ text, line: 6 })));
    });

    test('a pending task when its loop closes: Task was destroyed but it is pending!, at the ensure_future', async () => {
      const r = await run(PENDING_DESTROYED, 20, mode);
      expect(r.state).toBe('finished');
      expect(stdout(r)).toEqual(['main', 'end']);
      const said = ['Task was destroyed but it is pending!', "task: <Task pending name='Task-2' coro=<w() running> wait_for=<Future pending cb=[Task.task_wakeup()]>>"];
      expect(r.lines.map((l) => l.text)).toEqual(['main', ...said, 'end']);
      expect(await warnings()).toEqual(said.map((text) => ({ text, line: 6 })));
    });
  });
}


// Every scenario, asyncio's included, is checked for silence in every mode by
// diagnostics-silent.spec.ts (loop-thread-sync says its two blocking sleeps).
