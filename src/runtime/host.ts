/**
 * What the parts of the runtime that do not own threads (asyncio, queue helpers…) need from the
 * thread core: program time, a way to block this thread until another thread pokes it, and
 * tracing. The worker bootstrap installs the real host (shared heap, speed factor, trace rings)
 * with `setHost`; the default below works in a single Node/Vitest thread so those parts can be
 * unit-tested without workers.
 */
import { wallNow } from './core/wallclock';

/** A callback another thread asked this thread's event loop to run (call_soon_threadsafe). */
export interface InboxItem {
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  /** Thread id of the sender, for the causality arrow. */
  from: number;
}

/**
 * An event loop's doorbell. `wait` blocks the owning thread until `ring` is called (from any
 * thread, including through a handle decoded in another worker) or the timeout passes.
 */
export interface LoopChannel {
  /** Blocks up to `timeout` program seconds (null: forever). True when rung (or items arrived). */
  wait(timeout: number | null): boolean;
  /** Takes the callbacks other threads posted, in the order they were posted. */
  drain(): InboxItem[];
  /** Wakes the owner without posting anything (e.g. `loop.stop()` from another thread). */
  ring(): void;
  /** Posts a callback from this thread (used by tests; other threads post through the handle). */
  post(item: InboxItem): void;
}

/** An asyncio task's states as traced: indices into `taskStates` (protocol/trace.ts). */
export const TASK_CREATED = 0;
export const TASK_READY = 1;
export const TASK_RUNNING = 2;
export const TASK_WAITING = 3;
/** This one and the ones after it end the task. */
export const TASK_DONE = 4;
export const TASK_CANCELLED = 5;
export const TASK_FAILED = 6;

export interface Host {
  /** Program time in seconds (speed-scaled, monotonic). `loop.time()` and timers use it. */
  monotonic(): number;
  /** A new doorbell for an event loop owned by the calling thread. */
  newLoopChannel(): LoopChannel;
  /**
   * An asyncio task was created (by `parentTask`, or by the loop itself: null). Returns whether
   * its later states are to be traced (false when tracing is off, or past the lanes a thread draws):
   * the task calls `traceTaskState` only then, so an untraced step costs one branch.
   */
  traceTaskCreated(task: number, parentTask: number | null, named: { get_name(): string }): boolean;
  /** A traced task's state changed (`TASK_READY`…; `what`: what a waiting task waits for, else ''). */
  traceTaskState(task: number, state: number, what: string): void;
  /** The event loop runs callbacks (called every few): a hot trace logs its sampled changes here. */
  traceTick(): void;
  /** Registers a traced asyncio object (a row on the timeline); returns the index its gauge goes by, 0 when not traced. */
  traceObject(type: 'asyncio.Queue', name: string, capacity: number): number;
  /** The object's gauge (a queue's length) changed; hosts may sample under load. */
  traceGauge(obj: number, value: number): void;
  /** The calling thread's id. */
  tid(): number;
  /** Raises if the run was stopped (long loops call it between steps). */
  checkAbort(): void;
  /**
   * A deterministic run (docs/deterministic-runs.md): each task step is a scheduling point,
   * `taskPoint(n, describe)`, where `n` tasks are ready and the first is the one the loop runs
   * next. In step mode the learner may pick any of them: the index chosen is returned (0
   * otherwise). False: no call.
   */
  readonly points: boolean;
  taskPoint(n: number, describe: (k: number) => ReadyTaskStep): number;
  /** A `step` run waits for the learner at each point (and Finish was not pressed): tasks say where they are. */
  readonly stepping: boolean;
  /** The program line a stack (an Error's `stack`) is at (0: none). */
  programLine(stack: string): number;
}

/** A ready task as the step controls show it: its name, what it is at, and (read lazily) its line. */
export interface ReadyTaskStep {
  name: string;
  /** The task's trace id (its timeline lane's colour). */
  id: number;
  what: string;
  line(): number;
}

const t0 = wallNow();

/** A single-threaded host for unit tests: real time, a real (private) futex for waiting. */
function localChannel(): LoopChannel {
  const word = new Int32Array(new SharedArrayBuffer(4));
  const items: InboxItem[] = [];
  return {
    wait(timeout) {
      if (items.length > 0 || Atomics.exchange(word, 0, 0) === 1) return true;
      // A poll (the loop has callbacks ready): no futex call, as the worker's channel.
      if (timeout !== null && timeout <= 0) return false;
      const ms = timeout === null ? Infinity : Math.max(0, timeout * 1000);
      const r = Atomics.wait(word, 0, 0, ms);
      Atomics.store(word, 0, 0);
      return r !== 'timed-out';
    },
    drain() {
      return items.splice(0, items.length);
    },
    ring() {
      Atomics.store(word, 0, 1);
      Atomics.notify(word, 0);
    },
    post(item) {
      items.push(item);
      this.ring();
    },
  };
}

export const defaultHost: Host = {
  monotonic: () => (wallNow() - t0) / 1000,
  newLoopChannel: localChannel,
  traceTaskCreated: () => false,
  traceTaskState: () => {},
  traceTick: () => {},
  traceObject: () => 0,
  traceGauge: () => {},
  tid: () => 1,
  checkAbort: () => {},
  points: false,
  taskPoint: () => 0,
  stepping: false,
  programLine: () => 0,
};

export let host: Host = defaultHost;

export function setHost(h: Host): void {
  host = h;
}
