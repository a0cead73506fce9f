/**
 * Realistic synthetic trace streams, shaped like what the runtime emits for the tutorial's
 * scenarios. Used by the unit tests, the Node micro-benchmark and the in-browser fps harness, so
 * all three exercise the same shapes. Events are generated out of order by a small simulation,
 * then sorted by time and numbered, as the supervisor's drain would deliver them.
 */
import type { LaneState, ObjectType, RunInfo, TaskEvent, TraceEvent } from '../protocol/trace';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A trace event before `finish` numbers it. */
export type Unnumbered = DistributiveOmit<TraceEvent, 'seq'>;

/** Collects events in any order; `finish` sorts them by time (stable) and assigns `seq`. */
export class TraceBuilder {
  private readonly events: Unnumbered[] = [];
  /** Pending gauge deltas, resolved to absolute values in time order by `finish`. */
  private readonly deltas = new Map<Unnumbered, number>();

  add(e: Unnumbered): this {
    this.events.push(e);
    return this;
  }

  thread(
    t: number,
    tid: number,
    name: string,
    kind: 'main' | 'thread' | 'process' = 'thread',
    parent: number | null = 1,
    pid = 1,
  ): this {
    return this.add({ k: 'thread', t, tid, name, kind, parent, pid, daemon: false });
  }

  state(
    t: number,
    tid: number,
    state: LaneState,
    extra: { obj?: number; what?: string; line?: number; timeout?: number; error?: string } = {},
  ): this {
    return this.add({ k: 'state', t, tid, state, ...extra });
  }

  obj(t: number, obj: number, type: ObjectType, name: string, tid = 1, capacity?: number): this {
    return this.add(
      capacity === undefined
        ? { k: 'obj', t, obj, type, name, tid }
        : { k: 'obj', t, obj, type, name, tid, capacity },
    );
  }

  hold(t: number, obj: number, holder: number | null): this {
    return this.add({ k: 'hold', t, obj, holder });
  }

  gauge(t: number, obj: number, value: number): this {
    return this.add({ k: 'gauge', t, obj, value });
  }

  /** A gauge change by `delta`, turned into an absolute value once events are in time order. */
  gaugeDelta(t: number, obj: number, delta: number): this {
    const e: Unnumbered = { k: 'gauge', t, obj, value: 0 };
    this.deltas.set(e, delta);
    return this.add(e);
  }

  wake(fromT: number, t: number, from: number, to: number, obj: number, what: string): this {
    return this.add({ k: 'wake', t, fromT, from, to, obj, what });
  }

  print(t: number, tid: number, text: string, line?: number): this {
    return this.add(
      line === undefined
        ? { k: 'print', t, tid, stream: 'stdout', text }
        : { k: 'print', t, tid, stream: 'stdout', text, line },
    );
  }

  task(
    t: number,
    tid: number,
    task: number,
    name: string,
    state: TaskEvent['state'],
    extra: { what?: string; line?: number; parentTask?: number | null } = {},
  ): this {
    return this.add({ k: 'task', t, tid, task, name, state, ...extra });
  }

  counter(t: number, tid: number, obj: number, what: string, count: number): this {
    return this.add({ k: 'counter', t, tid, obj, what, count });
  }

  dropped(t: number, tid: number, count: number): this {
    return this.add({ k: 'dropped', t, tid, count });
  }

  finish(): TraceEvent[] {
    const order = this.events.map((e, i) => ({ e, i }));
    order.sort((a, b) => a.e.t - b.e.t || a.i - b.i);
    const levels = new Map<number, number>();
    return order.map(({ e }, seq) => {
      const d = this.deltas.get(e);
      if (d !== undefined && e.k === 'gauge') {
        const v = (levels.get(e.obj) ?? 0) + d;
        levels.set(e.obj, v);
        return { ...e, value: v, seq } as TraceEvent;
      }
      return { ...e, seq } as TraceEvent;
    });
  }
}

const S = 1_000_000; // µs per second at speed 1

export function runInfo(endedAt: number | null, speed = 1, source = ''): RunInfo {
  return { speed, startedAt: 0, endedAt, source };
}

/**
 * `semaphore` (§6 #11): MainThread starts 9 threads that each take a `Semaphore(3)`, print,
 * sleep 1 s and release; at most 3 hold it at once, the rest block and are woken by a release.
 * Thread tids are 2..10; the semaphore is object 10.
 */
