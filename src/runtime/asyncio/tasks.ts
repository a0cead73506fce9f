/**
 * asyncio's module-level task functions, after CPython 3.12's `tasks.py`, `timeouts.py` and
 * `runners.py`: sleep, gather, wait, wait_for, as_completed, shield, run, and friends.
 */
import { CancelledError, RunAborted, RuntimeError, TimeoutError, ValueError } from '../errors';
import { BARE_YIELD, Coroutine, OpCoroutine, awaitValue, callText, coro, type CoroGen } from './coroutine';
import {
  BaseEventLoop,
  Future,
  Task,
  ensureFuture,
  get_event_loop,
  get_running_loop,
  new_event_loop,
  rt,
  set_event_loop,
  setResultUnlessCancelled,
  type Callback,
  type TimerHandle,
} from './core';
import { Queue } from './queues';
import { Timeout, timeoutFrom } from './timeouts';
import { pyRepr, pyTypeName } from '../../lib/pyrepr';

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';

// ---------------------------------------------------------------------------------------------
// sleep

/** `asyncio.sleep(delay, result=None)`: a coroutine; `sleep(0)` yields to the loop exactly once. */
export function sleep(delay: number, result?: unknown): Coroutine {
  return new SleepOp(delay, result);
}

/**
 * CPython's `sleep`: for `delay <= 0` a bare yield (`__sleep0`, which Task.__step turns into one
 * call_soon); otherwise a future completed by a timer, the timer cancelled however the wait ends.
 */
class SleepOp extends OpCoroutine {
  // Declared, set in the constructor (see Coroutine: no field initializers on hot classes).
  declare private _phase: number;
  declare private _future: Future | null;
  declare private _handle: TimerHandle | null;
  declare private readonly _delay: number;
  declare private readonly _result: unknown;

  constructor(delay: number, result: unknown) {
    super('sleep');
    this._delay = delay;
    this._result = result;
    this._phase = 0;
    this._future = null;
    this._handle = null;
  }

  override _callText(): string {
    return callText('sleep', [this._delay]);
  }

  protected _next(): IteratorResult<unknown, unknown> {
    const delay = this._delay;
    if (this._phase === 0) {
      this._phase = 1;
      if (delay <= 0) return BARE_YIELD;
      if (Number.isNaN(delay)) throw new ValueError('Invalid delay: NaN (not a number)');
      const loop = get_running_loop();
      const future = new Future(loop);
      future._what = delay;
      this._future = future;
      this._handle = loop._callAt(loop.time() + delay, setResultUnlessCancelled as Callback, [future, this._result]);
      return this._yield(future);
    }
    if (delay <= 0) return this._done(this._result);
    this._cancelTimer();
    const f = this._future as Future;
    if (!f.done()) throw new RuntimeError("await wasn't used with future");
    return this._done(f.result());
  }

  protected _throw(exc: unknown): IteratorResult<unknown, unknown> {
    this._cancelTimer();
    throw exc;
  }

  protected override _return(): void {
    this._cancelTimer();
  }

