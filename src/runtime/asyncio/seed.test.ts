/**
 * The seed tutorial's asyncio examples, with sleeps scaled down (÷10): the printed lines must be
 * exactly the seed's (docs/scenarios.md: call-soon, call-later, call-at, asyncio-lock; plus asyncio-event
 * and the asyncio.Queue producer/consumer order).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { asyncioModule as asyncio } from './index';
import type { BaseEventLoop, Condition, Event, Queue } from './index';
import { aw, co, setup } from './asyncio.fixture';

const S = 1 / 10;
let out: string[] = [];

beforeEach(() => {
  setup();
  out = [];
});

function hello(name: string): void {
  out.push(`[hello] Hello, ${name}`);
}

describe('seed scenarios', () => {
  it('call-soon', () => {
    const work = (t: number, name: string) =>
      co(function* () {
        out.push(`[work ] start ${name}`);
        yield* aw(asyncio.sleep(t * S));
        out.push(`[work ] ${name} after ${t}s stop`);
      }, 'work');
    const loop = asyncio.get_event_loop();
    asyncio.ensure_future(work(1, 'A'));
    loop.call_soon(hello, 'Tom');
    loop.create_task(work(2, 'B'));
    loop.run_until_complete(work(3, 'C'));
    expect(out).toEqual([
      '[work ] start A',
      '[hello] Hello, Tom',
      '[work ] start B',
      '[work ] start C',
      '[work ] A after 1s stop',
      '[work ] B after 2s stop',
      '[work ] C after 3s stop',
    ]);
  });

  const work2 = (t: number, name: string) =>
    co(function* () {
      out.push(`[work${name}] start`);
      yield* aw(asyncio.sleep(t * S));
      out.push(`[work${name}] stop`);
    }, 'work');
  const expected2 = [
    '[workA] start',
    '[hello] Hello, Kitty',
    '[workB] start',
    '[hello] Hello, Jerry',
    '[workA] stop',
    '[hello] Hello, Tom',
    '[workB] stop',
  ];

  it('call-later', () => {
    const loop = asyncio.get_event_loop();
    asyncio.ensure_future(work2(1, 'A'));
    loop.call_later(1.2 * S, hello, 'Tom');
    loop.call_soon(hello, 'Kitty');
    const task4 = loop.create_task(work2(2, 'B'));
    loop.call_later(1 * S, hello, 'Jerry');
    loop.run_until_complete(task4);
    expect(out).toEqual(expected2);
  });

  it('call-at', () => {
    const loop = asyncio.get_event_loop();
    const start = loop.time();
    asyncio.ensure_future(work2(1, 'A'));
    loop.call_at(start + 1.2 * S, hello, 'Tom');
    loop.call_soon(hello, 'Kitty');
    const task4 = loop.create_task(work2(2, 'B'));
    loop.call_at(start + 1 * S, hello, 'Jerry');
    loop.run_until_complete(task4);
    expect(out).toEqual(expected2);
  });

  it('asyncio-lock (asyncio.wait of bare coroutines)', () => {
    const l: string[] = [];
    const lock = new asyncio.Lock();
    const work = (name: string) =>
      co(function* () {
        out.push(`\\\\\\\\\\\\ ${name}`);
        const held = (yield* aw(lock.hold())) as { [Symbol.asyncDispose](): unknown };
        try {
          out.push(`${name} start`);
          if (l.includes('x')) return name;
          out.push(`++++++++++ ${name}`);
          yield* aw(asyncio.sleep(0));
          out.push(`---------- ${name}`);
          l.push('x');
          out.push(`${name} end`);
          return name;
        } finally {
          yield* aw(held[Symbol.asyncDispose]());
        }
      }, 'work');
    const one = () =>
      co(function* () {
        const name = yield* aw(work('one'));
        out.push(`${String(name)} ok`);
      }, 'one');
    const two = () =>
      co(function* () {
        out.push('///////////');
        const name = yield* aw(work('two'));
        out.push(`${String(name)} ok`);
      }, 'two');
    const loop = asyncio.get_event_loop();
    const tasks = asyncio.wait([one(), two()]);
    loop.run_until_complete(tasks);
    expect(out).toEqual([
      '\\\\\\\\\\\\ one',
      'one start',
      '++++++++++ one',
      '///////////',
      '\\\\\\\\\\\\ two',
      '---------- one',
      'one end',
      'one ok',
      'two start',
      'two ok',
    ]);
  });

  it('asyncio-event', () => {
    const setEvent = (event: Event) => {
      out.push('setting event in callback');
      event.set();
    };
    const coroN = (n: number, event: Event) =>
      co(function* () {
        out.push(`coro${n} waiting for event`);
        yield* aw(event.wait());
        out.push(`coro${n} triggered`);
      }, `coro${n}`);
    const main = (loop: BaseEventLoop) =>
      co(function* () {
        const event = new asyncio.Event();
        out.push(`event start state: ${event.is_set() ? 'True' : 'False'}`);
        loop.call_later(0.1 * S, setEvent, event);
        yield* aw(asyncio.wait([coroN(1, event), coroN(2, event)]));
        out.push(`event end state: ${event.is_set() ? 'True' : 'False'}`);
      }, 'main');
    const eventLoop = asyncio.get_event_loop();
    try {
      eventLoop.run_until_complete(main(eventLoop));
    } finally {
      eventLoop.close();
    }
    expect(out).toEqual([
      'event start state: False',
      'coro1 waiting for event',
      'coro2 waiting for event',
      'setting event in callback',
      'coro1 triggered',
      'coro2 triggered',
      'event end state: True',
    ]);
  });

  it('asyncio-condition (consumers wrapped in list order; expected output from CPython)', () => {
    const consumer = (condition: Condition, n: number) =>
      co(function* () {
        out.push('----');
        const h = (yield* aw(condition.hold())) as { [Symbol.asyncDispose](): unknown };
        try {
          out.push(`consumer ${n} is waiting`);
          yield* aw(condition.wait());
          out.push(`consumer ${n} triggered`);
        } finally {
          yield* aw(h[Symbol.asyncDispose]());
        }
        out.push(`ending consumer ${n}`);
      }, 'consumer');
    const manipulate = (condition: Condition) =>
      co(function* () {
        out.push('starting manipulate_condition');
        yield* aw(asyncio.sleep(0.1 * S));
        for (const i of [1, 2]) {
          yield* aw(condition.acquire());
          out.push(`notifying ${i} consumers`);
          condition.notify(i);
          condition.release();
          yield* aw(asyncio.sleep(0.1 * S));
        }
        yield* aw(condition.acquire());
        out.push('notifying remaining consumers');
        condition.notify_all();
        condition.release();
        out.push('ending manipulate_condition');
      }, 'manipulate_condition');
    const main = (loop: BaseEventLoop) =>
      co(function* () {
        const condition = new asyncio.Condition();
        const consumers = [0, 1, 2, 3, 4].map((i) => consumer(condition, i));
        loop.create_task(manipulate(condition));
        yield* aw(asyncio.wait(consumers.map((c) => asyncio.ensure_future(c))));
      }, 'main');
    const loop = asyncio.get_event_loop();
    try {
      loop.run_until_complete(main(loop));
    } finally {
      loop.close();
    }
    expect(out.join('\n')).toBe(`starting manipulate_condition
----
consumer 0 is waiting
----
consumer 1 is waiting
----
consumer 2 is waiting
----
consumer 3 is waiting
----
consumer 4 is waiting
notifying 1 consumers
consumer 0 triggered
ending consumer 0
notifying 2 consumers
consumer 1 triggered
ending consumer 1
consumer 2 triggered
ending consumer 2
notifying remaining consumers
ending manipulate_condition
consumer 3 triggered
ending consumer 3
consumer 4 triggered
ending consumer 4`);
  });

  it('asyncio-queue producer/consumer order', () => {
    const consumer = (n: number, q: Queue) =>
      co(function* () {
        out.push(`consumer ${n}: waiting for item`);
        for (;;) {
          out.push(`consumer ${n}: waiting for item`);
          const item = yield* aw(q.get());
          out.push(`consumer ${n}: has item ${item === null ? 'None' : String(item)}`);
          if (item === null) {
            q.task_done();
            break;
          } else {
            yield* aw(asyncio.sleep(0.01 * (item as number))); // the seed's own (short) sleeps
            q.task_done();
          }
        }
        out.push(`consumer ${n}: ending`);
      }, 'consumer');
    const producer = (q: Queue, numWorkers: number) =>
      co(function* () {
        out.push('producer: starting');
        for (let i = 0; i < numWorkers * 3; i++) {
          yield* aw(q.put(i));
          out.push(`producer: added task ${i} to the queue`);
        }
        out.push('producer: adding stop signals to the queue');
        for (let i = 0; i < numWorkers; i++) yield* aw(q.put(null));
        out.push('producer: waiting for queue to empty');
        yield* aw(q.join());
        out.push('producer: ending');
      }, 'producer');
    const main = (loop: BaseEventLoop, numConsumers: number) =>
      co(function* () {
        const q = new asyncio.Queue(numConsumers);
        const consumers = [0, 1].slice(0, numConsumers).map((i) => loop.create_task(consumer(i, q)));
        const prod = loop.create_task(producer(q, numConsumers));
        yield* aw(asyncio.wait([...consumers, prod]));
      }, 'main');
    const eventLoop = asyncio.get_event_loop();
    try {
      eventLoop.run_until_complete(main(eventLoop, 2));
    } finally {
      eventLoop.close();
    }
    expect(out.join('\n')).toEqual(
      `consumer 0: waiting for item
consumer 0: waiting for item
consumer 1: waiting for item
consumer 1: waiting for item
producer: starting
producer: added task 0 to the queue
producer: added task 1 to the queue
consumer 0: has item 0
consumer 1: has item 1
producer: added task 2 to the queue
producer: added task 3 to the queue
consumer 0: waiting for item
consumer 0: has item 2
producer: added task 4 to the queue
consumer 1: waiting for item
consumer 1: has item 3
producer: added task 5 to the queue
producer: adding stop signals to the queue
consumer 0: waiting for item
consumer 0: has item 4
consumer 1: waiting for item
consumer 1: has item 5
producer: waiting for queue to empty
consumer 0: waiting for item
consumer 0: has item None
consumer 0: ending
consumer 1: waiting for item
consumer 1: has item None
consumer 1: ending
producer: ending`,
    );
  });
});
