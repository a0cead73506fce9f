/**
 * A mixed scheduling-order check against real CPython: the expected lines were printed by the same
 * program in Python (3.11/3.12 agree here; wait_for, whose task handling changed in 3.12, is not
 * used): tasks, a bounded queue, a lock, an event set by call_soon, done callbacks, gather,
 * cancellation with cleanup awaits, wait(FIRST_COMPLETED), a condition, as_completed.
 */
import { expect, it } from 'vitest';
import { CancelledError } from '../errors';
import { asyncioModule as asyncio } from './index';
import type { Event, Future, Lock, Queue, Task } from './index';
import { aw, co, setup } from './asyncio.fixture';

it('matches CPython line for line', () => {
  setup();
  const out: string[] = [];
  const p = (...a: unknown[]) => out.push(a.map(String).join(' '));

  const worker = (name: string, q: Queue, lock: Lock, ev: Event) =>
    co(function* () {
      p('w-start', name);
      yield* aw(asyncio.sleep(0));
      const h = (yield* aw(lock.hold())) as { [Symbol.asyncDispose](): unknown };
      try {
        p('w-locked', name);
        yield* aw(asyncio.sleep(0));
        p('w-unlock', name);
      } finally {
        yield* aw(h[Symbol.asyncDispose]());
      }
      const item = yield* aw(q.get());
      p('w-got', name, item);
      yield* aw(ev.wait());
      p('w-ev', name);
      return name;
    }, 'worker');
  const cb = (fut: Future) => p('cb', fut.result());

  const sleeper = (n: number) =>
    co(function* () {
      try {
        yield* aw(asyncio.sleep(10));
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        p('cancelled', n);
        yield* aw(asyncio.sleep(0));
        p('after-cancel', n);
        throw e;
      }
    }, 'sleeper');

  const main = co(function* () {
    const q = new asyncio.Queue(1);
    const lock = new asyncio.Lock();
    const ev = new asyncio.Event();
    const tasks = ['a', 'b', 'c'].map((n) => asyncio.create_task(worker(n, q, lock, ev)));
    for (const t of tasks) t.add_done_callback(cb);
    const loop = asyncio.get_running_loop();
    loop.call_soon(p, 'soon1');
    p('main-before-put');
    for (let i = 0; i < 3; i++) {
      yield* aw(q.put(i));
      p('put', i);
    }
    loop.call_soon(() => ev.set());
    loop.call_soon(p, 'soon2');
    const r = yield* aw(asyncio.gather(...tasks, asyncio.sleep(0, 'z')));
    p('gathered', `[${(r as string[]).map((x) => `'${x}'`).join(', ')}]`);

    const ts: Task[] = [0, 1, 2].map((i) => asyncio.create_task(sleeper(i)));
    yield* aw(asyncio.sleep(0));
    ts[1]?.cancel();
    ts[0]?.cancel();
    const [done, pending] = (yield* aw(asyncio.wait(ts, { return_when: asyncio.FIRST_COMPLETED }))) as [Set<Task>, Set<Task>];
    p('done', `[${[...done].map((t) => `'${t.get_name()}'`).sort().join(', ')}]`, 'pending', pending.size);
    ts[2]?.cancel();
    const res = (yield* aw(asyncio.gather(...ts, { return_exceptions: true }))) as unknown[];
    p('res', `[${res.map((x) => `'${(x as Error).name}'`).join(', ')}]`);

    const cond = new asyncio.Condition();
    const cw = (n: number) =>
      co(function* () {
        const h = (yield* aw(cond.hold())) as { [Symbol.asyncDispose](): unknown };
        try {
          p('cw-wait', n);
          yield* aw(cond.wait());
          p('cw-woke', n);
        } finally {
          yield* aw(h[Symbol.asyncDispose]());
        }
      }, 'cw');
    const cws = [0, 1, 2, 3].map((i) => asyncio.create_task(cw(i)));
    yield* aw(asyncio.sleep(0));
    yield* aw(cond.acquire());
    cond.notify(2);
    p('notified 2');
    cond.release();
    yield* aw(asyncio.sleep(0));
    yield* aw(cond.acquire());
    cond.notify_all();
    p('notified all');
    cond.release();
    yield* aw(asyncio.gather(...cws));

    const val = (n: number, d: number) =>
      co(function* () {
        yield* aw(asyncio.sleep(d));
        p('val', n);
        return n;
      }, 'val');
    for (const c of asyncio.as_completed([val(1, 0.02), val(2, 0.01), val(3, 0)])) p('ac', yield* aw(c));
  }, 'main');
  asyncio.run(main);

  expect(out.join('\n')).toBe(`main-before-put
put 0
w-start a
w-start b
w-start c
soon1
w-locked a
w-unlock a
w-got a 0
w-locked b
put 1
w-unlock b
w-got b 1
w-locked c
put 2
w-unlock c
w-got c 2
soon2
w-ev a
w-ev b
w-ev c
cb a
cb b
cb c
gathered ['a', 'b', 'c', 'z']
cancelled 1
cancelled 0
after-cancel 1
after-cancel 0
done ['Task-6', 'Task-7'] pending 1
cancelled 2
after-cancel 2
res ['CancelledError', 'CancelledError', 'CancelledError']
cw-wait 0
cw-wait 1
cw-wait 2
cw-wait 3
notified 2
cw-woke 0
cw-woke 1
notified all
cw-woke 2
cw-woke 3
val 3
ac 3
val 2
ac 2
val 1
ac 1`);
});
