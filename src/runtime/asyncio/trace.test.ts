/* eslint-disable require-yield -- test coroutines need not await */
/** Task lifecycle events for the timeline (host.traceTask). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { taskStates } from '../../protocol/trace';
import { setHost } from '../host';
import { ValueError } from '../errors';
import { asyncioModule as asyncio, setAsyncioTracing } from './index';
import { aw, co, setup, testHost } from './asyncio.fixture';

interface Ev {
  task: number;
  name: string;
  state: string;
  what?: string;
  parentTask?: number | null;
  line?: number;
}
let evs: Ev[] = [];
beforeEach(() => {
  setup();
  evs = [];
  const names = new Map<number, string>();
  let lanes = 0;
  setHost({
    ...testHost,
    // Like the worker's host: the first tasks get lanes (here 50), later ones are not traced.
    traceTaskCreated: (task, parentTask, named) => {
      if (++lanes > 50) return false;
      const name = named.get_name();
      names.set(task, name);
      evs.push({ task, name, state: 'created', parentTask, line: 7 });
      return true;
    },
    traceTaskState: (task, state, what) => {
      const ev: Ev = { task, name: names.get(task) ?? '?', state: taskStates[state] ?? '?' };
      if (what !== '') ev.what = what;
      evs.push(ev);
    },
  });
});
afterEach(() => setAsyncioTracing(true));

const states = (name: string) => evs.filter((e) => e.name === name).map((e) => (e.what === undefined ? e.state : `${e.state}:${e.what}`));

it('a task goes created → running → waiting → ready → running → done', () => {
  const lock = new asyncio.Lock();
  asyncio.run(co(function* () {
    const child = asyncio.create_task(co(function* () {
      yield* aw(asyncio.sleep(0.001));
      return 1;
    }), { name: 'child' });
    const locker = asyncio.create_task(co(function* () {
      yield* aw(lock.acquire());
      lock.release();
    }), { name: 'locker' });
    const bad = asyncio.create_task(co(function* () {
      throw new ValueError('x');
    }), { name: 'bad' });
    yield* aw(lock.acquire());
    yield* aw(asyncio.sleep(0));
    lock.release();
    yield* aw(child);
    yield* aw(asyncio.gather(locker, bad, { return_exceptions: true }));
  }, 'main'));
  expect(states('child')).toEqual(['created', 'running', 'waiting:sleep 0.001', 'ready', 'running', 'done']);
  expect(states('locker')).toEqual(['created', 'running', 'waiting:asyncio.Lock#1', 'ready', 'running', 'done']);
  expect(states('bad')).toEqual(['created', 'running', 'failed']);
  expect(states('Task-1')).toEqual([
    'created', 'running', 'ready', 'running', 'waiting:child', 'ready', 'running', 'done',
  ]);
  const created = evs.find((e) => e.name === 'child' && e.state === 'created');
  const main = evs.find((e) => e.name === 'Task-1' && e.state === 'created');
  expect(created?.parentTask).toBe(main?.task);
  expect(main?.parentTask).toBe(null);
  expect(created?.line).toBe(7);
});

it('cancelled tasks end as cancelled; tracing can be switched off', () => {
  asyncio.run(co(function* () {
    const t = asyncio.create_task(asyncio.sleep(10), { name: 's' });
    yield* aw(asyncio.sleep(0));
    t.cancel();
    yield* aw(asyncio.gather(t, asyncio.sleep(0.001), { return_exceptions: true }));
  }));
  expect(states('s').at(-1)).toBe('cancelled');
  expect(states('Task-1')).toContain('waiting:gather');
  evs = [];
  setAsyncioTracing(false);
  asyncio.run(co(function* () {
    yield* aw(asyncio.sleep(0));
  }));
  expect(evs).toEqual([]);
});

it('a task the host gives no lane is not traced at all', () => {
  asyncio.run(co(function* () {
    const ts = [];
    for (let i = 0; i < 100; i++) ts.push(asyncio.create_task(asyncio.sleep(0, i)));
    yield* aw(asyncio.gather(...ts));
  }));
  const tasks = new Set(evs.map((e) => e.task));
  expect(tasks.size).toBe(50);
  expect(evs.filter((e) => e.state === 'done').length).toBe(50); // main and 49 others
});