  private _cancelTimer(): void {
    const h = this._handle;
    if (h !== null) {
      this._handle = null;
      h.cancel();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// create_task, ensure_future, current_task, all_tasks

export function create_task(c: Coroutine, opts?: { name?: unknown }): Task {
  return get_running_loop().create_task(c, opts);
}

export function ensure_future(x: unknown, opts?: { loop?: BaseEventLoop }): Future {
  return ensureFuture(x, opts?.loop ?? null);
}

export function current_task(loop?: BaseEventLoop): Task | null {
  return (loop ?? get_running_loop())._currentTask;
}

export function all_tasks(loop?: BaseEventLoop): Set<Task> {
  return new Set((loop ?? get_running_loop())._allTasks());
}

export function isfuture(x: unknown): x is Future {
  return x instanceof Future;
}

// ---------------------------------------------------------------------------------------------
// gather

function isOptions(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const p: unknown = Object.getPrototypeOf(x);
  return (p === Object.prototype || p === null) && typeof (x as { __await__?: unknown }).__await__ !== 'function';
}

/** The future gather returns: cancelling it cancels the children (CPython's _GatheringFuture). */
export class _GatheringFuture extends Future {
  /** @internal */ _children: Future[];
  /** @internal */ _cancelRequested = false;

  constructor(children: Future[], loop: BaseEventLoop) {
    super(loop);
    this._children = children;
    this._what = 'gather';
  }

  override cancel(msg?: unknown): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this._children) {
      if (child.cancel(msg)) ret = true;
    }
    // If any child was actually cancelled, propagate the cancellation whatever
    // return_exceptions says (bpo-32684).
    if (ret) this._cancelRequested = true;
    return ret;
  }
}

let gatherStamps = 0;
const FUTURE_RESULT = Future.prototype.result;

/** `asyncio.gather(*aws, return_exceptions=False)`; options go last: `gather(a, b, {return_exceptions: true})`. */
export function gather(...aws: unknown[]): Future {
  let returnExceptions = false;
  if (aws.length > 0 && isOptions(aws[aws.length - 1])) {
    const o = aws.pop() as { return_exceptions?: unknown };
    returnExceptions = Boolean(o.return_exceptions);
  }
  return gatherList(aws, returnExceptions);
}

/**
 * gather over an array: what the runtime itself uses (asyncio.run's cleanup over every task left),
 * since spreading a long array into call arguments overflows a worker's stack (bench/README.md).
 */
export function gatherList(aws: readonly unknown[], returnExceptions: boolean): Future {
  if (aws.length === 0) {
    const outer = get_event_loop().create_future();
    outer.set_result([]);
    return outer;
  }

  let nfuts = 0;
  let nfinished = 0;
  let outer: _GatheringFuture | null = null;
  const children: Future[] = [];

  const doneCallback = (fut: Future): void => {
    nfinished += 1;
    if (outer === null || outer.done()) {
      // Mark the exception retrieved.
      if (!fut.cancelled()) fut.exception();
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.set_exception(fut._makeCancelledError());
        return;
      }
      if (fut._hasException) {
        outer.set_exception(fut.exception());
        return;
      }
    }
    if (nfinished === nfuts) {
      const results: unknown[] = new Array<unknown>(children.length);
      let last: Future | undefined;
      for (let i = 0; i < children.length; i++) {
        const f = children[i] as Future;
        last = f;
        if (f.cancelled()) {
          const m = f._cancelMessage;
          results[i] = new CancelledError(m === undefined || m === null ? '' : String(m));
        } else if (f._hasException) {
          results[i] = f.exception();
        } else {
          // f.result() of a finished future without exception is its _result (unless overridden).
          results[i] = f.result === FUTURE_RESULT ? f._result : f.result();
        }
      }
      if (outer._cancelRequested && last !== undefined) {
        outer.set_exception(last._makeCancelledError());
      } else {
        outer.set_result(results);
      }
    }
  };

  // CPython keeps an arg → future dict to spot duplicates; a stamp per gather call on the future
  // (reached through the coroutine's task for coroutines) does the same without hashing.
  const stamp = ++gatherStamps;
  const doneFuts: Future[] = [];
  let loop: BaseEventLoop | null = null;
  for (const arg of aws) {
    const seen = arg instanceof Future ? arg : arg instanceof Coroutine ? (arg._task as Task | null) : null;
    let fut: Future;
    if (seen !== null && seen._gstamp === stamp) {
      fut = seen;
    } else {
      fut = ensureFuture(arg, loop);
      loop ??= fut._loop;
      nfuts += 1;
      fut._gstamp = stamp;
      if (fut.done()) doneFuts.push(fut);
      else fut.add_done_callback(doneCallback);
    }
    children.push(fut);
  }
  outer = new _GatheringFuture(children, loop as BaseEventLoop);
  for (const f of doneFuts) doneCallback(f);
  return outer;
}

// ---------------------------------------------------------------------------------------------
// wait

function releaseWaiter(waiter: Future): void {
  if (!waiter.done()) waiter.set_result(null);
}

interface WaitOptions {
  timeout?: number | null;
  return_when?: string;
}

/**
 * `asyncio.wait(aws, {timeout, return_when})` → `[done, pending]` (two Sets).
 *
 * Decision: bare coroutines are accepted and wrapped in tasks, in the order given, as Python ≤ 3.10
 * did (3.11 removed that; 3.12 raises TypeError). Several seed examples
 * (`asyncio.wait([one(), two()])`: asyncio-lock, asyncio-event, asyncio-condition) rely on it, and
 * docs/program-model.md lets the port follow the seed there; those scenarios' notes say so.
 */
