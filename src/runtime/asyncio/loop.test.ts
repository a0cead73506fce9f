/* eslint-disable require-yield -- test coroutines need not await */
/** Event loop behaviour, after CPython's test_asyncio/test_base_events.py and test_events.py. */
import { beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, RuntimeError, StopAsyncIteration, ValueError } from '../errors';
import { asyncioModule as asyncio, coroutineHelpers, resetAsyncioForThread } from './index';
import type { Coroutine, GenCoroutine } from './index';
import { aw, co, setup } from './asyncio.fixture';

let reports: string[] = [];
let out: unknown[] = [];
beforeEach(() => {
  reports = setup();
  out = [];
});

const push =
  (x: unknown) =>
  (): void => {
    out.push(x);
  };

describe('call_soon / call_later / call_at', () => {
  it('call_soon runs callbacks FIFO with their arguments', () => {
    const loop = asyncio.new_event_loop();
    const cb = (...a: unknown[]) => out.push(a);
    loop.call_soon(cb, 1);
    loop.call_soon(cb, 2, 3);
    loop.call_soon(cb);
    loop.call_soon(() => loop.stop());
    loop.run_forever();
    expect(out).toEqual([[1], [2, 3], []]);
    loop.close();
  });

  it('callbacks added by a callback run in the next iteration, after those already ready', () => {
    const loop = asyncio.new_event_loop();
    loop.call_soon(() => {
      out.push('a');
      loop.call_soon(push('c'));
    });
    loop.call_soon(push('b'));
    loop.call_soon(() => loop.call_soon(() => loop.stop()));
    loop.run_forever();
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('timers fire by deadline, equal deadlines in insertion order', () => {
    const loop = asyncio.new_event_loop();
    const t = loop.time();
    loop.call_at(t + 0.02, push('late'));
    loop.call_at(t + 0.01, push('x1'));
    loop.call_at(t + 0.01, push('x2'));
    loop.call_later(0.005, push('soonest'));
    loop.call_soon(push('now'));
    loop.call_at(t + 0.03, () => loop.stop());
    loop.run_forever();
    expect(out).toEqual(['now', 'soonest', 'x1', 'x2', 'late']);
  });

  it('call_later waits at least the delay; a past call_at runs in the next iteration', () => {
    const loop = asyncio.new_event_loop();
    const t0 = loop.time();
    let t1 = 0;
    loop.call_later(0.03, () => {
      t1 = loop.time();
      loop.stop();
    });
    loop.call_at(t0 - 10, push('past'));
    loop.run_forever();
    expect(out).toEqual(['past']);
    expect(t1 - t0).toBeGreaterThanOrEqual(0.03);
  });

  it('cancelled handles and timers do not run', () => {
    const loop = asyncio.new_event_loop();
    const h = loop.call_soon(push('h'));
    const th = loop.call_later(0.001, push('th'));
    expect(th.when()).toBeGreaterThan(0);
    h.cancel();
    th.cancel();
    expect(h.cancelled()).toBe(true);
    expect(th.cancelled()).toBe(true);
    loop.call_later(0.01, () => loop.stop());
    loop.run_forever();
    expect(out).toEqual([]);
  });

  it('many cancelled timers are purged from the heap', () => {
    const loop = asyncio.new_event_loop();
    const hs = [];
    for (let i = 0; i < 300; i++) hs.push(loop.call_later(100 + i, push(i)));
    for (const h of hs.slice(0, 250)) h.cancel();
    loop.call_soon(() => loop.stop());
    loop.run_forever();
    expect(loop._scheduled.length).toBe(50);
    for (const h of hs) h.cancel();
  });

  it('an exception in a callback goes to the exception handler; the loop goes on', () => {
    const loop = asyncio.new_event_loop();
    loop.call_soon(() => {
      throw new ValueError('boom');
    });
    loop.call_soon(push('after'));
    loop.call_soon(() => loop.stop());
    loop.run_forever();
    expect(out).toEqual(['after']);
    expect(reports.length).toBe(1);
    expect(reports[0]?.split('\n').slice(0, 2)).toEqual(['Exception in callback <lambda>()', 'handle: <Handle <lambda>()>']);
    expect(reports[0]).toContain('ValueError: boom');
    const seen: string[] = [];
    loop.set_exception_handler((_l, ctx) => seen.push(ctx.message));
    loop.call_soon(() => {
      throw new ValueError('x');
    });
    loop.call_soon(() => loop.stop());
    loop.run_forever();
    expect(seen.length).toBe(1);
  });

  it('call_soon with a non-callable raises TypeError', () => {
    const loop = asyncio.new_event_loop();
    expect(() => loop.call_soon(42 as never)).toThrow(TypeError);
  });

  it('call_soon_threadsafe and posts through the channel run in order', () => {
    const loop = asyncio.new_event_loop();
    loop.call_soon_threadsafe(push('ts'));
    loop.channel.post({ fn: push('posted') as (...a: unknown[]) => unknown, args: [], from: 2 });
    loop.channel.post({ fn: (() => loop.stop()) as (...a: unknown[]) => unknown, args: [], from: 2 });
    loop.run_forever();
    expect(out).toEqual(['ts', 'posted']);
  });

  it('call_soon_threadsafe then call_soon, loop not running yet: one FIFO (the posted callback keeps its place)', () => {
    const loop = asyncio.new_event_loop();
    const posted: unknown[] = [];
    const drain = loop.channel.drain.bind(loop.channel);
    loop.channel.drain = () => {
      const items = drain();
      posted.push(...items.map((it) => it.args[0]));
      return items;
    };
    const say = (x: string) => out.push(x);
    loop.call_soon_threadsafe(say, 'a1');
    loop.call_soon_threadsafe(say, 'a2');
    loop.call_soon(say, 'b');
    loop.call_soon_threadsafe(say, 'c');
    // Another thread's posts: the first before this thread's 'd', the second after it.
    loop.channel.post({ fn: say as (...a: unknown[]) => unknown, args: ['other1'], from: 2 });
    loop.call_soon_threadsafe(say, 'd');
    loop.channel.post({ fn: say as (...a: unknown[]) => unknown, args: ['other2'], from: 2 });
    loop.call_soon(say, 'e');
    loop.call_soon(() => loop.stop());
    // Posted through the doorbell (another thread might run the loop), yet one marker per run of posts.
    expect(loop._ready.length).toBe(5);
    loop.run_forever();
    expect(out).toEqual(['a1', 'a2', 'b', 'c', 'other1', 'd', 'e']);
    loop.run_until_complete(asyncio.sleep(0));
    expect(out).toEqual(['a1', 'a2', 'b', 'c', 'other1', 'd', 'e', 'other2']);
    expect(posted).toEqual(['a1', 'a2', 'c', 'other1', 'd', 'other2']);
    // While it runs in this thread, call_soon_threadsafe is call_soon (and rings the doorbell).
    out = [];
    loop.call_soon(() => {
      loop.call_soon_threadsafe(say, 'x');
      loop.call_soon(say, 'y');
      loop.call_soon(() => loop.stop());
    });
    loop.run_forever();
    expect(out).toEqual(['x', 'y']);
    expect(posted.length).toBe(6);
  });

  it('call_later(-1, a) then call_later(-2, b): b first (by due time), running or not', () => {
    const loop = asyncio.new_event_loop();
    loop.call_later(-1, push('a'));
    loop.call_later(-2, push('b'));
    loop.call_soon(push('soon'));
    loop.call_later(0.001, () => loop.stop());
    loop.run_forever();
    expect(out).toEqual(['soon', 'b', 'a']);
    out = [];
    loop.call_soon(() => {
      loop.call_later(-1, push('a'));
      loop.call_later(-2, push('b'));
      loop.call_at(loop.time() - 5, push('c'));
      loop.call_later(0.001, () => loop.stop());
    });
    loop.run_forever();
    expect(out).toEqual(['c', 'b', 'a']);
  });

  it('a blocking wait is woken by a post (the doorbell)', () => {
    const loop = asyncio.new_event_loop();
    // Only a far timer: the loop blocks in channel.wait until the post arrives.
    const far = loop.call_later(5, push('far'));
    loop.channel.post({ fn: (() => loop.stop()) as (...a: unknown[]) => unknown, args: [], from: 2 });
    const t0 = performance.now();
    loop.run_forever();
    expect(performance.now() - t0).toBeLessThan(1000);
    far.cancel();
  });
});

describe('stop / run_forever / run_until_complete / close', () => {
  it('stop() finishes the current batch then returns; the loop can run again', () => {
    const loop = asyncio.new_event_loop();
    loop.call_soon(() => {
      out.push(1);
      loop.stop();
    });
    loop.call_soon(push(2));
    loop.call_soon(() => loop.call_soon(push(4)));
    loop.run_forever();
    expect(out).toEqual([1, 2]);
    loop.call_soon(() => loop.stop());
    loop.run_forever();
    expect(out).toEqual([1, 2, 4]);
  });

  it('stop() before run_forever runs one iteration', () => {
    const loop = asyncio.new_event_loop();
    loop.stop();
    loop.call_soon(() => {
      out.push('a');
      loop.call_soon(push('b'));
    });
    loop.run_forever();
    expect(out).toEqual(['a']);
    expect(loop.is_running()).toBe(false);
  });

  it('loop.stop from a task (the loop-stop scenario)', () => {
    const loop = asyncio.get_event_loop();
    const work = (t: number) =>
      co(function* () {
        out.push('start');
        yield* aw(asyncio.sleep(t));
        out.push(`after ${t}s stop`);
        loop.stop();
      }, 'work');
    asyncio.ensure_future(work(0.01));
    loop.run_forever();
    loop.close();
    expect(out).toEqual(['start', 'after 0.01s stop']);
  });

  it('run_until_complete returns the result or raises', () => {
    const loop = asyncio.new_event_loop();
    expect(loop.run_until_complete(co(function* () {
      yield* aw(asyncio.sleep(0));
      return 42;
    }))).toBe(42);
    expect(() =>
      loop.run_until_complete(co(function* () {
        yield* aw(asyncio.sleep(0));
        throw new ValueError('bad');
      })),
    ).toThrow('bad');
    expect(reports).toEqual([]); // the exception was retrieved
    const f = loop.create_future();
    loop.call_soon(() => f.set_result('fut'));
    expect(loop.run_until_complete(f)).toBe('fut');
  });

  it('run_until_complete raises when stopped before the future is done', () => {
    const loop = asyncio.new_event_loop();
    const f = loop.create_future();
    loop.call_soon(() => loop.stop());
    expect(() => loop.run_until_complete(f)).toThrow('Event loop stopped before Future completed.');
  });

  it('running twice, closing while running and using a closed loop raise RuntimeError', () => {
    const loop = asyncio.new_event_loop();
    let inner: unknown = null;
    let closeErr: unknown = null;
    loop.call_soon(() => {
      try {
        loop.run_forever();
      } catch (e) {
        inner = e;
      }
      try {
        loop.close();
      } catch (e) {
        closeErr = e;
      }
      loop.stop();
    });
    loop.run_forever();
    expect(String(inner)).toContain('This event loop is already running');
    expect(String(closeErr)).toContain('Cannot close a running event loop');
    loop.close();
    loop.close(); // idempotent
    expect(loop.is_closed()).toBe(true);
    expect(() => loop.call_soon(push(1))).toThrow('Event loop is closed');
    expect(() => loop.run_forever()).toThrow('Event loop is closed');
  });

  it('another loop cannot run inside a running loop', () => {
    const a = asyncio.new_event_loop();
    const b = asyncio.new_event_loop();
    let err: unknown = null;
    a.call_soon(() => {
      try {
        b.run_until_complete(co(function* () {}));
      } catch (e) {
        err = e;
      }
      a.stop();
    });
    a.run_forever();
    expect(String(err)).toContain('Cannot run the event loop while another loop is running');
  });
});

describe('event loop policy', () => {
  it('get_event_loop creates one in the main thread and returns the same one', () => {
    const l1 = asyncio.get_event_loop();
    expect(asyncio.get_event_loop()).toBe(l1);
    const l2 = asyncio.new_event_loop();
    asyncio.set_event_loop(l2);
    expect(asyncio.get_event_loop()).toBe(l2);
    asyncio.set_event_loop(null);
    expect(() => asyncio.get_event_loop()).toThrow("There is no current event loop in thread 'MainThread'.");
  });

  it('get_event_loop raises in other threads until set_event_loop', () => {
    resetAsyncioForThread({ isMainThread: false, threadName: 'Thread-1 (start_loop)' });
    expect(() => asyncio.get_event_loop()).toThrow("There is no current event loop in thread 'Thread-1 (start_loop)'.");
    const l = asyncio.new_event_loop();
    asyncio.set_event_loop(l);
    expect(asyncio.get_event_loop()).toBe(l);
  });

  it('get_running_loop raises outside a loop and returns the loop inside', () => {
    expect(() => asyncio.get_running_loop()).toThrow('no running event loop');
    const loop = asyncio.new_event_loop();
    const got = loop.run_until_complete(co(function* () {
      return asyncio.get_running_loop();
    }));
    expect(got).toBe(loop);
    expect(asyncio.get_event_loop()).not.toBe(loop); // get_event_loop outside: the policy's loop
  });

  it('asyncio.run: new loop, result, closed after; refuses non-coroutines and nesting', () => {
    let loopInside: unknown = null;
    const r = asyncio.run(co(function* () {
      loopInside = asyncio.get_running_loop();
      yield* aw(asyncio.sleep(0.001));
      return 'ok';
    }));
    expect(r).toBe('ok');
    expect((loopInside as { is_closed(): boolean }).is_closed()).toBe(true);
    expect(() => asyncio.run(42)).toThrow(ValueError);
    let nested: unknown = null;
    asyncio.run(co(function* () {
      const c = co(function* () {});
      try {
        asyncio.run(c);
      } catch (e) {
        nested = e;
      }
    }));
    expect(String(nested)).toContain('asyncio.run() cannot be called from a running event loop');
  });

  it('asyncio.run cancels tasks left running', () => {
    let cancelled = false;
    asyncio.run(co(function* () {
      asyncio.create_task(co(function* () {
        try {
          yield* aw(asyncio.sleep(100));
        } catch (e) {
          cancelled = e instanceof CancelledError;
          throw e;
        }
      }));
      yield* aw(asyncio.sleep(0));
    }));
    expect(cancelled).toBe(true);
  });
});

describe('coroutines', () => {
  it('calling an async function runs nothing (lazy)', () => {
    const c = co(function* () {
      out.push('ran');
    }, 'f');
    expect(out).toEqual([]);
    expect(c.__repr__()).toMatch(/^<coroutine object f at 0x[0-9a-f]+>$/);
    asyncio.run(c);
    expect(out).toEqual(['ran']);
  });

  it('helpers keep fn, thisArg, args and name for the threading runtime', () => {
    function f(this: unknown, a: number, b: number): GenCoroutine {
      // eslint-disable-next-line prefer-rest-params
      return coroutineHelpers.async(this, arguments, function* () {
        return a + b;
      }, f, 'f');
    }
    const self = { me: 1 };
    const c = f.call(self, 2, 3);
    expect(c.fn).toBe(f);
    expect(c.thisArg).toBe(self);
    expect(Array.from(c.args)).toEqual([2, 3]);
    expect(c.name).toBe('f');
    expect(asyncio.run(c)).toBe(5);
  });

  it('awaiting a coroutine twice raises RuntimeError', () => {
    let err: unknown = null;
    asyncio.run(co(function* () {
      const c = co(function* () {
        return 1;
      });
      yield* aw(c);
      try {
        yield* aw(c);
      } catch (e) {
        err = e;
      }
    }));
    expect(err).toBeInstanceOf(RuntimeError);
    expect(String(err)).toContain('cannot reuse already awaited coroutine');
  });

  it('awaiting a Promise or a non-awaitable raises TypeError', () => {
    const errs: string[] = [];
    asyncio.run(co(function* () {
      for (const x of [Promise.resolve(1), 42, null]) {
        try {
          yield* aw(x);
        } catch (e) {
          errs.push(String(e));
        }
      }
    }));
    expect(errs[0]).toContain('cannot await a JavaScript Promise here');
    expect(errs[1]).toContain("object int can't be used in 'await' expression");
    expect(errs[2]).toContain("object NoneType can't be used in 'await' expression");
  });

  it('objects with __await__ can be awaited; nested awaits delegate', () => {
    const loop = asyncio.new_event_loop();
    const f = loop.create_future();
    const awaitable = {
      *__await__(): Generator<unknown, unknown, unknown> {
        return (yield* f.__await__()) as number * 2;
      },
    };
    loop.call_later(0.001, () => f.set_result(21));
    const inner = () =>
      co(function* () {
        return yield* aw(awaitable);
      });
    expect(loop.run_until_complete(co(function* () {
      return yield* aw(inner());
    }))).toBe(42);
  });

  it('a bad yield inside a task raises RuntimeError in the task', () => {
    const r = asyncio.run(co(function* () {
      try {
        yield 'oops';
      } catch (e) {
        return String(e);
      }
      return 'no error';
    }));
    expect(r).toContain("Task got bad yield: 'oops'");
  });

  it('a task cannot await itself', () => {
    const loop = asyncio.new_event_loop();
    let self: { __await__(): Generator<unknown, unknown, unknown> } | null = null;
    const t = loop.create_task(co(function* () {
      yield* aw(asyncio.sleep(0));
      return yield* aw(self);
    }));
    self = t;
    expect(() => loop.run_until_complete(t)).toThrow('Task cannot await on itself');
  });

  it('await using / adispose with hold()', () => {
    const lock = new asyncio.Lock();
    asyncio.run(co(function* () {
      const held = yield* aw(lock.hold());
      try {
        out.push(lock.locked());
      } finally {
        yield* aw(coroutineHelpers.adispose(held));
      }
      out.push(lock.locked());
      yield* aw(coroutineHelpers.adispose(null));
    }));
    expect(out).toEqual([true, false]);
  });
});

describe('async generators and async for', () => {
  const { asyncgen, agyield, aiter } = coroutineHelpers;
  const ticker = (n: number) =>
    asyncgen(undefined, [], function* () {
      try {
        for (let i = 0; i < n; i++) {
          yield* aw(asyncio.sleep(0));
          yield agyield(i);
        }
      } finally {
        out.push('closed');
      }
    }, undefined, 'ticker');

  it('for await over an async generator (next() results are awaited)', () => {
    asyncio.run(co(function* () {
      const it = aiter(ticker(3));
      for (;;) {
        const r = (yield* aw(it.next())) as IteratorResult<unknown>;
        if (r.done === true) break;
        out.push(r.value);
      }
    }));
    expect(out).toEqual([0, 1, 2, 'closed']);
  });

  it('__anext__ raises StopAsyncIteration at the end; asend / aclose', () => {
    let end: unknown = null;
    asyncio.run(co(function* () {
      const g = ticker(5);
      out.push(yield* aw(g.__anext__()));
      out.push(yield* aw(g.asend(undefined)));
      yield* aw(g.aclose());
      try {
        yield* aw(g.__anext__());
      } catch (e) {
        end = e;
      }
    }));
    expect(out).toEqual([0, 1, 'closed']);
    expect(end).toBeInstanceOf(StopAsyncIteration);
  });

  it('aiter accepts Python-style __aiter__/__anext__ objects', () => {
    class Counter {
      i = 0;
      __aiter__() {
        return this;
      }
      __anext__(): Coroutine {
        return co(function* (this: void) {
          yield* aw(asyncio.sleep(0));
          return undefined;
        });
      }
    }
    const c = new Counter();
    c.__anext__ = () => {
      const i = c.i++;
      return co(function* () {
        if (i >= 2) throw new StopAsyncIteration();
        yield* aw(asyncio.sleep(0));
        return i;
      });
    };
    asyncio.run(co(function* () {
      const it = aiter(c);
      for (;;) {
        const r = (yield* aw(it.next())) as IteratorResult<unknown>;
        if (r.done === true) break;
        out.push(r.value);
      }
    }));
    expect(out).toEqual([0, 1]);
  });
});
