/**
 * The `asyncio` module a program imports (`import {run, sleep} from 'asyncio'`), plus what the
 * compiler and the worker need: `coroutineHelpers` (the `__rt.async`/`__rt.await`… helpers) and
 * the per-thread hooks.
 *
 * Worker wiring:
 * - before running a program: `resetAsyncioForThread({isMainThread, threadName})`;
 * - `setAsyncioTracing(false)` when the run has tracing off (skips building trace events);
 * - `setUnhandledReporter(fn)` to print "Task exception was never retrieved" & co. to stderr;
 * - `setDefaultExecutorFactory(() => new ThreadPoolExecutor())` for `run_in_executor(null, …)`;
 * - `setRunCoroutineThreadsafe(fn)` for the cross-thread `run_coroutine_threadsafe`;
 * - `setAsyncioDebug(hooks)` when the run has the asyncio detector on (debug.ts; null: off);
 * - when the thread's program has ended: `reportAtThreadEnd()` (CPython logs what it drops at
 *   exit/GC: unretrieved exceptions, and in debug mode pending tasks and coroutines never awaited).
 *
 * A loop may be built over an existing doorbell (`new BaseEventLoop(channel)`) so another thread
 * can decode the same loop; `loop.channel` is that doorbell.
 */
import {
  BrokenBarrierError,
  CancelledError,
  InvalidStateError,
  QueueEmpty,
  QueueFull,
  TimeoutError,
} from '../errors';
import { Coroutine, GenCoroutine, coroutineHelpers, iscoroutine } from './coroutine';
import {
  BaseEventLoop,
  Future,
  Handle,
  Task,
  TimerHandle,
  _get_running_loop,
  get_event_loop,
  get_running_loop,
  new_event_loop,
  resetState,
  rt,
  set_event_loop,
  wrapFuture,
  type ExecutorLike,
  type UnhandledReporter,
} from './core';
import { Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore } from './locks';
import { LifoQueue, PriorityQueue, Queue } from './queues';
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  all_tasks,
  as_completed,
  create_task,
  current_task,
  ensure_future,
  gather,
  isfuture,
  run,
  run_coroutine_threadsafe,
  setRunCoroutineThreadsafe,
  shield,
  sleep,
  to_thread,
  wait,
  wait_for,
} from './tasks';
import { TaskGroup } from './taskgroups';
import { debugOn, reportNeverAwaited, setDebugHooks, type DebugHooks } from './debug';
import { Timeout, timeout, timeout_at } from './timeouts';

export const asyncioModule = {
  // event loops
  run,
  get_event_loop,
  new_event_loop,
  set_event_loop,
  get_running_loop,
  _get_running_loop,
  AbstractEventLoop: BaseEventLoop,
  BaseEventLoop,
  Handle,
  TimerHandle,
  // tasks and futures
  sleep,
  create_task,
  ensure_future,
  gather,
  wait,
  wait_for,
  as_completed,
  shield,
  timeout,
  timeout_at,
  Timeout,
  TaskGroup,
  to_thread,
  current_task,
  all_tasks,
  run_coroutine_threadsafe,
  wrap_future: wrapFuture,
  iscoroutine,
  isfuture,
  Future,
  Task,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  // synchronization
  Lock,
  Event,
  Condition,
  Semaphore,
  BoundedSemaphore,
  Barrier,
  Queue,
  LifoQueue,
  PriorityQueue,
  // exceptions
  CancelledError,
  TimeoutError,
  InvalidStateError,
  QueueEmpty,
  QueueFull,
  BrokenBarrierError,
} as const;

export { coroutineHelpers, Coroutine, GenCoroutine };
export { BaseEventLoop, Future, Task, Handle, TimerHandle, TaskGroup, Timeout };
export { Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier, Queue, LifoQueue, PriorityQueue };
export type { ExecutorLike, ConcurrentFutureLike, UnhandledReporter } from './core';
export type { DebugHooks } from './debug';

/** Fresh per-thread asyncio state; the worker calls it before running a program. */
export function resetAsyncioForThread(opts: { isMainThread?: boolean; threadName?: string } = {}): void {
  resetState(opts);
}

/** Where "Task exception was never retrieved" and "Exception in callback …" go (default: console.error). */
export function setUnhandledReporter(fn: UnhandledReporter | null): void {
  rt.reporter = fn ?? ((_ctx, formatted) => console.error(formatted));
}

/** The executor `run_in_executor(null, …)` creates on first use (CPython: a ThreadPoolExecutor). */
export function setDefaultExecutorFactory(fn: (() => ExecutorLike) | null): void {
  rt.executorFactory = fn;
}

/** How call_soon_threadsafe builds what it posts to a loop this thread does not run. */
export function setCrossing(fn: typeof rt.crossing): void {
  rt.crossing = fn;
}

/** Turns task trace events off (nothing is built) or on. */
export function setAsyncioTracing(on: boolean): void {
  rt.tracing = on;
}

/** Turns asyncio's debug mode on with the worker's hooks (warnings, program lines, busy clock), or off. */
export function setAsyncioDebug(hooks: DebugHooks | null): void {
  setDebugHooks(hooks);
}

/**
 * When the thread's program has ended: for every loop of this thread not closed yet, what its
 * close would have said (exceptions no one retrieved; in debug mode, tasks still pending); then,
 * in debug mode, the coroutines never awaited that no loop's close has said.
 */
export function reportAtThreadEnd(): void {
  for (const loop of [...rt.loops]) loop._reportDropped();
  if (debugOn) reportNeverAwaited(undefined);
}

export { setRunCoroutineThreadsafe };