export function wait(aws: Iterable<unknown>, opts?: WaitOptions | number | null): Coroutine {
  return coro(waitGen, 'wait', [aws, opts]);
}

function* waitGen(this: unknown, aws: Iterable<unknown>, opts: WaitOptions | number | null | undefined): CoroGen {
  if (aws instanceof Future || aws instanceof Coroutine || aws === null || aws === undefined || typeof aws !== 'object') {
    throw new TypeError(`expect a list of futures, not ${pyTypeName(aws)}`);
  }
  const o: WaitOptions = typeof opts === 'number' ? { timeout: opts } : (opts ?? {});
  const list = [...new Set(aws)];
  if (list.length === 0) throw new ValueError('Set of Tasks/Futures is empty.');
  const returnWhen = o.return_when ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new ValueError(`Invalid return_when value: ${String(returnWhen)}`);
  }
  const loop = get_running_loop();
  const fs = new Set<Future>();
  for (const a of list) fs.add(ensureFuture(a, loop));
  return yield* _wait(fs, o.timeout ?? null, returnWhen, loop);
}

function* _wait(fs: Set<Future>, timeout: number | null, returnWhen: string, loop: BaseEventLoop): CoroGen {
  const waiter = loop.create_future();
  waiter._what = 'wait';
  const timeoutHandle = timeout === null ? null : loop.call_later(timeout, releaseWaiter, waiter);
  let counter = fs.size;
  const onCompletion = (f: Future): void => {
    counter -= 1;
    if (counter <= 0 || returnWhen === FIRST_COMPLETED || (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)) {
      if (timeoutHandle !== null) timeoutHandle.cancel();
      if (!waiter.done()) waiter.set_result(null);
    }
  };
  for (const f of fs) f.add_done_callback(onCompletion);
  try {
    yield* waiter.__await__();
  } finally {
    if (timeoutHandle !== null) timeoutHandle.cancel();
    for (const f of fs) f.remove_done_callback(onCompletion);
  }
  const done = new Set<Future>();
  const pending = new Set<Future>();
  for (const f of fs) (f.done() ? done : pending).add(f);
  return [done, pending];
}

// ---------------------------------------------------------------------------------------------
// wait_for and timeouts

/** `asyncio.wait_for(aw, timeout)`, 3.12 style: the awaitable runs inline under a Timeout. */
export function wait_for(aw: unknown, timeoutSec: number | null | undefined): Coroutine {
  return coro(waitForGen, 'wait_for', [aw, timeoutSec]);
}

function* waitForGen(this: unknown, aw: unknown, timeoutSec: number | null | undefined): CoroGen {
  if (timeoutSec !== null && timeoutSec !== undefined && timeoutSec <= 0) {
    const fut = ensureFuture(aw);
    if (fut.done()) return fut.result();
    yield* cancelAndWait(fut);
    try {
      return fut.result();
    } catch (e) {
      if (e instanceof CancelledError) throw timeoutFrom(e);
      throw e;
    }
  }
  const loop = get_running_loop();
  const t = new Timeout(timeoutSec === null || timeoutSec === undefined ? null : loop.time() + timeoutSec)._enter();
  let r: unknown;
  try {
    r = yield* awaitValue(aw);
  } catch (e) {
    t._leave(e, true);
    throw e;
  }
  t._leave(null, false);
  return r;
}

