/**
 * The heart of asyncio: per-thread state, `Handle`/`TimerHandle`, `Future`, `Task` and the event
 * loop, following CPython 3.12's `base_events.py`, `futures.py` and `tasks.py` (the pure-Python
 * versions, whose scheduling order the C accelerators reproduce exactly).
 *
 * They live in one module because they are mutually recursive (a Task is a Future that schedules
 * its steps on a loop; the loop creates Tasks) and ES module cycles between class definitions are
 * fragile. Coroutines (coroutine.ts) sit below them and know a Future only by its `__await__`.
 */
import { TASK_CANCELLED, TASK_DONE, TASK_FAILED, TASK_READY, TASK_RUNNING, TASK_WAITING, host, type InboxItem, type LoopChannel, type ReadyTaskStep } from '../host';
import { CancelledError, InvalidStateError, RunAborted, RuntimeError, ValueError } from '../errors';
import { Deque } from './deque';
import { Coroutine, GenCoroutine, coro, lastAwait } from './coroutine';
import { pyRepr } from '../../lib/pyrepr';
import { callableName } from './repr';
import { SLOW_CALLBACK_DURATION, debugHooks, debugOn, originLine, reportNeverAwaited, resetDebug, say, setRunningLoopGetter, stackLine, untrack } from './debug';

/** Any callable a program passes (`call_soon(hello, 'Tom')`). */
export type Callback = (...args: never[]) => unknown;
type Invoke = (...args: unknown[]) => unknown;

const EMPTY: readonly unknown[] = [];
/** "No exception" for a Task step (any JS value, even undefined, can be thrown). */
const NO_EXC: unique symbol = Symbol('no exception');

// ---------------------------------------------------------------------------------------------
// Per-thread state (each worker has its own module instance; resetAsyncioForThread renews it)

/** What `loop.call_exception_handler` receives (CPython's context dict). */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: Future;
  task?: Task;
  handle?: Handle;
}

export type UnhandledReporter = (ctx: ExceptionContext, formatted: string) => void;

/** Something like `concurrent.futures.Future`, as an executor's `submit` returns. */
export interface ConcurrentFutureLike {
  add_done_callback(fn: (f: ConcurrentFutureLike) => void): void;
  result(timeout?: number | null): unknown;
  exception(timeout?: number | null): unknown;
  done?(): boolean;
  cancelled?(): boolean;
  cancel?(): boolean;
}

export interface ExecutorLike {
  submit(fn: Callback, ...args: unknown[]): ConcurrentFutureLike;
  shutdown?(wait?: boolean): void;
}

function defaultCrossing(_loop: BaseEventLoop, cb: Callback, args: unknown[]): InboxItem {
  return { fn: cb as unknown as InboxItem['fn'], args, from: host.tid() };
}

const defaultReporter: UnhandledReporter = (_ctx, formatted) => {
  console.error(formatted);
};

export const rt = {
  /** `events._get_running_loop()`. */
  runningLoop: null as BaseEventLoop | null,
  /** The policy's per-thread loop (`set_event_loop`). */
  currentLoop: null as BaseEventLoop | null,
  /** `_local._set_called`: once set_event_loop ran, get_event_loop no longer creates loops. */
  setCalled: false,
  isMainThread: true,
  threadName: 'MainThread',
  /** CPython's `_task_name_counter` (only unnamed tasks consume a number). */
  taskNameCounter: 0,
  /** Task ids for tracing. */
  taskIds: 0,
  /** Per-thread, per-kind counters for the names the timeline shows (`asyncio.Lock#1`). */
  objIds: new Map<string, number>(),
  tracing: true,
  reporter: defaultReporter,
  executorFactory: null as (() => ExecutorLike) | null,
  /**
   * What `call_soon_threadsafe` posts for a loop this thread is not running (the threading
   * runtime names loop methods so that `loop.stop` crosses; see asyncio-bridge.ts).
   */
  crossing: defaultCrossing as (loop: BaseEventLoop, cb: Callback, args: unknown[]) => InboxItem,
  /** Loops of this thread that may hold unretrieved exceptions (reported at close / exit). */
  loops: new Set<BaseEventLoop>(),
};

/** Tasks and handles said to be slow already, in debug mode (each is said once). */
let slowSaid = new WeakSet<object>();

export function resetState(opts: { isMainThread?: boolean; threadName?: string } = {}): void {
  rt.runningLoop = null;
  rt.currentLoop = null;
  rt.setCalled = false;
  rt.isMainThread = opts.isMainThread ?? true;
  rt.threadName = opts.threadName ?? (rt.isMainThread ? 'MainThread' : 'Thread');
  rt.taskNameCounter = 0;
  rt.taskIds = 0;
  rt.objIds = new Map();
  rt.loops = new Set();
  slowSaid = new WeakSet();
  resetDebug();
}

setRunningLoopGetter(() => rt.runningLoop);

export function nextObjName(kind: string): string {
  const n = (rt.objIds.get(kind) ?? 0) + 1;
  rt.objIds.set(kind, n);
  return `asyncio.${kind}#${n}`;
}