export function semaphoreScenario(): { events: TraceEvent[]; info: RunInfo } {
  const b = new TraceBuilder();
  const SEM = 10;
  b.thread(0, 1, 'MainThread', 'main', null);
  b.state(0, 1, 'running', { line: 1 });
  b.obj(50, SEM, 'Semaphore', 'Semaphore#1', 1, 3);
  const acquiredAt: number[] = [];
  let end = 0;
  for (let i = 0; i < 9; i++) {
    const tid = i + 2;
    const arrive = 100 + i * 20;
    b.thread(arrive - 5, tid, `Thread-${i + 1} (worker)`);
    b.state(arrive - 5, tid, 'running', { line: 4 });
    let got: number;
    if (i < 3) {
      got = arrive;
    } else {
      const releaser = i - 3 + 2;
      const rel = (acquiredAt[i - 3] ?? 0) + S;
      got = rel + 40;
      b.state(arrive, tid, 'blocked', { obj: SEM, what: 'acquire', line: 5 });
      b.wake(rel, got, releaser, tid, SEM, 'release');
    }
    acquiredAt.push(got);
    b.gaugeDelta(got, SEM, +1);
    b.state(got, tid, 'running', { line: 6 });
    b.print(got + 10, tid, `Thread-${i + 1} got the semaphore`, 6);
    b.state(got + 20, tid, 'sleeping', { what: 'sleep 1', line: 7, timeout: 1 });
    b.state(got + S, tid, 'running', { line: 8 });
    // A release happens-before the acquire it enables: put it 1 µs earlier so the gauge never
    // reads 4 when sorted.
    b.gaugeDelta(got + S - 1, SEM, -1);
    b.state(got + S + 10, tid, 'done');
    end = Math.max(end, got + S + 10);
  }
  for (let i = 0; i < 9; i++) {
    const tid = i + 2;
    const joinStart = i === 0 ? 400 : (acquiredAt[i - 1] ?? 0) + S + 10;
    b.state(joinStart, 1, 'blocked', { obj: 100 + tid, what: `join Thread-${i + 1}`, line: 12 });
    b.obj(90 + i, 100 + tid, 'Thread', `Thread-${i + 1}`, 1);
  }
  b.state(end + 20, 1, 'running', { line: 13 });
  b.print(end + 30, 1, 'all done', 13);
  b.state(end + 40, 1, 'done');
  return { events: b.finish(), info: runInfo(end + 50) };
}

/**
 * `barrier` (§6 #12): 6 threads wait on a `Barrier(3)`; it releases them in groups of 3. Thread
 * tids 2..7, barrier object 20 (gauge = arrivals).
 */
export function barrierScenario(): { events: TraceEvent[]; info: RunInfo } {
  const b = new TraceBuilder();
  const BAR = 20;
  b.thread(0, 1, 'MainThread', 'main', null);
  b.obj(10, BAR, 'Barrier', 'Barrier#1', 1, 3);
  let end = 0;
  for (let g = 0; g < 2; g++) {
    const arrivals = [0, 1, 2].map((j) => (g * 3 + j + 1) * 300_000);
    const releaseAt = arrivals[2] ?? 0;
    for (let j = 0; j < 3; j++) {
      const tid = g * 3 + j + 2;
      const at = arrivals[j] ?? 0;
      b.thread(20 + tid, tid, `Thread-${tid - 1} (party)`);
      b.state(20 + tid, tid, 'sleeping', { what: 'sleep', line: 3 });
      b.state(at, tid, 'blocked', { obj: BAR, what: 'wait', line: 4 });
      b.gauge(at, BAR, j + 1);
      if (j < 2) b.wake(releaseAt, releaseAt + 30, g * 3 + 4, tid, BAR, 'wait');
      b.state(releaseAt + 30, tid, 'running', { line: 5 });
      b.print(releaseAt + 40 + j, tid, `passed barrier ${g}`, 5);
      b.state(releaseAt + 60, tid, 'done');
      end = Math.max(end, releaseAt + 60);
    }
    b.gauge(releaseAt + 1, BAR, 0);
  }
  b.state(5, 1, 'blocked', { obj: 200, what: 'join', line: 9 });
  b.state(end + 10, 1, 'done');
  return { events: b.finish(), info: runInfo(end + 20, 2) };
}

/**
 * An asyncio loop on MainThread running 3 tasks that each `await asyncio.sleep(x)` for x = 1, 2,
 * 3 and share an `asyncio.Lock` (object 30) whose holder is a task id. Task ids 1..3 (plus the
 * main task 0).
 */
