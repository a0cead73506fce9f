/** Primitives, after CPython's test_asyncio/test_locks.py and test_queues.py. */
import { beforeEach, describe, expect, it } from 'vitest';
import { BrokenBarrierError, CancelledError, QueueEmpty, QueueFull, RuntimeError, ValueError } from '../errors';
import { asyncioModule as asyncio } from './index';
import type { Condition, Coroutine, Lock, Queue, Task } from './index';
import { aw, co, setup } from './asyncio.fixture';

let out: unknown[] = [];
beforeEach(() => {
  setup();
  out = [];
});

const run = (body: () => Generator<unknown, unknown, unknown>): unknown => asyncio.run(co(body, 'main'));
const spawn = (c: Coroutine): Task => asyncio.create_task(c);
const tick = (n = 1) =>
  co(function* () {
    for (let i = 0; i < n; i++) yield* aw(asyncio.sleep(0));
  });

describe('Lock', () => {
  it('FIFO: waiters get the lock in the order they asked', () => {
    const lock = new asyncio.Lock();
    const user = (name: string) =>
      co(function* () {
        yield* aw(lock.acquire());
        out.push(name);
        yield* aw(asyncio.sleep(0));
        lock.release();
      });
    run(function* () {
      yield* aw(lock.acquire());
      const ts = ['a', 'b', 'c'].map((n) => spawn(user(n)));
      yield* aw(tick(2));
      expect(lock.__repr__()).toContain('[locked, waiters:3]');
      lock.release();
      yield* aw(asyncio.gather(...ts));
    });
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('release of an unlocked lock raises RuntimeError; locked() tracks state', () => {
    const lock = new asyncio.Lock();
    expect(() => lock.release()).toThrow('Lock is not acquired.');
    run(function* () {
      expect(yield* aw(lock.acquire())).toBe(true);
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it('a cancelled waiter does not block the next one', () => {
    const lock = new asyncio.Lock();
    run(function* () {
      yield* aw(lock.acquire());
      const a = spawn(co(function* () {
        yield* aw(lock.acquire());
        out.push('a');
        lock.release();
      }));
      const b = spawn(co(function* () {
        yield* aw(lock.acquire());
        out.push('b');
        lock.release();
      }));
      yield* aw(tick());
      a.cancel();
      lock.release();
      yield* aw(asyncio.gather(a, b, { return_exceptions: true }));
    });
    expect(out).toEqual(['b']);
  });

  it('woken then cancelled: the wake-up passes to the next waiter', () => {
    const lock = new asyncio.Lock();
    run(function* () {
      yield* aw(lock.acquire());
      const a = spawn(co(function* () {
        yield* aw(lock.acquire());
        out.push('a');
        lock.release();
      }));
      const b = spawn(co(function* () {
        yield* aw(lock.acquire());
        out.push('b');
        lock.release();
      }));
      yield* aw(tick());
      lock.release(); // wakes a
      a.cancel(); // …but a is cancelled before it runs
      yield* aw(asyncio.gather(a, b, { return_exceptions: true }));
    });
    expect(out).toEqual(['b']);
    expect(lock.locked()).toBe(false);
  });

  it('hold() block form releases on dispose; a lock is bound to one loop', () => {
    const lock = new asyncio.Lock();
    run(function* () {
      const h = (yield* aw(lock.hold())) as { [Symbol.asyncDispose](): unknown };
      expect(lock.locked()).toBe(true);
      yield* aw(h[Symbol.asyncDispose]());
      yield* aw(h[Symbol.asyncDispose]()); // idempotent
      expect(lock.locked()).toBe(false);
    });
    // Contended use from another loop (CPython: "is bound to a different event loop").
    const l2 = new asyncio.Lock();
    run(function* () {
      yield* aw(l2.acquire());
      const t = spawn(l2.acquire());
      yield* aw(tick());
      l2.release();
      yield* aw(t);
    });
    expect(() =>
      run(function* () {
        const t = spawn(l2.acquire());
        yield* aw(tick());
        yield* aw(t);
      }),
    ).toThrow('is bound to a different event loop');
  });
});

describe('Event', () => {
  it('wait blocks until set; all waiters wake in order; clear resets', () => {
    const ev = new asyncio.Event();
    run(function* () {
      const ws = [1, 2, 3].map((i) =>
        spawn(co(function* () {
          yield* aw(ev.wait());
          out.push(i);
        })),
      );
      yield* aw(tick());
      expect(out).toEqual([]);
      ev.set();
      expect(ev.is_set()).toBe(true);
      yield* aw(asyncio.gather(...ws));
      expect(yield* aw(ev.wait())).toBe(true); // already set: immediate
      ev.clear();
      expect(ev.is_set()).toBe(false);
    });
    expect(out).toEqual([1, 2, 3]);
  });

  it('set then clear before the waiter runs: the waiter still wakes (CPython)', () => {
    const ev = new asyncio.Event();
    run(function* () {
      const w = spawn(co(function* () {
        out.push(yield* aw(ev.wait()));
      }));
      yield* aw(tick());
      ev.set();
      ev.clear();
      yield* aw(w);
    });
    expect(out).toEqual([true]);
  });
});

describe('Condition', () => {
  it('notify(n) wakes exactly n waiters in FIFO order; notify_all the rest', () => {
    const cond = new asyncio.Condition();
    const consumer = (n: number) =>
      co(function* () {
        yield* aw(cond.acquire());
        try {
          out.push(`wait ${n}`);
          yield* aw(cond.wait());
          out.push(`woke ${n}`);
        } finally {
          cond.release();
        }
      });
    run(function* () {
      const cs = [0, 1, 2, 3, 4].map((i) => spawn(consumer(i)));
      yield* aw(tick(2));
      for (const n of [1, 2]) {
        yield* aw(cond.acquire());
        out.push(`notify ${n}`);
        cond.notify(n);
        cond.release();
        yield* aw(tick(3));
      }
      yield* aw(cond.acquire());
      out.push('notify_all');
      cond.notify_all();
      cond.release();
      yield* aw(asyncio.gather(...cs));
    });
    expect(out).toEqual([
      'wait 0', 'wait 1', 'wait 2', 'wait 3', 'wait 4',
      'notify 1', 'woke 0',
      'notify 2', 'woke 1', 'woke 2',
      'notify_all', 'woke 3', 'woke 4',
    ]);
  });

  it('wait / notify without holding the lock raise RuntimeError', () => {
    const cond = new asyncio.Condition();
    expect(() => cond.notify()).toThrow('cannot notify on un-acquired lock');
    expect(() => run(function* () {
      yield* aw(cond.wait());
    })).toThrow('cannot wait on un-acquired lock');
  });

  it('wait_for returns the predicate value; a shared lock works', () => {
    const lock: Lock = new asyncio.Lock();
    const cond: Condition = new asyncio.Condition(lock);
    let x = 0;
    const r = run(function* () {
      const waiter = spawn(co(function* () {
        yield* aw(cond.acquire());
        try {
          return yield* aw(cond.wait_for(() => (x >= 2 ? `x=${x}` : 0)));
        } finally {
          cond.release();
        }
      }));
      for (let i = 0; i < 2; i++) {
        yield* aw(tick());
        yield* aw(lock.acquire());
        x += 1;
        cond.notify();
        lock.release();
      }
      return yield* aw(waiter);
    });
    expect(r).toBe('x=2');
  });

  it('a cancelled wait re-acquires the lock before raising', () => {
    const cond = new asyncio.Condition();
    let lockedInHandler = false;
    run(function* () {
      const t = spawn(co(function* () {
        yield* aw(cond.acquire());
        try {
          yield* aw(cond.wait());
        } catch (e) {
          lockedInHandler = cond.locked() && e instanceof CancelledError;
          throw e;
        } finally {
          cond.release();
        }
      }));
      yield* aw(tick());
      t.cancel();
      yield* aw(asyncio.gather(t, { return_exceptions: true }));
    });
    expect(lockedInHandler).toBe(true);
  });
});

describe('Semaphore', () => {
  it('limits holders; FIFO; value < 0 raises', () => {
    expect(() => new asyncio.Semaphore(-1)).toThrow(ValueError);
    const sem = new asyncio.Semaphore(2);
    let active = 0;
    let maxActive = 0;
    const user = (i: number) =>
      co(function* () {
        const h = (yield* aw(sem.hold())) as { [Symbol.asyncDispose](): unknown };
        try {
          active++;
          maxActive = Math.max(maxActive, active);
          out.push(i);
          yield* aw(asyncio.sleep(0.001));
          active--;
        } finally {
          yield* aw(h[Symbol.asyncDispose]());
        }
      });
    run(function* () {
      yield* aw(asyncio.gather(...[0, 1, 2, 3, 4, 5].map(user)));
    });
    expect(maxActive).toBe(2);
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('locked() when others are queued; a newcomer cannot jump the queue', () => {
    const sem = new asyncio.Semaphore(1);
    run(function* () {
      yield* aw(sem.acquire());
      const a = spawn(co(function* () {
        yield* aw(sem.acquire());
        out.push('a');
        sem.release();
      }));
      yield* aw(tick());
      sem.release(); // a is woken (value back to 0 for a)
      expect(sem.locked()).toBe(true);
      const b = spawn(co(function* () {
        yield* aw(sem.acquire());
        out.push('b');
        sem.release();
      }));
      yield* aw(asyncio.gather(a, b));
    });
    expect(out).toEqual(['a', 'b']);
  });

  it('BoundedSemaphore refuses to be released too many times', () => {
    const b = new asyncio.BoundedSemaphore(1);
    expect(() => b.release()).toThrow('BoundedSemaphore released too many times');
    run(function* () {
      yield* aw(b.acquire());
      b.release();
    });
  });
});

describe('Barrier', () => {
  it('releases parties together with distinct indices', () => {
    const bar = new asyncio.Barrier(3);
    const idx: unknown[] = [];
    run(function* () {
      const ws = [0, 1, 2].map((i) =>
        spawn(co(function* () {
          out.push(`arrive ${i}`);
          idx.push(yield* aw(bar.wait()));
          out.push(`pass ${i}`);
        })),
      );
      yield* aw(tick(2));
      expect(bar.n_waiting).toBe(0); // all three arrived and passed the barrier already…
      yield* aw(asyncio.gather(...ws));
    });
    expect(idx.slice().sort()).toEqual([0, 1, 2]);
    expect(out.slice(0, 3)).toEqual(['arrive 0', 'arrive 1', 'arrive 2']);
    expect(bar.parties).toBe(3);
  });

  it('n_waiting counts arrivals; abort breaks waiters with BrokenBarrierError', () => {
    const bar = new asyncio.Barrier(3);
    expect(() => new asyncio.Barrier(0)).toThrow(ValueError);
    const errs: unknown[] = [];
    run(function* () {
      const ws = [0, 1].map(() =>
        spawn(co(function* () {
          try {
            yield* aw(bar.wait());
          } catch (e) {
            errs.push(e);
          }
        })),
      );
      yield* aw(tick(2));
      expect(bar.n_waiting).toBe(2);
      yield* aw(bar.abort());
      yield* aw(asyncio.gather(...ws));
      expect(bar.broken).toBe(true);
      let late: unknown = null;
      try {
        yield* aw(bar.wait());
      } catch (e) {
        late = e;
      }
      expect(late).toBeInstanceOf(BrokenBarrierError);
      yield* aw(bar.reset());
      expect(bar.broken).toBe(false);
    });
    expect(errs.length).toBe(2);
    expect(errs[0]).toBeInstanceOf(BrokenBarrierError);
  });
});

describe('Queue', () => {
  it('FIFO, LIFO and priority orders', () => {
    run(function* () {
      const q = new asyncio.Queue();
      const l = new asyncio.LifoQueue();
      const p = new asyncio.PriorityQueue();
      for (const x of [3, 1, 2]) {
        yield* aw(q.put(x));
        yield* aw(l.put(x));
      }
      for (const x of [[3, 'c'], [1, 'a'], [2, 'b'], [1, 'A']]) p.put_nowait(x);
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) got.push(yield* aw(q.get()));
      for (let i = 0; i < 3; i++) got.push(l.get_nowait());
      for (let i = 0; i < 4; i++) got.push(yield* aw(p.get()));
      expect(got).toEqual([3, 1, 2, 2, 1, 3, [1, 'A'], [1, 'a'], [2, 'b'], [3, 'c']]);
    });
  });

  it("PriorityQueue orders as Python's < (bigints are ints, equal dicts tie) and names types as CPython", () => {
    const p = new asyncio.PriorityQueue();
    for (const x of [[2n ** 70n, 'big'], [1, { k: 1 }, 'b'], [1, { k: 1 }, 'a'], [3n, 'three'], [2.5, 'x']]) p.put_nowait(x);
    const got: unknown[] = [];
    while (!p.empty()) got.push((p.get_nowait() as unknown[]).at(-1));
    expect(got).toEqual(['a', 'b', 'x', 'three', 'big']);
    p.put_nowait(1n);
    expect(() => p.put_nowait('one')).toThrow("'<' not supported between instances of 'str' and 'int'");
  });

  it('put_nowait on a full queue → QueueFull; get_nowait on empty → QueueEmpty; sizes', () => {
    const q = new asyncio.Queue(2);
    expect(() => q.get_nowait()).toThrow(QueueEmpty);
    q.put_nowait(1);
    q.put_nowait(2);
    expect(q.full()).toBe(true);
    expect(q.qsize()).toBe(2);
    expect(q.maxsize).toBe(2);
    expect(() => q.put_nowait(3)).toThrow(QueueFull);
    expect(q.get_nowait()).toBe(1);
    expect(q.empty()).toBe(false);
    expect(new asyncio.Queue().full()).toBe(false);
  });

  it('task_done too many times raises ValueError; join waits for all task_done', () => {
    const q = new asyncio.Queue();
    expect(() => q.task_done()).toThrow('task_done() called too many times');
    run(function* () {
      q.put_nowait('a');
      q.put_nowait('b');
      const joiner = spawn(co(function* () {
        yield* aw(q.join());
        out.push('joined');
      }));
      yield* aw(tick());
      q.get_nowait();
      q.task_done();
      yield* aw(tick());
      expect(out).toEqual([]);
      q.get_nowait();
      q.task_done();
      yield* aw(joiner);
      yield* aw(q.join()); // nothing unfinished: immediate
    });
    expect(out).toEqual(['joined']);
  });

  it('blocked putters and getters are served FIFO', () => {
    const q: Queue = new asyncio.Queue(1);
    run(function* () {
      const putters = ['p1', 'p2', 'p3'].map((x) => spawn(q.put(x)));
      yield* aw(tick());
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) got.push(yield* aw(q.get()));
      yield* aw(asyncio.gather(...putters));
      const getters = [0, 1].map(() => spawn(q.get()));
      yield* aw(tick());
      q.put_nowait('g1');
      yield* aw(q.put('g2'));
      got.push(...((yield* aw(asyncio.gather(...getters))) as unknown[]));
      out.push(...got);
    });
    expect(out).toEqual(['p1', 'p2', 'p3', 'g1', 'g2']);
  });

  it('a cancelled getter does not lose an item', () => {
    const q = new asyncio.Queue();
    run(function* () {
      const g1 = spawn(q.get());
      const g2 = spawn(q.get());
      yield* aw(tick());
      q.put_nowait('item');
      g1.cancel(); // woken, then cancelled before running
      out.push(yield* aw(g2));
      expect(g1.cancelled()).toBe(true);
    });
    expect(out).toEqual(['item']);
  });
});

describe('errors are Python-shaped', () => {
  it('RuntimeError class is used', () => {
    expect(new asyncio.Lock().release.bind(new asyncio.Lock())).toThrow(RuntimeError);
  });
});
