/**
 * What a smoke run of each built-in scenario must show (issue 13 §5): it runs to its expected end
 * state with output. Looping scenarios are stopped once they have shown their point; programs that
 * end up waiting forever ("stuck") may end as `deadlock` or be stopped. Speeds are raised where the
 * program sleeps, except where e2e/scenarios.spec.ts explains why a scenario needs its own (that
 * spec has the full assertions, in Chromium; this list is for other browsers).
 */
export interface Smoke {
  id: string;
  /** `?speed=` (omitted: the scenario's own). */
  speed?: number;
  /** How the run ends: by itself (`finished`, `deadlock`), by Stop after `until`, or either. */
  end: 'finished' | 'deadlock' | 'stop' | 'stuck';
  /** For `stop` / `stuck`: stop once this many console lines, or this text, have appeared. */
  until?: { lines?: number; text?: string };
  /** stdout exactly (in order), or the lines it must include and how many it has. */
  stdout: string[] | { includes?: string[]; count?: number; min?: number };
}

const laterAt = ['[workA] start', '[hello] Hello, Kitty', '[workB] start', '[hello] Hello, Jerry', '[workA] stop', '[hello] Hello, Tom', '[workB] stop'];

export const SMOKE: Smoke[] = [
  { id: 'thread-subclass', speed: 20, end: 'stop', until: { lines: 10 }, stdout: { includes: ['------------'], min: 10 } },
  { id: 'thread-target', speed: 20, end: 'stop', until: { lines: 5 }, stdout: { includes: ['1', '2', '3', '4', '5'], min: 5 } },
  { id: 'thread-pool-executor', speed: 20, end: 'finished', stdout: { includes: ['--- 0', '--- 9'], count: 10 } },
  { id: 'process', speed: 20, end: 'finished', stdout: { includes: ['0', '8'], count: 45 } },
  { id: 'process-pool', speed: 20, end: 'finished', stdout: { includes: ['0', '8'], count: 45 } },
  // speed 5: starting two processes takes a noticeable share of a second of wall time
  { id: 'process-queue', speed: 5, end: 'finished', stdout: { includes: ['1', '强制结束'], min: 3 } },
  { id: 'race', end: 'finished', stdout: { count: 1 } },
  { id: 'lock', end: 'finished', stdout: ['2000000'] },
  { id: 'rlock', end: 'finished', stdout: { includes: ['1', '10000'], count: 10_000 } },
  { id: 'thread-local', end: 'finished', stdout: ['----- 1000000', '----- 1000000', '----- 0'] },
  { id: 'semaphore', speed: 10, end: 'stop', until: { text: '******* 0' }, stdout: { includes: ['******* 0'], min: 9 } },
  { id: 'barrier', speed: 10, end: 'finished', stdout: { includes: ['-------- 0', '-------- 8', '******* 0'], count: 10 } },
  { id: 'timer', speed: 20, end: 'finished', stdout: ['--------', '*******'] },
  { id: 'event', speed: 10, end: 'stuck', until: { text: '********' }, stdout: { includes: ['--------', '********'], count: 6 } },
  { id: 'condition', speed: 20, end: 'stuck', until: { lines: 6 }, stdout: { includes: ['*******'], min: 2 } },
  { id: 'run-until-complete', end: 'finished', stdout: ['write'] },
  { id: 'wait-coroutine-list', end: 'finished', stdout: ['coro1', 'coro2'] },
  { id: 'gather-groups', speed: 20, end: 'finished', stdout: { includes: ['Waiting:  A 1', 'Waiting:  B 6'], count: 13 } },
  { id: 'create-task', speed: 20, end: 'finished', stdout: ['Waiting:  2', 'Task ret:  Done after 2s'] },
  { id: 'ensure-future', speed: 20, end: 'finished', stdout: ['Waiting:  2', 'Task ret:  Done after 2s'] },
  { id: 'task-callback', speed: 20, end: 'finished', stdout: ['Waiting:  2', 'Callback:  Done after 2s'] },
  { id: 'task-result', speed: 20, end: 'finished', stdout: ['Waiting:  2', 'Done after 2s'] },
  { id: 'wait-tasks', speed: 20, end: 'finished', stdout: { includes: ['Waiting:  4', 'Task ret:  Done after 4s'], count: 6 } },
  {
    id: 'gather-main',
    speed: 20,
    end: 'finished',
    stdout: ['Waiting:  1', 'Waiting:  2', 'Waiting:  2', 'Task ret:  Done after 1s', 'Task ret:  Done after 2s', 'Task ret:  Done after 2s'],
  },
  { id: 'wait-main', speed: 20, end: 'finished', stdout: { includes: ['Waiting:  4', 'Task ret:  Done after 4s'], count: 7 } },
  {
    id: 'as-completed',
    speed: 20,
    end: 'finished',
    stdout: ['Waiting:  1', 'Waiting:  2', 'Waiting:  4', 'Task ret:  Done after 1s', 'Task ret:  Done after 2s', 'Task ret:  Done after 4s'],
  },
  { id: 'loop-thread-sync', speed: 20, end: 'stuck', until: { text: 'Finished more work 3' }, stdout: { includes: ['More work 6', 'Finished more work 3'], count: 5 } },
  { id: 'loop-thread-async', speed: 20, end: 'stuck', until: { text: '第一个 协程运行完..' }, stdout: { includes: ['第二个 协程运行完..', '第一个 协程运行完..'], min: 4 } },
  {
    id: 'async-with',
    speed: 20,
    end: 'finished',
    stdout: ['A enter: await aenter', 'B enter: await aenter', 'A BLOCK', 'A exit: await aexit', 'B BLOCK', 'B exit: await aexit', 'A done', 'B done'],
  },
  { id: 'async-for', speed: 20, end: 'finished', stdout: ['tick 0', 'tick 1', 'tick 2', 'tick 3', 'tick 4', 'done'] },
  { id: 'loop-stop', speed: 20, end: 'finished', stdout: ['start', 'after 1s stop'] },
  {
    id: 'call-soon',
    speed: 20,
    end: 'finished',
    stdout: ['[work ] start A', '[hello] Hello, Tom', '[work ] start B', '[work ] start C', '[work ] A after 1s stop', '[work ] B after 2s stop', '[work ] C after 3s stop'],
  },
  // speed 2: the 1 s sleep and the 1.2 s timer must stay 100 ms of wall time apart
  { id: 'call-later', speed: 2, end: 'finished', stdout: laterAt },
  { id: 'call-at', speed: 2, end: 'finished', stdout: laterAt },
  { id: 'asyncio-lock', end: 'finished', stdout: { includes: ['one start', 'one ok', 'two ok'], count: 10 } },
  { id: 'asyncio-event', end: 'finished', stdout: { includes: ['setting event in callback', 'event end state: True'], count: 7 } },
  { id: 'asyncio-condition', end: 'finished', stdout: { includes: ['notifying remaining consumers', 'ending consumer 4'], count: 25 } },
  { id: 'asyncio-queue', end: 'finished', stdout: { includes: ['producer: starting', 'producer: ending'], count: 30 } },
  { id: 'master-worker', speed: 20, end: 'finished', stdout: { includes: ['master: lost tasks [5]'], min: 10 } },
  { id: 'yield-from', end: 'finished', stdout: { includes: ['outer: delegating to inner', 'outer: done'], count: 9 } },
  // task2 must take B within task1's 0.5 s sleep: at speed 0.5 that is 1 s of wall time for its
  // thread to start, on a loaded machine too
  { id: 'deadlock', speed: 0.5, end: 'deadlock', stdout: { includes: ['task1: got A, waiting for B', 'task2: got B, waiting for A'], count: 2 } },
  // Each of the five holds its left fork before any takes its right: nobody eats.
  { id: 'dining-philosophers', end: 'deadlock', stdout: { includes: ['philosopher 0 has the left fork', 'philosopher 4 has the left fork'], count: 5 } },
  // The buffer fills; producer 2 waits for a free slot; each of the six items is taken once.
  { id: 'bounded-buffer', end: 'finished', stdout: { includes: ['producer 2 puts 22', 'consumer 2 takes 22', 'total taken: 96'], count: 13 } },
  { id: 'process-isolation', end: 'finished', stdout: ['child: count = 1000', 'parent: count = 0', 'child: v.value = 1000', 'parent: v.value = 1000'] },
];