/** Formats a context as CPython's default exception handler logs it (without the traceback). */
export function formatContext(ctx: ExceptionContext): string {
  const lines = [ctx.message];
  if (ctx.future !== undefined) lines.push(`future: ${ctx.future.__repr__()}`);
  // CPython logs the other context keys sorted by name.
  if (ctx.handle !== undefined) lines.push(`handle: ${ctx.handle.__repr__()}`);
  if (ctx.task !== undefined) lines.push(`task: ${ctx.task.__repr__()}`);
  const e = ctx.exception;
  if (e !== undefined) {
    lines.push('Traceback (most recent call last):');
    if (e instanceof Error) lines.push(e.message === '' ? e.name : `${e.name}: ${e.message}`);
    else lines.push(`Exception: ${pyRepr(e)}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Handles

/** Handle kinds: a plain callback, a Task step (`Task.__step`), a Task wake-up (`task_wakeup`). */
const K_CALLBACK = 0;
const K_STEP = 1;
const K_WAKEUP = 2;
/** A callback with exactly one argument kept in `_arg` (done callbacks: no args array). */
const K_CALL1 = 3;

/**
 * `asyncio.Handle`: a callback scheduled by call_soon. Task steps and wake-ups are Handles of their
 * own kinds holding the task, rather than bound closures: one object per scheduled step, nothing
 * else allocated (CPython allocates a Handle per step too).
 */
export class Handle {
  // Fields are declared and set in the constructor (no initializers): see Coroutine.
  /** @internal */ declare _callback: Invoke | null;
  /** @internal */ declare _args: readonly unknown[] | null;
  /** @internal */ declare _cancelled: boolean;
  /** @internal */ declare _loop: BaseEventLoop;
  /** @internal */ declare _kind: number;
  /** @internal */ declare _task: Task | null;
  /** @internal The exception to throw in (K_STEP) or the future that woke the task (K_WAKEUP). */
  declare _arg: unknown;

  constructor(callback: Callback | null, args: readonly unknown[], loop: BaseEventLoop, kind = K_CALLBACK, task: Task | null = null, arg: unknown = undefined) {
    this._callback = callback as unknown as Invoke | null;
    this._args = args;
    this._cancelled = false;
    this._loop = loop;
    this._kind = kind;
    this._task = task;
    this._arg = arg;
  }

  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      // As CPython (outside debug mode, which would keep the repr): drop references so a
      // cancelled handle keeps nothing alive; its repr no longer names the callback.
      this._callback = null;
      this._args = null;
      this._task = null;
      this._arg = undefined;
    }
  }

  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Runs the callback; errors go to the loop's exception handler (CPython Handle._run). */
  _run(): void {
    try {
      const k = this._kind;
      if (k === K_CALL1) {
        const cb = this._callback;
        if (cb !== null) cb(this._arg);
        return;
      }
      if (k !== K_CALLBACK) {
        const t = this._task;
        if (t === null) return;
        if (k === K_STEP) t._step(this._arg);
        else t._wakeup(this._arg as Future);
        return;
      }
      const cb = this._callback;
      const args = this._args;
      if (cb === null || args === null) return;
      if (args.length === 0) cb();
      else if (args.length === 1) cb(args[0]);
      else cb(...args);
    } catch (e) {
      if (e instanceof RunAborted) throw e;
      this._loop.call_exception_handler({ message: `Exception in callback ${this._fmt()}`, exception: e, handle: this });
    }
  }

  protected _fmt(): string {
    if (this._kind === K_STEP) return `Task.__step(${this._arg === NO_EXC ? '' : pyRepr(this._arg)})`;
    if (this._kind === K_WAKEUP) return `Task.task_wakeup(${pyRepr(this._arg)})`;
    if (this._kind === K_CALL1) return `${callableName(this._callback)}(${pyRepr(this._arg)})`;
    const cb = this._callback;
    const args = this._args ?? EMPTY;
    return `${callableName(cb)}(${args.map((a) => pyRepr(a)).join(', ')})`;
  }

  __repr__(): string {
    return this._cancelled ? '<Handle cancelled>' : `<Handle ${this._fmt()}>`;
  }
}

/** `asyncio.TimerHandle`: ordered in the loop's heap by (when, insertion order). */
export class TimerHandle extends Handle {
  /** @internal */ declare _when: number;
  /** @internal */ declare _seq: number;
  /** @internal */ declare _scheduled: boolean;

  constructor(when: number, seq: number, callback: Callback, args: readonly unknown[], loop: BaseEventLoop) {
    super(callback, args, loop);
    this._when = when;
    this._seq = seq;
    this._scheduled = false;
  }

  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }

  override __repr__(): string {
    return this._cancelled ? `<TimerHandle cancelled when=${this._when}>` : `<TimerHandle when=${this._when} ${this._fmt()}>`;
  }
}

/** A binary min-heap of timers by (when, seq): CPython's `heapq` on `_scheduled`, made stable. */
class TimerHeap {
  items: TimerHandle[] = [];

  get length(): number {
    return this.items.length;
  }

  peek(): TimerHandle | undefined {
    return this.items[0];
  }

  private static less(a: TimerHandle, b: TimerHandle): boolean {
    return a._when < b._when || (a._when === b._when && a._seq < b._seq);
  }

  push(h: TimerHandle): void {
    const a = this.items;
    let i = a.length;
    a.push(h);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ph = a[p] as TimerHandle;
      if (!TimerHeap.less(h, ph)) break;
      a[i] = ph;
      i = p;
    }
    a[i] = h;
  }

  pop(): TimerHandle | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ch = a[l] as TimerHandle;
      if (r < n) {
        const rh = a[r] as TimerHandle;
        if (TimerHeap.less(rh, ch)) {
          c = r;
          ch = rh;
        }
      }
      if (!TimerHeap.less(ch, last)) break;
      a[i] = ch;
      i = c;
    }
    a[i] = last;
    return top;
  }

  /** Drops cancelled timers and re-heapifies (CPython's cleanup when most timers are cancelled). */
  rebuild(): void {
    const keep = this.items.filter((h) => {
      if (h._cancelled) h._scheduled = false;
      return !h._cancelled;
    });
    this.items = [];
    for (const h of keep) this.push(h);
  }

  clear(): void {
    this.items = [];
  }
}

// ---------------------------------------------------------------------------------------------
// Future

const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;
const STATE_NAMES = ['PENDING', 'CANCELLED', 'FINISHED'] as const;

/** `asyncio.Future`. Done callbacks are scheduled with call_soon, the future as their argument. */
export class Future {
  // Fields are declared and set in the constructor (no initializers): see Coroutine.
  /** @internal */ declare _state: number;
  /** @internal */ declare _result: unknown;
  /** @internal */ declare _exception: unknown;
  /** @internal */ declare _hasException: boolean;
  /** @internal */ declare _loop: BaseEventLoop;
  /**
   * @internal Done callbacks, in order: the first in `_cb0`, more in `_callbacks` (most futures
   * have one, the task awaiting them: no array then). A Task entry means "wake that task up" (no
   * closure per await).
   */
  declare _cb0: Callback | Task | null;
  /** @internal */ declare _callbacks: (Callback | Task)[] | null;
  /** @internal */ declare _cancelMessage: unknown;
  /** @internal */ declare _cancelledExc: CancelledError | null;
  /** Set by `__await__` right before yielding itself (CPython's protocol with Task.__step). */
  declare _asyncio_future_blocking: boolean;
  /** @internal */ declare _log_traceback: boolean;
  /** @internal gather's duplicate detection (a stamp per gather call instead of a Map). */
  declare _gstamp: number;
  /** @internal What a task awaiting it is waiting for (timeline); a number: `sleep <n>`. */
  declare _what: string | number | null;

  constructor(loop?: BaseEventLoop | { loop?: BaseEventLoop }) {
    const l = loop instanceof BaseEventLoop ? loop : loop?.loop;
    this._state = PENDING;
    this._result = undefined;
    this._exception = undefined;
    this._hasException = false;
    this._loop = l ?? get_event_loop();
    this._cb0 = null;
    this._callbacks = null;
    this._cancelMessage = undefined;
    this._cancelledExc = null;
    this._asyncio_future_blocking = false;
    this._log_traceback = false;
    this._gstamp = 0;
    this._what = null;
  }

  get_loop(): BaseEventLoop {
    return this._loop;
  }

  done(): boolean {
    return this._state !== PENDING;
  }

  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /** @internal CPython's `Future.cancel` (Task overrides `cancel` but still uses this). */
  _cancelFuture(msg?: unknown): boolean {
    this._markRetrieved();
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  cancel(msg?: unknown): boolean {
    return this._cancelFuture(msg);
  }

  /** @internal */
  _makeCancelledError(): CancelledError {
    if (this._cancelledExc !== null) {
      const e = this._cancelledExc;
      this._cancelledExc = null;
      return e;
    }
    const m = this._cancelMessage;
    return new CancelledError(m === undefined || m === null ? '' : String(m));
  }

  /** @internal */
  _markRetrieved(): void {
    if (this._log_traceback) {
      this._log_traceback = false;
      this._loop._unretrieved.delete(this);
    }
  }

  result(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError('Result is not ready.');
    this._markRetrieved();
    if (this._hasException) throw this._exception;
    return this._result;
  }

  exception(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError('Exception is not set.');
    this._markRetrieved();
    return this._hasException ? this._exception : null;
  }

  add_done_callback(fn: Callback): void {
    if (typeof fn !== 'function') throw new TypeError(`a callable object was expected, got ${pyRepr(fn)}`);
    this._addCallback(fn);
  }

  /** @internal A function, or a Task to wake up. */
  _addCallback(fn: Callback | Task): void {
    if (this._state !== PENDING) {
      if (fn instanceof Task) this._loop._callWakeup(fn, this);
      else this._loop._ready.push(new Handle(fn, EMPTY, this._loop, K_CALL1, null, this));
    } else if (this._cb0 === null) {
      this._cb0 = fn;
    } else if (this._callbacks === null) {
      this._callbacks = [fn];
    } else {
      this._callbacks.push(fn);
    }
  }

  /** @internal The done callbacks in order. */
  _allCallbacks(): (Callback | Task)[] {
    if (this._cb0 === null) return [];
    return this._callbacks === null ? [this._cb0] : [this._cb0, ...this._callbacks];
  }

  /** Removes every registration of `fn`; returns how many were removed. */
  remove_done_callback(fn: Callback): number {
    if (this._cb0 === null) return 0;
    if (this._callbacks === null) {
      if (this._cb0 !== fn) return 0;
      this._cb0 = null;
      return 1;
    }
    const cbs = this._allCallbacks();
    const kept = cbs.filter((c) => c !== fn);
    const n = cbs.length - kept.length;
    if (n > 0) {
      this._cb0 = kept.length > 0 ? (kept[0] as Callback | Task) : null;
      this._callbacks = kept.length > 1 ? kept.slice(1) : null;
    }
    return n;
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const cb0 = this._cb0;
    if (cb0 === null) return;
    this._cb0 = null;
    this._scheduleOne(cb0);
    const cbs = this._callbacks;
    if (cbs === null) return;
    this._callbacks = null;
    for (let i = 0; i < cbs.length; i++) this._scheduleOne(cbs[i] as Callback | Task);
  }

  private _scheduleOne(cb: Callback | Task): void {
    const loop = this._loop;
    if (cb instanceof Task) {
      if (cb._traced) host.traceTaskState(cb._id, TASK_READY, '');
      loop._callWakeup(cb, this);
    } else {
      loop._ready.push(new Handle(cb, EMPTY, loop, K_CALL1, null, this));
    }
  }

  /** @internal */
  _setResult(result: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${STATE_NAMES[this._state] ?? ''}: ${this.__repr__()}`);
    this._result = result;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /** @internal */
  _setException(exc: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${STATE_NAMES[this._state] ?? ''}: ${this.__repr__()}`);
    let e = exc;
    if (typeof e === 'function') e = Reflect.construct(e, []);
    this._exception = e;
    this._hasException = true;
    this._state = FINISHED;
    this._scheduleCallbacks();
    this._log_traceback = true;
    this._loop._unretrieved.add(this);
  }

  set_result(result: unknown): void {
    this._setResult(result);
  }

  set_exception(exc: unknown): void {
    this._setException(exc);
  }

  /** `yield from future` / `await future`: yields the future once if it is pending, then its result. */
  __await__(): FutureIter {
    return new FutureIter(this);
  }

  __iter__(): FutureIter {
    return new FutureIter(this);
  }

  /** @internal What the timeline says a task awaiting this waits for. */
  _traceWhat(): string {
    const w = this._what;
    if (typeof w === 'string') return w;
    if (typeof w === 'number') return `sleep ${w}`;
    return 'Future';
  }

  protected _reprInfo(): string[] {
    const info = [(STATE_NAMES[this._state] ?? 'PENDING').toLowerCase()];
    if (this._state === FINISHED) {
      if (this._hasException) info.push(`exception=${pyRepr(this._exception)}`);
      else info.push(`result=${shortRepr(this._result)}`);
    }
    const cbs = this._allCallbacks();
    if (cbs.length > 0) {
      info.push(`cb=[${cbs.map((c) => (c instanceof Task ? 'Task.task_wakeup()' : callableName(c) + '()')).join(', ')}]`);
    }
    return info;
  }

  __repr__(): string {
    return `<${this.constructor.name} ${this._reprInfo().join(' ')}>`;
  }

  toString(): string {
    return this.__repr__();
  }
}

/**
 * What `Future.__await__` returns: CPython's generator (`if not done: yield self; return result`)
 * as a small iterator object, the one `yield*` step every await of a future goes through (a
 * generator object and its frame per await cost a third more, and more garbage). It is its own
 * IteratorResult too (`done`/`value`): whoever gets a result reads it at once, so nothing else
 * is allocated per await.
 */
export class FutureIter implements Generator<unknown, unknown, unknown> {
  declare private _yielded: boolean;
  declare private readonly _fut: Future;
  declare done: boolean;
  declare value: unknown;

  constructor(fut: Future) {
    this._fut = fut;
    this._yielded = false;
    this.done = false;
    this.value = undefined;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown, unknown> {
    const f = this._fut;
    if (f._state === PENDING) {
      if (this._yielded) throw new RuntimeError("await wasn't used with future");
      this._yielded = true;
      f._asyncio_future_blocking = true;
      this.value = f;
      return this;
    }
    this._yielded = true;
    this.done = true;
    this.value = f.result();
    return this;
  }

  /** Thrown in at the `yield self` (a cancelled awaiting task): it propagates. */
  throw(e: unknown): IteratorResult<unknown, unknown> {
    this._yielded = true;
    throw e;
  }

  return(value: unknown): IteratorResult<unknown, unknown> {
    this._yielded = true;
    return { done: true, value };
  }
}

function shortRepr(v: unknown): string {
  const s = pyRepr(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `futures._set_result_unless_cancelled`, sleep's timer callback. */
export function setResultUnlessCancelled(fut: Future, result: unknown): void {
  if (fut._state === PENDING) fut._setResult(result);
}

// ---------------------------------------------------------------------------------------------
// Task


/** `asyncio.Task`: drives a coroutine one step per callback, as CPython's `Task.__step`. */
export class Task extends Future {
  /** @internal */ declare _coro: Coroutine;
  /** @internal A number n stands for `Task-n` (the string is made when someone asks). */
  declare _name: string | number;
  /** @internal Trace id. */ declare _id: number;
  /** @internal */ declare _mustCancel: boolean;
  /** @internal */ declare _futWaiter: Future | null;
  /** @internal */ declare _numCancelsRequested: number;
  /**
   * @internal A task is its own ready-queue entry for its next step or wake-up (it has at most one
   * pending at a time), which saves a Handle per step. 0: none, K_STEP or K_WAKEUP.
   */
  declare _pendingKind: number;
  /** @internal */ declare _pendingArg: unknown;
  /** @internal The loop's list of unfinished tasks (all_tasks), without hashing. */
  declare _prevTask: Task | null;
  /** @internal */ declare _nextTask: Task | null;
  /** @internal Its states go to the timeline (tracing on, and it got a lane). */
  declare _traced: boolean;
  /** @internal Step mode: the program await it is suspended in, and a stack of where (coroutine.ts lastAwait). */
  declare _awaited: unknown;
  /** @internal */ declare _awaitedAt: Error | null;

  constructor(coro: Coroutine, loop?: BaseEventLoop | { loop?: BaseEventLoop; name?: unknown }, name?: unknown) {
    const opts = loop instanceof BaseEventLoop || loop === undefined ? undefined : loop;
    super(loop instanceof BaseEventLoop ? loop : opts?.loop);
    this._mustCancel = false;
    this._futWaiter = null;
    this._numCancelsRequested = 0;
    this._pendingKind = 0;
    this._pendingArg = undefined;
    this._prevTask = null;
    this._nextTask = null;
    this._traced = false;
    this._awaited = null;
    this._awaitedAt = null;
    if (!(coro instanceof Coroutine)) throw new TypeError(`a coroutine was expected, got ${pyRepr(coro)}`);
    const nm = name ?? opts?.name;
    this._name = nm === undefined || nm === null ? ++rt.taskNameCounter : String(nm);
    this._id = ++rt.taskIds;
    this._coro = coro;
    const l = this._loop;
    coro._task = this;
    if (debugOn) untrack(coro);
    l._callStep(this, NO_EXC);
    l._addTask(this);
    if (rt.tracing) {
      const parent = rt.runningLoop?._currentTask ?? null;
      this._traced = host.traceTaskCreated(this._id, parent === null ? null : parent._id, this);
    }
  }

  get_name(): string {
    const n = this._name;
    return typeof n === 'number' ? `Task-${n}` : n;
  }

  set_name(value: unknown): void {
    this._name = String(value);
  }

  get_coro(): Coroutine {
    return this._coro;
  }

  get_stack(): unknown[] {
    return [];
  }

  override set_result(_result: unknown): void {
    throw new RuntimeError('Task does not support set_result operation');
  }

  override set_exception(_exc: unknown): void {
    throw new RuntimeError('Task does not support set_exception operation');
  }

  override cancel(msg?: unknown): boolean {
    this._markRetrieved();
    if (this._state !== PENDING) return false;
    this._numCancelsRequested += 1;
    const w = this._futWaiter;
    if (w !== null && w.cancel(msg)) {
      // Leave self._fut_waiter; it may be a Task that catches and ignores the cancellation.
      return true;
    }
    // The coroutine gets CancelledError at its next step.
    this._mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  cancelling(): number {
    return this._numCancelsRequested;
  }

  uncancel(): number {
    if (this._numCancelsRequested > 0) this._numCancelsRequested -= 1;
    return this._numCancelsRequested;
  }

  /** @internal */
  _step(exc: unknown): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(`_step(): already done: ${this.__repr__()}, ${exc === NO_EXC ? 'None' : pyRepr(exc)}`);
    }
    if (this._mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this._makeCancelledError();
      this._mustCancel = false;
    }
    this._futWaiter = null;
    const loop = this._loop;
    // _enter_task / _leave_task.
    if (loop._currentTask !== null) {
      throw new RuntimeError(`Cannot enter into task ${this.__repr__()} while another task ${loop._currentTask.__repr__()} is being executed.`);
    }
    loop._currentTask = this;
    if (this._traced) host.traceTaskState(this._id, TASK_RUNNING, '');
    const noting = host.points && host.stepping;
    if (noting) lastAwait.at = lastAwait.what = null;
    try {
      this._stepRun(exc);
    } finally {
      loop._currentTask = null;
      if (noting) {
        this._awaited = lastAwait.what;
        this._awaitedAt = lastAwait.at;
      }
    }
  }

  /** @internal Step mode: where the task is, for the step controls (`await sleep(1)` at line 5). */
  _stepInfo(): ReadyTaskStep {
    const c = this._coro;
    const at = this._awaitedAt;
    const w = this._awaited;
    let what: string;
    if (!c.started) what = `start ${c._callText()}`;
    else if (at === null) what = 'resume';
    else if (w instanceof Coroutine) what = `await ${w._callText()}`;
    else if (w instanceof Future) what = `await ${w._traceWhat()}`;
    else what = 'await';
    return { name: this.get_name(), id: this._id, what, line: () => (at === null ? 0 : host.programLine(at.stack ?? '')) };
  }

  private _stepRun(exc: unknown): void {
    const coro = this._coro;
    let r: IteratorResult<unknown, unknown>;
    try {
      r = exc === NO_EXC ? coro.send(undefined) : coro.throw(exc);
    } catch (e) {
      if (e instanceof CancelledError) {
        this._cancelledExc = e;
        this._cancelFuture();
        this._finished();
      } else {
        // A stopped run unwinds through the loop; the task is left as it is (nothing to report).
        if (e instanceof RunAborted) throw e;
        this._setException(e);
        this._finished();
      }
      return;
    }
    if (r.done === true) {
      if (this._mustCancel) {
        // Task is cancelled right before the coroutine stops.
        this._mustCancel = false;
        this._cancelFuture(this._cancelMessage);
      } else {
        this._setResult(r.value);
      }
      this._finished();
      return;
    }
    const y = r.value;
    const loop = this._loop;
    if (y instanceof Future) {
      if (y._loop !== loop) {
        loop._callStep(this, new RuntimeError(`Task ${this.__repr__()} got Future ${y.__repr__()} attached to a different loop`));
      } else if (y._asyncio_future_blocking) {
        if (y === this) {
          loop._callStep(this, new RuntimeError(`Task cannot await on itself: ${this.__repr__()}`));
        } else {
          y._asyncio_future_blocking = false;
          y._addCallback(this);
          this._futWaiter = y;
          if (this._traced && y._state === PENDING) host.traceTaskState(this._id, TASK_WAITING, y._traceWhat());
          if (this._mustCancel) {
            if (y.cancel(this._cancelMessage)) this._mustCancel = false;
          }
        }
      } else {
        loop._callStep(this, new RuntimeError(`yield was used instead of yield from in task ${this.__repr__()} with ${y.__repr__()}`));
      }
    } else if (y === undefined || y === null) {
      // A bare yield gives up control for one loop iteration (asyncio.sleep(0)).
      loop._callStep(this, NO_EXC);
      if (this._traced) host.traceTaskState(this._id, TASK_READY, '');
    } else {
      loop._callStep(this, new RuntimeError(`Task got bad yield: ${pyRepr(y)}`));
    }
  }

  /** @internal Runs the pending step/wake-up (the task was itself the ready-queue entry). */
  _runPending(): void {
    const k = this._pendingKind;
    const a = this._pendingArg;
    this._pendingKind = 0;
    this._pendingArg = undefined;
    try {
      if (k === K_STEP) this._step(a);
      else if (k === K_WAKEUP) this._wakeup(a as Future);
    } catch (e) {
      if (e instanceof RunAborted) throw e;
      this._loop.call_exception_handler({ message: `Exception in callback Task.__step() of ${this.__repr__()}`, exception: e });
    }
  }

  /** @internal */
  _wakeup(future: Future): void {
    let exc: unknown = NO_EXC;
    if (future._state === FINISHED && !future._hasException) {
      // Fast path of `future.result()`.
    } else {
      try {
        future.result();
      } catch (e) {
        exc = e;
      }
    }
    this._step(exc);
  }

  private _finished(): void {
    this._loop._removeTask(this);
    if (this._traced) host.traceTaskState(this._id, this._state === CANCELLED ? TASK_CANCELLED : this._hasException ? TASK_FAILED : TASK_DONE, '');
  }

  /** @internal A task awaiting this task waits for it by name. */
  override _traceWhat(): string {
    return this.get_name();
  }

  protected override _reprInfo(): string[] {
    const info = super._reprInfo();
    if (this._mustCancel) info[0] = 'cancelling';
    info.splice(1, 0, `name=${pyRepr(this.get_name())}`, `coro=<${this._coro.name}() ${this._coro.finished ? 'done' : 'running'}>`);
    if (this._futWaiter !== null) info.splice(3, 0, `wait_for=${this._futWaiter.__repr__()}`);
    return info;
  }

  override __repr__(): string {
    return `<Task ${this._reprInfo().join(' ')}>`;
  }
}


// ---------------------------------------------------------------------------------------------
// Event loop

/** CPython: `time.get_clock_info('monotonic').resolution` on Linux. */
const CLOCK_RESOLUTION = 1e-9;
/** `_MIN_SCHEDULED_TIMER_HANDLES` and `_MIN_CANCELLED_TIMER_HANDLES_FRACTION`. */
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
/** `MAXIMUM_SELECT_TIMEOUT`: one day. */
const MAXIMUM_SELECT_TIMEOUT = 24 * 3600;
/** How often (program seconds) an idle loop checks executor futures finished in other threads. */
const EXECUTOR_POLL = 0.005;
/** Busy loop: how many iterations may pass between two polls of the doorbell. */
const POLL_EVERY = 16;
/** How many callbacks may run between two checks for a stopped run (a power of two). */
const ABORT_EVERY = 16;

type ExceptionHandler = (loop: BaseEventLoop, ctx: ExceptionContext) => void;

/**
 * CPython's `BaseEventLoop` with a doorbell (`host.newLoopChannel()`) in place of the selector:
 * the loop blocks its thread in `channel.wait(timeout)` exactly where CPython blocks in
 * `selector.select(timeout)`.
 */
export class BaseEventLoop {
  /** @internal Ready callbacks: Handles, or Tasks standing for their own pending step. */
  _ready = new Deque<Handle | Task>(64);
  /** @internal */ _scheduled = new TimerHeap();
  /** @internal */ _timerSeq = 0;
  /** @internal */ _timerCancelledCount = 0;
  /** @internal */ _pollSkips = 0;
  /** @internal */ _sinceAbortCheck = 0;
  /** @internal call_soon_threadsafe markers in `_ready`, and posts drained ahead of them (runPosted). */
  _markers = 0;
  /** @internal */ _backlog = new Deque<InboxItem>();
  /** @internal */ _stopping = false;
  /** @internal */ _closed = false;
  /** @internal */ _running = false;
  /** @internal */ _currentTask: Task | null = null;
  /** @internal Unfinished tasks (`all_tasks`), a doubly linked list through the tasks. */
  _taskHead: Task | null = null;
  /** @internal Futures whose exception nobody retrieved (CPython logs them at GC). */
  _unretrieved = new Set<Future>();
  /** @internal */ _exceptionHandler: ExceptionHandler | null = null;
  /** @internal */ _defaultExecutor: ExecutorLike | null = null;
  /** @internal Executor futures completed in other threads, noticed by polling (wrapFuture). */
  _polled: { src: ConcurrentFutureLike; dest: Future }[] = [];
  /** The doorbell other threads ring (call_soon_threadsafe posts through it). */
  readonly channel: LoopChannel;
  /** For the codec and the timeline. */
  readonly name: string;

  constructor(channel?: LoopChannel) {
    this.channel = channel ?? host.newLoopChannel();
    this.name = nextObjName('EventLoop');
    rt.loops.add(this);
  }

  time(): number {
    return host.monotonic();
  }

  is_running(): boolean {
    return this._running;
  }

  is_closed(): boolean {
    return this._closed;
  }

  get_debug(): boolean {
    return false;
  }

  set_debug(_enabled: boolean): void {}

  private _checkClosed(): void {
    if (this._closed) throw new RuntimeError('Event loop is closed');
  }

  private _checkRunning(): void {
    if (this._running) throw new RuntimeError('This event loop is already running');
    if (rt.runningLoop !== null) throw new RuntimeError('Cannot run the event loop while another loop is running');
  }

  // -- scheduling ------------------------------------------------------------------------------

  /** @internal */
  _callSoon(cb: Callback, args: readonly unknown[]): Handle {
    const h = new Handle(cb, args, this);
    this._ready.push(h);
    return h;
  }

  /** @internal Schedules `task.__step(exc)`. */
  _callStep(task: Task, exc: unknown): void {
    if (task._pendingKind === 0) {
      task._pendingKind = K_STEP;
      task._pendingArg = exc;
      this._ready.push(task);
    } else {
      this._ready.push(new Handle(null, EMPTY, this, K_STEP, task, exc));
    }
  }

  /** @internal Schedules `task.task_wakeup(fut)`. */
  _callWakeup(task: Task, fut: Future): void {
    if (task._pendingKind === 0) {
      task._pendingKind = K_WAKEUP;
      task._pendingArg = fut;
      this._ready.push(task);
    } else {
      this._ready.push(new Handle(null, EMPTY, this, K_WAKEUP, task, fut));
    }
  }

  /** @internal */
  _addTask(t: Task): void {
    const h = this._taskHead;
    t._nextTask = h;
    if (h !== null) h._prevTask = t;
    this._taskHead = t;
  }

  /** @internal */
  _removeTask(t: Task): void {
    const p = t._prevTask;
    const n = t._nextTask;
    if (p !== null) p._nextTask = n;
    else if (this._taskHead === t) this._taskHead = n;
    if (n !== null) n._prevTask = p;
    t._prevTask = null;
    t._nextTask = null;
  }

  /** @internal Unfinished tasks, oldest first. */
  _allTasks(): Task[] {
    const out: Task[] = [];
    for (let t = this._taskHead; t !== null; t = t._nextTask) out.push(t);
    return out.reverse();
  }

  call_soon(callback: Callback, ...args: unknown[]): Handle {
    this._checkClosed();
    checkCallable(callback, 'call_soon');
    return this._callSoon(callback, args);
  }

  call_later(delay: number, callback: Callback, ...args: unknown[]): TimerHandle {
    if (delay === null || delay === undefined) throw new TypeError('delay must not be None');
    return this._callAt(this.time() + delay, callback, args);
  }

  call_at(when: number, callback: Callback, ...args: unknown[]): TimerHandle {
    if (when === null || when === undefined) throw new TypeError('when cannot be None');
    return this._callAt(when, callback, args);
  }

  /** @internal */
  _callAt(when: number, callback: Callback, args: readonly unknown[]): TimerHandle {
    this._checkClosed();
    checkCallable(callback, 'call_at');
    const h = new TimerHandle(when, this._timerSeq++, callback, args, this);
    this._scheduled.push(h);
    h._scheduled = true;
    return h;
  }

  /** @internal */
  _timerHandleCancelled(h: TimerHandle): void {
    if (h._scheduled) this._timerCancelledCount++;
  }

  /**
   * CPython appends to the one `_ready` deque whichever thread calls it. Here each thread has its
   * own copy of a loop that crosses threads, and only the thread running it reads its `_ready`:
   * - running in this thread: call_soon and ring the doorbell (a callback may be blocking it);
   * - otherwise the callback is posted through the doorbell, for whichever thread runs the loop.
   *   Should that be this thread later, a marker in `_ready` runs what was posted at the place
   *   of the call, so `call_soon_threadsafe(a); call_soon(b)` runs a then b (one FIFO).
   */
  call_soon_threadsafe(callback: Callback, ...args: unknown[]): Handle {
    this._checkClosed();
    checkCallable(callback, 'call_soon_threadsafe');
    if (this._running) {
      const h = this._callSoon(callback, args);
      this.channel.ring();
      return h;
    }
    this.channel.post(rt.crossing(this, callback, args));
    const ready = this._ready;
    const last = ready.at(ready.length - 1);
    // One marker stands for a run of posts (a thread posting a million callbacks to a loop that
    // another thread runs keeps one marker here, not a million).
    if (last instanceof Handle && last._callback === (runPosted as unknown as Invoke)) {
      (last._args?.[1] as PostMarker).own++;
    } else {
      this._markers++;
      this._callSoon(runPosted as Callback, [this, { own: 1 }]);
    }
    return new Handle(callback, args, this);
  }

  create_future(): Future {
    return new Future(this);
  }

  create_task(coro: Coroutine, opts?: { name?: unknown }): Task {
    this._checkClosed();
    return new Task(coro, this, opts?.name);
  }

  // -- running ---------------------------------------------------------------------------------

  run_forever(): void {
    this._checkClosed();
    this._checkRunning();
    this._running = true;
    rt.runningLoop = this;
    // Markers left by call_soon_threadsafe (runPosted) run in the first batch, before a poll.
    this._pollSkips = 0;
    try {
      for (;;) {
        this._runOnce();
        if (this._stopping) break;
      }
    } finally {
      this._stopping = false;
      this._running = false;
      rt.runningLoop = null;
    }
  }

  run_until_complete(future: unknown): unknown {
    this._checkClosed();
    this._checkRunning();
    const newTask = !(future instanceof Future);
    const fut = ensureFuture(future, this);
    const cb = _run_until_complete_cb;
    fut.add_done_callback(cb);
    try {
      this.run_forever();
    } catch (e) {
      // The exception would otherwise be logged as "never retrieved" as well.
      if (newTask && fut.done() && !fut.cancelled()) fut.exception();
      throw e;
    } finally {
      fut.remove_done_callback(cb);
    }
    if (!fut.done()) throw new RuntimeError('Event loop stopped before Future completed.');
    return fut.result();
  }

  /** CPython: the loop finishes the current batch of ready callbacks, then run_forever returns. */
  stop(): void {
    this._stopping = true;
  }

  close(): void {
    if (this._running) throw new RuntimeError('Cannot close a running event loop');
    if (this._closed) return;
    this._closed = true;
    this._ready.clear();
    this._markers = 0;
    this._backlog.clear();
    this._scheduled.clear();
    this._timerCancelledCount = 0;
    this._polled = [];
    const ex = this._defaultExecutor;
    this._defaultExecutor = null;
    if (ex !== null && typeof ex.shutdown === 'function') ex.shutdown(false);
    this._reportDropped();
    if (debugOn) reportNeverAwaited(this);
    rt.loops.delete(this);
  }

  /**
   * @internal What CPython logs when the loop's futures are freed, which the playground takes to
   * be when the loop closes or its thread ends: "Task exception was never retrieved" (always, as
   * CPython; a warning in debug mode, else on stderr) and, in debug mode, "Task was destroyed but
   * it is pending!". A handler set with set_exception_handler gets them as in CPython.
   */
  _reportDropped(): void {
    const list = [...this._unretrieved];
    this._unretrieved.clear();
    for (const f of list) {
      if (!f._log_traceback) continue;
      f._log_traceback = false;
      const message = `${f instanceof Task ? 'Task' : 'Future'} exception was never retrieved`;
      if (debugOn && this._exceptionHandler === null) {
        const made = f instanceof Task ? originLine(f._coro._origin) : 0;
        say(message, made === 0 ? stackLine(f._exception) : made, `future: ${f.__repr__()}`);
      } else {
        this.call_exception_handler({ message, exception: f._exception, future: f });
      }
    }
    if (!debugOn) return;
    for (const t of this._allTasks()) {
      if (t._state !== PENDING) continue;
      const message = 'Task was destroyed but it is pending!';
      if (this._exceptionHandler !== null) this.call_exception_handler({ message, task: t });
      else say(message, originLine(t._coro._origin), `task: ${t.__repr__()}`);
    }
  }

  /** CPython's `_run_once`: one iteration of the loop. */
  private _runOnce(): void {
    const sched = this._scheduled;
    if (sched.length > MIN_SCHEDULED_TIMER_HANDLES && this._timerCancelledCount / sched.length > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
      sched.rebuild();
      this._timerCancelledCount = 0;
    } else {
      let top = sched.peek();
      while (top !== undefined && top._cancelled) {
        this._timerCancelledCount--;
        sched.pop();
        top._scheduled = false;
        top = sched.peek();
      }
    }

    if (this._polled.length > 0) this._pollExecutors();

    const ready = this._ready;
    let timeout: number | null = null;
    if (ready.length > 0 || this._stopping) {
      timeout = 0;
    } else {
      const top = sched.peek();
      if (top !== undefined) timeout = Math.min(Math.max(0, top._when - this.time()), MAXIMUM_SELECT_TIMEOUT);
      if (this._polled.length > 0) timeout = Math.min(timeout ?? EXECUTOR_POLL, EXECUTOR_POLL);
    }

    // The "select": block until the doorbell rings or the first timer is due. When callbacks are
    // ready (timeout 0) the doorbell is only polled every POLL_EVERY iterations: a poll costs
    // about as much as a whole task step, and another thread's post cannot tell the difference
    // from being a few microseconds later.
    if (timeout !== 0 || ++this._pollSkips >= POLL_EVERY) {
      this._pollSkips = 0;
      const ch = this.channel;
      if (ch.wait(timeout)) {
        const items = ch.drain();
        for (let i = 0; i < items.length; i++) {
          const it = items[i];
          if (it !== undefined) this._callSoon(it.fn, it.args);
        }
      }
    }

    // Handle 'later' callbacks that are ready.
    if (sched.length > 0) {
      const endTime = this.time() + CLOCK_RESOLUTION;
      for (let top = sched.peek(); top !== undefined; top = sched.peek()) {
        if (top._when >= endTime) break;
        sched.pop();
        top._scheduled = false;
        ready.push(top);
      }
    }

    // Run exactly the callbacks that are ready now; ones they add wait for the next iteration.
    // A stop is checked every ABORT_EVERY callbacks (two shared-memory reads, as much as a short
    // step); a hot trace logs its samples then too (tasktrace.ts).
    const ntodo = ready.length;
    for (let i = 0; i < ntodo; i++) {
      let h = ready.shift() as Handle | Task;
      // A deterministic run: a task step is a scheduling point (another thread, or in step mode
      // another ready task, may go first).
      if (host.points) {
        const t = stepOf(h);
        if (t !== null) h = this._pointBefore(h, t, ntodo - 1 - i);
      }
      if (debugOn) {
        this._runTimed(h);
      } else if (h instanceof Task) {
        h._runPending();
      } else if (!h._cancelled) {
        h._run();
      }
      if ((++this._sinceAbortCheck & (ABORT_EVERY - 1)) === 0) {
        host.checkAbort();
        host.traceTick();
      }
    }
  }

  /**
   * The scheduling point before ready entry `h` runs task `t`'s step; `rest` entries of this
   * iteration follow it. In step mode the learner may choose another ready task of the
   * iteration (the first READY_OFFERED, once each): that entry runs now and `h` goes back to the
   * head of the queue, the others keeping their order. Returns the entry to run.
   */
  private _pointBefore(h: Handle | Task, t: Task, rest: number): Handle | Task {
    if (!host.stepping) {
      host.taskPoint(1, () => t._stepInfo());
      return h;
    }
    const ready = this._ready;
    const entries: (Handle | Task)[] = [h];
    const tasks: Task[] = [t];
    for (let j = 0; j < rest && tasks.length < READY_OFFERED; j++) {
      const e = ready.at(j) as Handle | Task;
      const u = stepOf(e);
      if (u !== null && !tasks.includes(u)) {
        entries.push(e);
        tasks.push(u);
      }
    }
    const k = host.taskPoint(tasks.length, (j) => (tasks[j] as Task)._stepInfo());
    const chosen = entries[k];
    if (k === 0 || chosen === undefined) return h;
    ready.remove(chosen);
    ready.unshift(h);
    return chosen;
  }

  /**
   * @internal Debug mode: runs a ready entry and says when it took SLOW_CALLBACK_DURATION or
   * more of the thread's busy time (CPython's `_run_once` in debug mode; debug.ts DebugHooks.busy
   * says what counts). A call_soon_threadsafe marker is not timed: each callback it runs is.
   */
  _runTimed(h: Handle | Task): void {
    const hooks = debugHooks();
    if (h instanceof Task) {
      if (hooks === null) return h._runPending();
      const b0 = hooks.busy();
      h._runPending();
      const dt = hooks.busy() - b0;
      if (dt >= SLOW_CALLBACK_DURATION) reportSlow(h, dt, b0);
      return;
    }
    if (h._cancelled) return;
    if (hooks === null || h._callback === (runPosted as unknown as Invoke)) return h._run();
    const b0 = hooks.busy();
    h._run();
    const dt = hooks.busy() - b0;
    if (dt >= SLOW_CALLBACK_DURATION) reportSlow((h._kind === K_STEP || h._kind === K_WAKEUP ? h._task : null) ?? h, dt, b0);
  }

  // -- executors -------------------------------------------------------------------------------

  /** @internal Schedules the state copy of executor futures that finished in other threads. */
  private _pollExecutors(): void {
    const list = this._polled;
    let j = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (p === undefined) continue;
      if (p.dest.done()) continue;
      if (p.src.done?.() === true) {
        this._callSoon(copyConcurrentState as Callback, [p.dest, p.src]);
        continue;
      }
      list[j++] = p;
    }
    list.length = j;
  }

  set_default_executor(executor: ExecutorLike): void {
    this._defaultExecutor = executor;
  }

  run_in_executor(executor: ExecutorLike | null | undefined, func: Callback, ...args: unknown[]): Future {
    this._checkClosed();
    let ex = executor ?? this._defaultExecutor;
    if (ex === null || ex === undefined) {
      const make = rt.executorFactory;
      if (make === null) {
        throw new RuntimeError('run_in_executor(None, …) needs a default executor: the threading runtime has not installed one (setDefaultExecutorFactory)');
      }
      ex = make();
      this._defaultExecutor = ex;
    }
    return wrapFuture(ex.submit(func, ...args), this);
  }

  /** `shutdown_default_executor()`: waits for the executor's threads (blocking, as asyncio.run does). */
  shutdown_default_executor(): Coroutine {
    return coro(shutdownExecutor, 'shutdown_default_executor', [this]);
  }

  /** Async generators are not tracked by the loop (no sys.set_asyncgen_hooks): nothing to close. */
  shutdown_asyncgens(): Coroutine {
    return coro(nothing, 'shutdown_asyncgens');
  }

  // -- errors ----------------------------------------------------------------------------------

  set_exception_handler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') throw new TypeError(`A callable object or None is expected, got ${pyRepr(handler)}`);
    this._exceptionHandler = handler;
  }

  get_exception_handler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  default_exception_handler(ctx: ExceptionContext): void {
    rt.reporter(ctx, formatContext(ctx));
  }

  call_exception_handler(ctx: ExceptionContext): void {
    const h = this._exceptionHandler;
    if (h === null) {
      this.default_exception_handler(ctx);
      return;
    }
    try {
      h(this, ctx);
    } catch (e) {
      if (e instanceof RunAborted) throw e;
      this.default_exception_handler({ message: 'Unhandled error in exception handler', exception: e });
    }
  }

  __repr__(): string {
    return `<_UnixSelectorEventLoop running=${this._running ? 'True' : 'False'} closed=${this._closed ? 'True' : 'False'} debug=False>`;
  }
}

// eslint-disable-next-line require-yield
function* shutdownExecutor(this: unknown, loop: BaseEventLoop): Generator<unknown, unknown, unknown> {
  const ex = loop._defaultExecutor;
  loop._defaultExecutor = null;
  if (ex !== null && typeof ex.shutdown === 'function') ex.shutdown(true);
  return undefined;
}

// eslint-disable-next-line require-yield
function* nothing(this: unknown): Generator<unknown, unknown, unknown> {
  return undefined;
}

/** "Executing <Task …> took 0.300 seconds", at the line of the step's longest wait, else where the task was made. */
function reportSlow(what: Task | Handle, dt: number, since: number): void {
  if (slowSaid.has(what)) return;
  slowSaid.add(what);
  let line = debugHooks()?.busyLine(since) ?? 0;
  if (line === 0 && what instanceof Task) line = originLine(what._coro._origin);
  say(`Executing ${what.__repr__()} took ${dt.toFixed(3)} seconds`, line);
}

interface PostMarker {
  /** How many of this thread's posts the marker stands for. */
  own: number;
}

/** Ready tasks step mode offers at once (protocol/step.ts MAX_STEP_ALTS: the runtime's cap). */
const READY_OFFERED = 16;

/** The task whose step or wake-up a ready entry runs (null: a plain callback). */
function stepOf(h: Handle | Task): Task | null {
  if (h instanceof Task) return h;
  return !h._cancelled && (h._kind === K_STEP || h._kind === K_WAKEUP) ? h._task : null;
}

/**
 * A call_soon_threadsafe marker: runs this thread's posts it stands for (and whatever other
 * threads posted before them), in place. Markers are only added while the loop is not running
 * here, so all of them run in the first batch of the next run_forever, before any poll of the
 * doorbell; the last one schedules what is left (later posts of other threads) as the poll would.
 */
function runPosted(loop: BaseEventLoop, m: PostMarker): void {
  const backlog = loop._backlog;
  const items = loop.channel.drain();
  for (let i = 0; i < items.length; i++) backlog.push(items[i] as InboxItem);
  const me = host.tid();
  let own = m.own;
  while (own > 0) {
    const it = backlog.shift();
    if (it === undefined) break; // another thread ran the loop and took them
    if (it.from === me) own--;
    const h = new Handle(it.fn, it.args, loop);
    if (debugOn) loop._runTimed(h);
    else h._run();
  }
  if (--loop._markers === 0) {
    for (let it = backlog.shift(); it !== undefined; it = backlog.shift()) loop._callSoon(it.fn, it.args);
  }
}

function checkCallable(cb: unknown, method: string): void {
  if (typeof cb !== 'function') throw new TypeError(`a callable object was expected by ${method}(), got ${pyRepr(cb)}`);
}

function _run_until_complete_cb(fut: Future): void {
  if (!fut.cancelled()) {
    const exc = fut.exception();
    // A BaseException other than Exception (KeyboardInterrupt…) propagates out of run_forever
    // by itself; the only such one here is the run being aborted.
    if (exc instanceof RunAborted) return;
  }
  fut._loop.stop();
}

/** `asyncio.wrap_future(f, loop=None)`: an asyncio Future mirroring a concurrent one, on `loop` or the current one. */
export function wrapFuture(source: ConcurrentFutureLike, loop: BaseEventLoop = get_event_loop()): Future {
  if (source instanceof Future) return source;
  const dest = loop.create_future();
  dest.add_done_callback((d: Future) => {
    if (d.cancelled() && typeof source.cancel === 'function') source.cancel();
  });
  // CPython chains the futures with a done callback that hops back with call_soon_threadsafe.
  // Here the callback runs in the thread that completes the future, and a closure cannot cross
  // threads (docs/program-model.md); so the loop also polls `source.done()` (usable from any thread) while it
  // has such futures, and whichever notices first copies the state.
  if (typeof source.done === 'function') loop._polled.push({ src: source, dest });
  try {
    source.add_done_callback((src) => {
      if (loop.is_closed()) return;
      loop.call_soon_threadsafe(copyConcurrentState, dest, src);
    });
  } catch (e) {
    if (typeof source.done !== 'function') throw e;
  }
  return dest;
}

/** @internal */
export function copyConcurrentState(dest: Future, src: ConcurrentFutureLike): void {
  if (dest.done()) return;
  if (typeof src.cancelled === 'function' && src.cancelled()) {
    dest.cancel();
    return;
  }
  let exc: unknown;
  try {
    exc = src.exception();
  } catch (e) {
    exc = e;
  }
  if (exc !== null && exc !== undefined) dest.set_exception(exc);
  else dest.set_result(src.result());
}

/** `ensure_future(x, loop=loop)`. */
export function ensureFuture(x: unknown, loop?: BaseEventLoop | null): Future {
  if (x instanceof Future) {
    if (loop !== undefined && loop !== null && loop !== x._loop) {
      throw new ValueError('The future belongs to a different loop than the one specified as the loop argument');
    }
    return x;
  }
  let c: Coroutine;
  if (x instanceof Coroutine) {
    c = x;
  } else if (x !== null && typeof x === 'object' && typeof (x as { __await__?: unknown }).__await__ === 'function') {
    c = new GenCoroutine(undefined, [x], wrapAwaitable, undefined, '_wrap_awaitable');
  } else {
    throw new TypeError('An asyncio.Future, a coroutine or an awaitable is required');
  }
  const l = loop ?? get_event_loop();
  return l.create_task(c);
}

function* wrapAwaitable(this: unknown, aw: { __await__(): Iterator<unknown, unknown, unknown> }): Generator<unknown, unknown, unknown> {
  return yield* { [Symbol.iterator]: () => aw.__await__() };
}

// ---------------------------------------------------------------------------------------------
// Loop policy functions (they live here because Future's constructor needs get_event_loop)

export function get_running_loop(): BaseEventLoop {
  const l = rt.runningLoop;
  if (l === null) throw new RuntimeError('no running event loop');
  return l;
}

export function _get_running_loop(): BaseEventLoop | null {
  return rt.runningLoop;
}

/**
 * 3.12's `get_event_loop()`: the running loop, else this thread's loop; the main thread gets a new
 * one when none was ever set (CPython only warns there; the seed's examples rely on it).
 */
export function get_event_loop(): BaseEventLoop {
  const running = rt.runningLoop;
  if (running !== null) return running;
  if (rt.currentLoop === null && !rt.setCalled && rt.isMainThread) {
    set_event_loop(new_event_loop());
  }
  const l = rt.currentLoop;
  if (l === null) throw new RuntimeError(`There is no current event loop in thread ${pyRepr(rt.threadName)}.`);
  return l;
}

export function set_event_loop(loop: BaseEventLoop | null): void {
  rt.setCalled = true;
  if (loop !== null && !(loop instanceof BaseEventLoop)) {
    throw new TypeError(`loop must be an instance of AbstractEventLoop or None, not '${typeof loop}'`);
  }
  rt.currentLoop = loop;
}

export function new_event_loop(): BaseEventLoop {
  return new BaseEventLoop();
}

