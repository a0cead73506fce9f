/* eslint-disable require-yield, prefer-rest-params -- test coroutines need not await; async functions are lowered as the compiler does */
/**
 * asyncio's debug-mode warnings (debug.ts, docs/diagnostics.md "asyncio"), in CPython 3.11's
 * words. The hooks stand in for a program worker's: this file's lines are the "program" lines
 * (async functions are written as the compiler lowers them, so a coroutine's maker is found as
 * in a program), and a synchronous `block(s)` stands in for `time.sleep(s)` on the busy clock.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ValueError } from '../errors';
import { programLineOf } from '../traceback';
import { asyncioModule as asyncio, coroutineHelpers, reportAtThreadEnd, setAsyncioDebug } from './index';
import type { BaseEventLoop, Coroutine } from './index';
import { aw, co, setup } from './asyncio.fixture';

const FILE = 'debug.test.ts';
const lineOf = (stack: string) => programLineOf(stack, 0, FILE);
/** The line of the statement `new Error()` is written in. */
const at = (e: Error): number => lineOf(e.stack ?? '') ?? -1;

interface Said {
  text: string;
  line: number;
}
let warnings: Said[] = [];
let reports: string[] = [];
let out: unknown[] = [];
/** The fake busy clock (program seconds) and the waits that moved it: [clock at end, length, line]. */
let busy = 0;
let waits: [number, number, number][] = [];

function debugOn(): void {
  setAsyncioDebug({
    warn: (text, line) => warnings.push({ text, line }),
    lineOf,
    busy: () => busy,
    busyLine: (since) => {
      let best: [number, number, number] | undefined;
      for (const w of waits) if (w[0] > since && (best === undefined || w[1] > best[1])) best = w;
      return best?.[2] ?? 0;
    },
  });
}

/** `time.sleep(s)` as the busy clock sees it, at the caller's line. */
function block(s: number): void {
  busy += s;
  const stack = new Error().stack ?? '';
  // The caller's line: the second frame of this file (the first is this function).
  const line = lineOf(stack.slice(stack.indexOf('\n    at ', stack.indexOf(FILE))));
  waits.push([busy, s, line ?? 0]);
}

beforeEach(() => {
  reports = setup();
  warnings = [];
  out = [];
  busy = 0;
  waits = [];
  debugOn();
});

// Async functions as the compiler lowers them (`async function f() {…}` → a wrapper that makes
// the coroutine): the wrapper's own frame is a program frame, and its caller is the maker.
function f(this: unknown): Coroutine {
  return coroutineHelpers.async(this, arguments, function* () {
    out.push('f ran');
  }, f, 'f');
}
function boom(this: unknown, msg: string): Coroutine {
  return coroutineHelpers.async(this, arguments, function* () {
    yield* aw(asyncio.sleep(0));
    throw new ValueError(msg);
  }, boom, 'boom');
}
function w(this: unknown): Coroutine {
  return coroutineHelpers.async(this, arguments, function* () {
    yield* aw(asyncio.sleep(1));
  }, w, 'w');
}