function* cancelAndWait(fut: Future): CoroGen {
  const loop = fut._loop;
  const waiter = loop.create_future();
  const cb = (): void => releaseWaiter(waiter);
  fut.add_done_callback(cb);
  try {
    fut.cancel();
    // Not awaiting fut itself keeps _cancel_and_wait reliably cancellable.
    yield* waiter.__await__();
  } finally {
    fut.remove_done_callback(cb);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// as_completed, shield

/**
 * `asyncio.as_completed(aws, timeout=None)`: an iterator of coroutines, each returning the next
 * result in completion order. Like CPython's generator, nothing happens before the first `next()`.
 */
export function as_completed(aws: Iterable<unknown>, timeoutSec?: number | null | { timeout?: number | null }): Iterable<Coroutine> {
  if (aws instanceof Future || aws instanceof Coroutine) throw new TypeError(`expect an iterable of futures, not ${pyTypeName(aws)}`);
  const t = typeof timeoutSec === 'object' && timeoutSec !== null ? (timeoutSec.timeout ?? null) : (timeoutSec ?? null);
  return asCompletedGen(aws, t);
}

function* asCompletedGen(aws: Iterable<unknown>, timeoutSec: number | null): Generator<Coroutine, void, unknown> {
  const done = new Queue();
  const loop = get_event_loop();
  const todo = new Set<Future>();
  for (const a of new Set(aws)) todo.add(ensureFuture(a, loop));
  let timeoutHandle: { cancel(): void } | null = null;

  const onCompletion = (f: Future): void => {
    if (todo.size === 0) return; // _on_timeout() was here first.
    todo.delete(f);
    done.put_nowait(f);
    if (todo.size === 0 && timeoutHandle !== null) timeoutHandle.cancel();
  };
  const onTimeout = (): void => {
    for (const f of todo) {
      f.remove_done_callback(onCompletion);
      done.put_nowait(null); // A dummy value for waitForOne.
    }
    todo.clear();
  };

  for (const f of todo) f.add_done_callback(onCompletion);
  if (todo.size > 0 && timeoutSec !== null) timeoutHandle = loop.call_later(timeoutSec, onTimeout);
  const n = todo.size;
  for (let i = 0; i < n; i++) yield coro(waitForOne, '_wait_for_one', [done]);
}

function* waitForOne(this: unknown, done: Queue): CoroGen {
  const f = (yield* awaitValue(done.get())) as Future | null;
  if (f === null) throw new TimeoutError();
  return f.result();
}

/** `asyncio.shield(aw)`: cancelling the returned future does not cancel the inner one. */
export function shield(aw: unknown): Future {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const loop = inner._loop;
  const outer = loop.create_future();
  const innerDone = (i: Future): void => {
    if (outer.cancelled()) {
      if (!i.cancelled()) i.exception(); // Mark inner's result as retrieved.
      return;
    }
    if (i.cancelled()) {
      outer.cancel();
    } else {
      const exc = i.exception();
      if (exc !== null) outer.set_exception(exc);
      else outer.set_result(i.result());
    }
  };
  const outerDone = (): void => {
    if (!inner.done()) inner.remove_done_callback(innerDone);
  };
  inner.add_done_callback(innerDone);
  outer.add_done_callback(outerDone);
  return outer;
}

// ---------------------------------------------------------------------------------------------
// to_thread

/**
 * `asyncio.to_thread(func, *args)`: runs `func(...args)` in a thread of the loop's default
 * executor (`run_in_executor(None, …)`: a real thread, so `func` must be able to cross to it: a
 * module-level function) and returns its result. CPython also copies the contextvars context;
 * there are no contextvars here.
 */
export function to_thread(func: Callback, ...args: unknown[]): Coroutine {
  if (typeof func !== 'function') throw new TypeError(`'${pyTypeName(func)}' object is not callable`);
  return coro(toThreadGen, 'to_thread', [func, args]);
}

function* toThreadGen(this: unknown, func: Callback, args: unknown[]): CoroGen {
  const loop = get_running_loop();
  return yield* loop.run_in_executor(null, func, ...args).__await__();
}

// ---------------------------------------------------------------------------------------------
// run

function cancelAllTasks(loop: BaseEventLoop): void {
  const toCancel = loop._allTasks();
  if (toCancel.length === 0) return;
  for (const t of toCancel) t.cancel();
  loop.run_until_complete(gatherList(toCancel, true));
  for (const t of toCancel) {
    if (t.cancelled()) continue;
    const exc = t.exception();
    if (exc !== null) {
      loop.call_exception_handler({ message: 'unhandled exception during asyncio.run() shutdown', exception: exc, task: t });
    }
  }
}

/** `asyncio.run(main)`: a new loop, run main to completion, cancel leftovers, close. */
export function run(main: unknown, _opts?: { debug?: boolean }): unknown {
  if (rt.runningLoop !== null) throw new RuntimeError('asyncio.run() cannot be called from a running event loop');
  if (!(main instanceof Coroutine)) throw new ValueError(`a coroutine was expected, got ${pyRepr(main)}`);
  const loop = new_event_loop();
  set_event_loop(loop);
  let aborted = false;
  try {
    const task = loop.create_task(main);
    return loop.run_until_complete(task);
  } catch (e) {
    aborted = e instanceof RunAborted;
    throw e;
  } finally {
    if (!aborted) {
      try {
        cancelAllTasks(loop);
        loop.run_until_complete(loop.shutdown_asyncgens());
        loop.run_until_complete(loop.shutdown_default_executor());
      } finally {
        set_event_loop(null);
        loop.close();
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// run_coroutine_threadsafe (same-thread version; the threading runtime swaps in its own)

/** The small subset of `concurrent.futures.Future` that the same-thread version returns. */
export class LocalConcurrentFuture {
  private _state: 'PENDING' | 'RUNNING' | 'CANCELLED' | 'FINISHED' = 'PENDING';
  private _result: unknown = undefined;
  private _exception: unknown = null;
  private _callbacks: ((f: LocalConcurrentFuture) => void)[] = [];

  done(): boolean {
    return this._state === 'CANCELLED' || this._state === 'FINISHED';
  }

  cancelled(): boolean {
    return this._state === 'CANCELLED';
  }

  running(): boolean {
    return this._state === 'RUNNING';
  }

  cancel(): boolean {
    if (this._state === 'RUNNING' || this._state === 'FINISHED') return false;
    if (this._state === 'CANCELLED') return true;
    this._state = 'CANCELLED';
    this._fire();
    return true;
  }

  set_running_or_notify_cancel(): boolean {
    if (this._state === 'CANCELLED') return false;
    this._state = 'RUNNING';
    return true;
  }

  set_result(v: unknown): void {
    this._result = v;
    this._state = 'FINISHED';
    this._fire();
  }

  set_exception(e: unknown): void {
    this._exception = e;
    this._state = 'FINISHED';
    this._fire();
  }

  private _check(): void {
    if (this._state === 'CANCELLED') throw new CancelledError();
    if (!this.done()) {
      // Same thread: nothing could complete it while this call blocks.
      throw new RuntimeError('result() would block forever: the event loop runs in this same thread');
    }
  }

  result(_timeout?: number | null): unknown {
    this._check();
    if (this._exception !== null) throw this._exception;
    return this._result;
  }

  exception(_timeout?: number | null): unknown {
    this._check();
    return this._exception;
  }

  add_done_callback(fn: (f: LocalConcurrentFuture) => void): void {
    if (this.done()) fn(this);
    else this._callbacks.push(fn);
  }

  private _fire(): void {
    const cbs = this._callbacks;
    this._callbacks = [];
    for (const cb of cbs) cb(this);
  }
}

function localRunCoroutineThreadsafe(c: unknown, loop: BaseEventLoop): LocalConcurrentFuture {
  if (!(c instanceof Coroutine)) throw new TypeError('A coroutine object is required');
  const future = new LocalConcurrentFuture();
  const start = (): void => {
    try {
      const task = ensureFuture(c, loop);
      future.add_done_callback((f) => {
        if (f.cancelled()) loop.call_soon_threadsafe(() => task.cancel());
      });
      task.add_done_callback((t: Future) => {
        if (future.cancelled()) return;
        if (t.cancelled()) {
          future.cancel();
          return;
        }
        if (!future.set_running_or_notify_cancel()) return;
        const exc = t.exception();
        if (exc !== null) future.set_exception(exc);
        else future.set_result(t.result());
      });
    } catch (e) {
      if (future.set_running_or_notify_cancel()) future.set_exception(e);
      throw e;
    }
  };
  loop.call_soon_threadsafe(start);
  return future;
}

type RunCoroutineThreadsafe = (c: unknown, loop: BaseEventLoop) => unknown;
let runCoroutineThreadsafeImpl: RunCoroutineThreadsafe = localRunCoroutineThreadsafe;

/** The threading runtime installs the cross-thread version (returning a concurrent Future). */
export function setRunCoroutineThreadsafe(fn: RunCoroutineThreadsafe | null): void {
  runCoroutineThreadsafeImpl = fn ?? localRunCoroutineThreadsafe;
}

export function run_coroutine_threadsafe(c: unknown, loop: BaseEventLoop): unknown {
  return runCoroutineThreadsafeImpl(c, loop);
}