export function asyncioScenario(): { events: TraceEvent[]; info: RunInfo } {
  const b = new TraceBuilder();
  const LOCK = 30;
  const LOOP = 31;
  b.thread(0, 1, 'MainThread', 'main', null);
  b.state(0, 1, 'running', { line: 1 });
  b.obj(10, LOOP, 'EventLoop', 'EventLoop#1');
  b.obj(20, LOCK, 'asyncio.Lock', 'asyncio.Lock#1');
  b.task(100, 1, 0, 'Task-0 (main)', 'created', { parentTask: null, line: 20 });
  b.task(110, 1, 0, 'Task-0 (main)', 'running', { line: 20 });
  for (let i = 1; i <= 3; i++) {
    b.task(120 + i, 1, i, `Task-${i}`, 'created', { parentTask: 0, line: 21 });
  }
  b.task(130, 1, 0, 'Task-0 (main)', 'waiting', { what: 'gather', line: 22 });
  let t = 140;
  for (let i = 1; i <= 3; i++) {
    b.task(t, 1, i, `Task-${i}`, 'running', { line: 10 });
    b.print(t + 5, 1, `Waiting:  ${i}`, 10);
    b.task(t + 10, 1, i, `Task-${i}`, 'waiting', { what: `sleep ${i}`, line: 11 });
    t += 20;
  }
  b.state(t, 1, 'sleeping', { obj: LOOP, what: 'select', line: 22 });
  let last = t;
  for (let i = 1; i <= 3; i++) {
    const wakeT = i * S + 100;
    b.state(wakeT, 1, 'running', { line: 22 });
    b.task(wakeT + 1, 1, i, `Task-${i}`, 'ready', { line: 11 });
    b.task(wakeT + 10, 1, i, `Task-${i}`, 'running', { line: 12 });
    b.hold(wakeT + 12, LOCK, i);
    b.print(wakeT + 15, 1, `Task ret:  Done after ${i}s`, 13);
    b.hold(wakeT + 18, LOCK, null);
    if (i > 1) b.wake(wakeT + 18, wakeT + 19, i, i - 1, LOCK, 'release');
    b.task(wakeT + 20, 1, i, `Task-${i}`, 'done', { line: 14 });
    if (i < 3) b.state(wakeT + 25, 1, 'sleeping', { obj: LOOP, what: 'select', line: 22 });
    last = wakeT + 25;
  }
  b.task(last + 5, 1, 0, 'Task-0 (main)', 'running', { line: 22 });
  b.task(last + 10, 1, 0, 'Task-0 (main)', 'done', { line: 23 });
  b.counter(last + 11, 1, LOCK, 'acquire', 1500);
  b.state(last + 20, 1, 'done');
  return { events: b.finish(), info: runInfo(last + 30) };
}

/**
 * A large contended run: `threads` threads loop over "take Lock#1, work, release, sleep a bit"
 * while a Queue's length wanders, producing about `n` events: running/blocked/sleeping states
 * with lines, hold changes, a wake arrow per contended hand-over, queue gauges, a print every 50
 * iterations and a counter every 1000. Deterministic (a fixed LCG).
 */
export function bigScenario(n: number, threads = 8): { events: TraceEvent[]; info: RunInfo } {
  const out: TraceEvent[] = [];
  let seq = 0;
  let t = 0;
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const push = (e: Unnumbered): void => {
    out.push({ ...e, seq: seq++ } as TraceEvent);
  };
  push({ k: 'thread', t, tid: 1, name: 'MainThread', kind: 'main', parent: null, pid: 1, daemon: false });
  push({ k: 'obj', t, obj: 1, type: 'Lock', name: 'Lock#1', tid: 1 });
  push({ k: 'obj', t, obj: 2, type: 'Queue', name: 'Queue#1', tid: 1, capacity: 10 });
  const state: ('running' | 'blocked' | 'sleeping')[] = [];
  const waiters: number[] = [];
  for (let i = 0; i < threads; i++) {
    t += 5;
    push({ k: 'thread', t, tid: i + 2, name: `Thread-${i + 1} (work)`, kind: 'thread', parent: 1, pid: 1, daemon: false });
    state.push('running');
  }
  push({ k: 'state', t, tid: 1, state: 'blocked', obj: 3, what: 'join', line: 30 });
  let holder = -1;
  let qlen = 0;
  let iter = 0;
  while (out.length < n) {
    t += 1 + Math.floor(rnd() * 40);
    const i = Math.floor(rnd() * threads);
    const tid = i + 2;
    const st = state[i];
    if (tid === holder) {
      // Release; a waiter (if any) is woken and takes the lock; the releaser sleeps a little.
      push({ k: 'hold', t, obj: 1, holder: null });
      const next = waiters.shift();
      if (next !== undefined) {
        push({ k: 'wake', t: t + 2, fromT: t, from: tid, to: next, obj: 1, what: 'release' });
        push({ k: 'hold', t: t + 2, obj: 1, holder: next });
        push({ k: 'state', t: t + 2, tid: next, state: 'running', line: 11 });
        state[next - 2] = 'running';
        holder = next;
      } else {
        holder = -1;
      }
      push({ k: 'state', t: t + 1, tid, state: 'sleeping', what: 'sleep 0.001', line: 13, timeout: 0.001 });
      state[i] = 'sleeping';
      t += 2;
    } else if (st === 'sleeping') {
      push({ k: 'state', t, tid, state: 'running', line: 9 });
      state[i] = 'running';
    } else if (st === 'running') {
      if (holder < 0) {
        holder = tid;
        push({ k: 'hold', t, obj: 1, holder: tid });
        push({ k: 'state', t, tid, state: 'running', line: 11 });
      } else {
        push({ k: 'state', t, tid, state: 'blocked', obj: 1, what: 'acquire', line: 10 });
        state[i] = 'blocked';
        waiters.push(tid);
      }
    } else {
      qlen = Math.max(0, Math.min(10, qlen + (rnd() < 0.5 ? 1 : -1)));
      push({ k: 'gauge', t, obj: 2, value: qlen });
    }
    if (++iter % 50 === 0) {
      push({ k: 'print', t, tid, stream: 'stdout', text: `iteration ${iter}`, line: 14 });
    }
    if (iter % 1000 === 0) push({ k: 'counter', t, tid, obj: 1, what: 'acquire', count: 5000 });
  }
  return { events: out, info: runInfo(t + 10) };
}