describe("coroutine '…' was never awaited", () => {
  it('is said when the loop it was made in closes, at the line that made it; the output is unchanged', () => {
    const loop = asyncio.new_event_loop();
    let line = 0;
    loop.run_until_complete(co(function* () {
      f(); line = at(new Error());
      out.push('after');
    }, 'main'));
    expect(out).toEqual(['after']);
    // Not yet: the coroutine could still be awaited in a later run of this loop.
    expect(warnings).toEqual([]);
    loop.close();
    expect(warnings).toEqual([{ text: "coroutine 'f' was never awaited", line }]);
    expect(line).toBeGreaterThan(0);
    expect(reports).toEqual([]);
  });

  it('a coroutine made outside any loop is said when the thread ends', () => {
    f(); const line = at(new Error());
    asyncio.run(co(function* () {}, 'main'));
    expect(warnings).toEqual([]);
    reportAtThreadEnd();
    expect(warnings).toEqual([{ text: "coroutine 'f' was never awaited", line }]);
  });

  it("asyncio's own coroutines too: sleep() without await", () => {
    let line = 0;
    asyncio.run(co(function* () {
      asyncio.sleep(1); line = at(new Error());
    }, 'main'));
    expect(warnings).toEqual([{ text: "coroutine 'sleep' was never awaited", line }]);
  });

  it('is not said of coroutines awaited, made tasks, closed, crossed, or awaited in a later run', () => {
    const loop = asyncio.new_event_loop();
    asyncio.set_event_loop(loop);
    let later: Coroutine | null = null;
    loop.run_until_complete(co(function* () {
      yield* aw(f());
      const t = asyncio.create_task(f());
      yield* aw(t);
      yield* aw(asyncio.gather(f(), f()));
      f().close();
      f()._crossed(); // what the bridge does when a coroutine crosses to another thread
      later = f();
    }, 'main'));
    loop.run_until_complete(later as unknown as Coroutine);
    loop.close();
    reportAtThreadEnd();
    expect(warnings).toEqual([]);
    expect(out.filter((x) => x === 'f ran')).toHaveLength(5);
  });

  it('is said once for a line however many coroutines it dropped', () => {
    let line = 0;
    asyncio.run(co(function* () {
      for (let i = 0; i < 1000; i++) {
        f(); if (i === 0) line = at(new Error());
      }
    }, 'main'));
    expect(warnings).toEqual([{ text: "coroutine 'f' was never awaited", line }]);
  });

  it('past the first 64 of a name, coroutines are not located: one never awaited there is said without a line', () => {
    asyncio.run(co(function* () {
      for (let i = 0; i < 64; i++) yield* aw(f());
      f(); // the 65th 'f': not located
    }, 'main'));
    expect(warnings).toEqual([{ text: "coroutine 'f' was never awaited", line: 0 }]);
  });

  it("past a thread's first 4,096 coroutines, none is located", () => {
    asyncio.run(co(function* () {
      // 4,095 more after main, 41 or so of each of 100 names.
      for (let i = 0; i < 4095; i++) yield* aw(co(function* () {}, `n${i % 100}`));
      f(); // the first 'f', but the 4,097th coroutine
    }, 'main'));
    expect(warnings).toEqual([{ text: "coroutine 'f' was never awaited", line: 0 }]);
  });

  it('nothing is tracked or said with the debug mode off', () => {
    setAsyncioDebug(null);
    const c = f();
    asyncio.run(co(function* () {
      f();
    }, 'main'));
    reportAtThreadEnd();
    expect(c._origin).toBe(null);
    expect(warnings).toEqual([]);
  });
});

describe('Task exception was never retrieved', () => {
  it("is a warning of two lines at the line that made the task (CPython's message and future), not stderr", () => {
    let line = 0;
    asyncio.run(co(function* () {
      asyncio.create_task(boom('x')); line = at(new Error());
      yield* aw(asyncio.sleep(0.1));
      out.push('main done');
    }, 'main'));
    expect(out).toEqual(['main done']);
    expect(warnings).toEqual([
      { text: 'Task exception was never retrieved', line },
      { text: "future: <Task finished name='Task-2' coro=<boom() done> exception=ValueError('x')>", line },
    ]);
    expect(reports).toEqual([]);
  });

  it('is said when the thread ends for a loop never closed; not for an exception retrieved', () => {
    const loop = asyncio.new_event_loop();
    const seen = loop.create_task(boom('seen'));
    loop.create_task(boom('lost'), { name: 'lost' });
    loop.run_until_complete(asyncio.sleep(0.5));
    expect(seen.exception()).toBeInstanceOf(ValueError);
    expect(warnings).toEqual([]);
    reportAtThreadEnd();
    expect(warnings.map((x) => x.text)).toEqual([
      'Task exception was never retrieved',
      "future: <Task finished name='lost' coro=<boom() done> exception=ValueError('lost')>",
    ]);
  });

  it('goes to stderr as before with the debug mode off, and to a handler set with set_exception_handler', () => {
    setAsyncioDebug(null);
    const loop = asyncio.new_event_loop();
    loop.create_task(boom('off'));
    loop.run_until_complete(asyncio.sleep(0.5));
    loop.close();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('Task exception was never retrieved');
    debugOn();
    const loop2 = asyncio.new_event_loop();
    const got: string[] = [];
    loop2.set_exception_handler((_l: BaseEventLoop, ctx) => got.push(ctx.message));
    loop2.create_task(boom('handled'));
    loop2.run_until_complete(asyncio.sleep(0.5));
    loop2.close();
    expect(got).toEqual(['Task exception was never retrieved']);
    expect(warnings).toEqual([]);
  });
});

describe('Task was destroyed but it is pending!', () => {
  it('is said when the loop closes with the task pending, at the line that made it', () => {
    const loop = asyncio.new_event_loop();
    let line = 0;
    loop.run_until_complete(co(function* () {
      asyncio.ensure_future(w()); line = at(new Error());
      out.push('main');
    }, 'main'));
    expect(warnings).toEqual([]);
    loop.close();
    expect(out).toEqual(['main']);
    expect(warnings).toEqual([
      { text: 'Task was destroyed but it is pending!', line },
      { text: "task: <Task pending name='Task-2' coro=<w() running> wait_for=<Future pending cb=[Task.task_wakeup()]>>", line },
    ]);
  });

  it('a task never started is pending too (and its coroutine is not said to be never awaited)', () => {
    const loop = asyncio.new_event_loop();
    loop.create_task(w(), { name: 'never' });
    loop.close();
    reportAtThreadEnd();
    expect(warnings.map((x) => x.text)).toEqual(['Task was destroyed but it is pending!', "task: <Task pending name='never' coro=<w() running>>"]);
  });

  it('asyncio.run cancels what is left: nothing is said; a loop left open is said at the thread end, once', () => {
    asyncio.run(co(function* () {
      asyncio.create_task(w());
    }, 'main'));
    expect(warnings).toEqual([]);
    const loop = asyncio.new_event_loop();
    loop.create_task(w());
    loop.run_until_complete(asyncio.sleep(0));
    reportAtThreadEnd();
    expect(warnings.map((x) => x.text)[0]).toBe('Task was destroyed but it is pending!');
    expect(warnings).toHaveLength(2);
  });
});

describe('Executing <…> took N seconds', () => {
  it('a task step that blocks 0.3 s is said once, at the blocking line', () => {
    let line = 0;
    asyncio.run(co(function* () {
      out.push('start');
      block(0.3); line = at(new Error());
      yield* aw(asyncio.sleep(0));
      block(0.2);
      out.push('end');
    }, 'main'));
    expect(out).toEqual(['start', 'end']);
    expect(warnings).toEqual([{ text: "Executing <Task pending name='Task-1' coro=<main() running> cb=[_run_until_complete_cb()]> took 0.300 seconds", line }]);
  });

  it('a step of exactly 0.1 s is slow, one of 0.099 s is not (CPython: dt >= slow_callback_duration)', () => {
    asyncio.run(co(function* () {
      const a = asyncio.create_task(co(function* () {
        block(0.099);
      }, 'quick'), { name: 'quick' });
      const b = asyncio.create_task(co(function* () {
        block(0.1);
      }, 'slow'), { name: 'slow' });
      yield* aw(a);
      yield* aw(b);
    }, 'main'));
    expect(warnings.map((x) => x.text)).toEqual(["Executing <Task finished name='slow' coro=<slow() done> result=None> took 0.100 seconds"]);
  });

  it('a callback: Executing <Handle cb(1)> (call_soon, and what call_soon_threadsafe posts)', () => {
    const loop = asyncio.new_event_loop();
    function cb(x: number): void {
      block(0.2 * x);
    }
    loop.call_soon(cb, 1);
    loop.call_soon_threadsafe(cb, 2);
    loop.call_soon(() => loop.stop());
    loop.run_forever();
    expect(warnings.map((x) => x.text)).toEqual(['Executing <Handle cb(1)> took 0.200 seconds', 'Executing <Handle cb(2)> took 0.400 seconds']);
    expect(warnings.every((x) => x.line > 0)).toBe(true);
  });

  it('a slow step with no long wait (computing) points at where the task was made', () => {
    function spin(this: unknown): Coroutine {
      return coroutineHelpers.async(this, arguments, function* () {
        busy += 0.5; // the step computes: the busy clock moves, no wait recorded
      }, spin, 'spin');
    }
    let line = 0;
    asyncio.run(co(function* () {
      const t = asyncio.create_task(spin()); line = at(new Error());
      yield* aw(t);
    }, 'main'));
    expect(warnings).toEqual([{ text: "Executing <Task finished name='Task-2' coro=<spin() done> result=None> took 0.500 seconds", line }]);
  });
});
