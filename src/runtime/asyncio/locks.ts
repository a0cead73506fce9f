/**
 * asyncio's synchronization primitives after CPython 3.12's `locks.py`: Lock, Event, Condition,
 * Semaphore, BoundedSemaphore, Barrier. Waiters are futures in a FIFO deque, and wake-ups go
 * through those futures' done callbacks, so who runs next is exactly CPython's order.
 *
 * Block form (`async with lock:`): `await using _ = await lock.hold();` — `hold()` acquires and
 * resolves to a disposable whose `[Symbol.asyncDispose]()` releases.
 */
import { BrokenBarrierError, CancelledError, RuntimeError, ValueError } from '../errors';
import { Coroutine, DoneAwaitable, coro, type CoroGen } from './coroutine';
import { BaseEventLoop, Future, nextObjName, rt } from './core';
import { Deque } from './deque';
import { addressOf } from './repr';

const DONE = new DoneAwaitable(undefined);

interface Releasable {
  release(): void;
}

/** What `hold()` resolves to: disposing it releases the primitive once. */
export class Held {
  private released = false;
  constructor(private readonly owner: Releasable) {}
  [Symbol.asyncDispose](): DoneAwaitable {
    if (!this.released) {
      this.released = true;
      this.owner.release();
    }
    return DONE;
  }
  [Symbol.dispose](): void {
    void this[Symbol.asyncDispose]();
  }
}

function* holdGen(this: unknown, owner: Releasable & { acquire(): Coroutine }): CoroGen {
  yield* owner.acquire()._start();
  return new Held(owner);
}

// eslint-disable-next-line require-yield
function* releaseGen(this: unknown, owner: Releasable): CoroGen {
  owner.release();
  return null;
}

/**
 * CPython's `_LoopBoundMixin`: a primitive binds to the running loop the first time it needs one
 * (so module-level `asyncio.Lock()` works before any loop exists).
 */
class LoopBound {
  /** @internal */ _loop: BaseEventLoop | null = null;
  /** @internal Display name on the timeline (what a waiting task waits for). */
  readonly _name: string;

  constructor(kind: string, name?: string) {
    this._name = name ?? nextObjName(kind);
  }

  /** @internal */
  _getLoop(): BaseEventLoop {
    const loop = rt.runningLoop;
    if (this._loop === null) this._loop = loop;
    if (loop === null || loop !== this._loop) throw new RuntimeError(`${this.__repr__()} is bound to a different event loop`);
    return loop;
  }

  /** @internal */
  _waiter(): Future {
    const f = new Future(this._getLoop());
    f._what = this._name;
    return f;
  }

  protected _extra(): string {
    return '';
  }

  __repr__(): string {
    const extra = this._extra();
    return `<asyncio.locks.${this.constructor.name} object at ${addressOf(this)} [${extra}]>`;
  }
}

/**
 * CPython's `_ContextManagerMixin`: `async with` (`await using _ = await x.hold()`) for the
 * primitives that are acquired and released (Lock, Condition, Semaphore).
 */
abstract class ContextManager extends LoopBound {
  abstract acquire(): Coroutine;
  abstract release(): void;

  hold(): Coroutine {
    return coro(holdGen, 'hold', [this]);
  }

  __aenter__(): Coroutine {
    return this.acquire();
  }

  __aexit__(): Coroutine {
    return coro(releaseGen, '__aexit__', [this]);
  }
}

function waitersInfo(w: Deque<Future> | null): string {
  return w !== null && w.length > 0 ? `, waiters:${w.length}` : '';
}

// ---------------------------------------------------------------------------------------------

export class Lock extends ContextManager {
  /** @internal */ _waiters: Deque<Future> | null = null;
  /** @internal */ _locked = false;

  constructor() {
    super('Lock');
  }

  locked(): boolean {
    return this._locked;
  }

  /** A coroutine: `await lock.acquire()` → true. */
  acquire(): Coroutine {
    return coro(lockAcquire, 'acquire', [this]);
  }

  release(): void {
    if (this._locked) {
      this._locked = false;
      this._wakeUpFirst();
    } else {
      throw new RuntimeError('Lock is not acquired.');
    }
  }

  /** @internal Wakes the first waiter; it takes the lock when its task runs. */
  _wakeUpFirst(): void {
    const w = this._waiters;
    if (w === null) return;
    const fut = w.peek();
    if (fut !== undefined && !fut.done()) fut.set_result(true);
  }

  protected override _extra(): string {
    return (this._locked ? 'locked' : 'unlocked') + waitersInfo(this._waiters);
  }
}

function allCancelled(w: Deque<Future>): boolean {
  for (const f of w) if (!f.cancelled()) return false;
  return true;
}

function* lockAcquire(this: unknown, lock: Lock): CoroGen {
  if (!lock._locked && (lock._waiters === null || allCancelled(lock._waiters))) {
    lock._locked = true;
    return true;
  }
  lock._waiters ??= new Deque<Future>();
  const fut = lock._waiter();
  lock._waiters.push(fut);
  try {
    try {
      yield* fut.__await__();
    } finally {
      lock._waiters.remove(fut);
    }
  } catch (e) {
    // Cancelled after being woken: pass the wake-up on.
    if (e instanceof CancelledError && !lock._locked) lock._wakeUpFirst();
    throw e;
  }
  lock._locked = true;
  return true;
}

// ---------------------------------------------------------------------------------------------

export class Event extends LoopBound {
  /** @internal */ _waiters = new Deque<Future>();
  /** @internal */ _value = false;

  /** `name` is for the runtime's own events (a queue's join), which do not take a number. */
  constructor(name?: string) {
    super('Event', typeof name === 'string' ? name : undefined);
  }

  is_set(): boolean {
    return this._value;
  }

  /** Wakes every waiter (in FIFO order, through their futures). */
  set(): void {
    if (!this._value) {
      this._value = true;
      for (const fut of this._waiters) if (!fut.done()) fut.set_result(true);
    }
  }

  clear(): void {
    this._value = false;
  }

  wait(): Coroutine {
    return coro(eventWait, 'wait', [this]);
  }

  protected override _extra(): string {
    return (this._value ? 'set' : 'unset') + waitersInfo(this._waiters);
  }
}

function* eventWait(this: unknown, ev: Event): CoroGen {
  if (ev._value) return true;
  const fut = ev._waiter();
  ev._waiters.push(fut);
  try {
    yield* fut.__await__();
    return true;
  } finally {
    ev._waiters.remove(fut);
  }
}

// ---------------------------------------------------------------------------------------------

export class Condition extends ContextManager {
  /** @internal */ _lock: Lock;
  /** @internal */ _waiters = new Deque<Future>();

  constructor(lock?: Lock | null) {
    super('Condition');
    this._lock = lock ?? new Lock();
  }

  locked(): boolean {
    return this._lock.locked();
  }

  acquire(): Coroutine {
    return this._lock.acquire();
  }

  release(): void {
    this._lock.release();
  }

  /** Releases the lock, waits for a notify, re-acquires the lock (even when cancelled). */
  wait(): Coroutine {
    return coro(condWait, 'wait', [this]);
  }

  /** Waits until `predicate()` is truthy; returns its last value. */
  wait_for(predicate: () => unknown): Coroutine {
    return coro(condWaitFor, 'wait_for', [this, predicate]);
  }

  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError('cannot notify on un-acquired lock');
    this._notify(n);
  }

  /** @internal */
  _notify(n: number): void {
    let idx = 0;
    for (const fut of this._waiters) {
      if (idx >= n) break;
      if (!fut.done()) {
        idx += 1;
        fut.set_result(false);
      }
    }
  }

  notify_all(): void {
    this.notify(this._waiters.length);
  }

  protected override _extra(): string {
    return (this.locked() ? 'locked' : 'unlocked') + waitersInfo(this._waiters);
  }
}

const NO_ERR: unique symbol = Symbol('no error');

function* condWait(this: unknown, cond: Condition): CoroGen {
  if (!cond.locked()) throw new RuntimeError('cannot wait on un-acquired lock');
  const fut = cond._waiter();
  cond.release();
  let err: unknown = NO_ERR;
  try {
    cond._waiters.push(fut);
    try {
      yield* fut.__await__();
    } finally {
      cond._waiters.remove(fut);
    }
  } catch (e) {
    err = e;
  }
  // Must re-acquire the lock even if the wait was cancelled; a cancellation during the
  // re-acquire replaces the pending exception (CPython re-raises it from its finally block).
  for (;;) {
    try {
      yield* cond.acquire()._start();
      break;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      err = e;
    }
  }
  if (err !== NO_ERR) {
    // 3.13 (gh-112202): a waiter notified but cancelled passes the notification on.
    if (err instanceof CancelledError && fut.done() && !fut.cancelled()) cond._notify(1);
    throw err;
  }
  return true;
}

function* condWaitFor(this: unknown, cond: Condition, predicate: () => unknown): CoroGen {
  let result = predicate();
  while (!result) {
    yield* condWait(cond);
    result = predicate();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

export class Semaphore extends ContextManager {
  /** @internal */ _waiters: Deque<Future> | null = null;
  /** @internal */ _value: number;

  constructor(value = 1) {
    super('Semaphore');
    if (value < 0) throw new ValueError('Semaphore initial value must be >= 0');
    this._value = value;
  }

  /** True when acquire() would have to wait (3.12: also when others are already queued). */
  locked(): boolean {
    if (this._value === 0) return true;
    const w = this._waiters;
    if (w !== null) for (const f of w) if (!f.cancelled()) return true;
    return false;
  }

  acquire(): Coroutine {
    return coro(semAcquire, 'acquire', [this]);
  }

  release(): void {
    this._value += 1;
    this._wakeUpNext();
  }

  /** @internal */
  _wakeUpNext(): boolean {
    const w = this._waiters;
    if (w === null || w.length === 0) return false;
    for (const fut of w) {
      if (!fut.done()) {
        this._value -= 1;
        fut.set_result(true);
        return true;
      }
    }
    return false;
  }

  protected override _extra(): string {
    return (this.locked() ? 'locked' : `unlocked, value:${this._value}`) + waitersInfo(this._waiters);
  }
}

function* semAcquire(this: unknown, sem: Semaphore): CoroGen {
  if (!sem.locked()) {
    sem._value -= 1;
    return true;
  }
  sem._waiters ??= new Deque<Future>();
  const waiters = sem._waiters;
  const fut = sem._waiter();
  waiters.push(fut);
  try {
    try {
      yield* fut.__await__();
    } finally {
      waiters.remove(fut);
    }
  } catch (e) {
    if (e instanceof CancelledError && fut.done() && !fut.cancelled()) {
      // Woken by _wake_up_next() but not acquiring after all: undo its bookkeeping.
      sem._value += 1;
    }
    throw e;
  } finally {
    // New waiters may have queued behind us (FIFO): wake as many as the value allows.
    while (sem._value > 0) {
      if (!sem._wakeUpNext()) break;
    }
  }
  return true;
}

export class BoundedSemaphore extends Semaphore {
  private readonly _boundValue: number;

  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  override release(): void {
    if (this._value >= this._boundValue) throw new ValueError('BoundedSemaphore released too many times');
    super.release();
  }
}

// ---------------------------------------------------------------------------------------------

const FILLING = 'filling';
const DRAINING = 'draining';
const RESETTING = 'resetting';
const BROKEN = 'broken';

/** `asyncio.Barrier(parties)` (3.11+): built on a Condition, as in CPython. */
export class Barrier extends LoopBound {
  /** @internal */ _cond = new Condition();
  /** @internal */ _parties: number;
  /** @internal */ _state: string = FILLING;
  /** @internal */ _count = 0;

  constructor(parties: number) {
    super('Barrier');
    if (parties < 1) throw new ValueError('parties must be > 0');
    this._parties = parties;
  }

  /** Waits for `parties` tasks; each gets a distinct index 0..parties-1. */
  wait(): Coroutine {
    return coro(barrierWait, 'wait', [this]);
  }

  /** A coroutine in asyncio (unlike threading.Barrier.reset). */
  reset(): Coroutine {
    return coro(barrierReset, 'reset', [this]);
  }

  abort(): Coroutine {
    return coro(barrierAbort, 'abort', [this]);
  }

  __aenter__(): Coroutine {
    return this.wait();
  }

  get parties(): number {
    return this._parties;
  }

  get n_waiting(): number {
    return this._state === FILLING ? this._count : 0;
  }

  get broken(): boolean {
    return this._state === BROKEN;
  }

  /** @internal */
  _exit(): void {
    if (this._count === 0) {
      if (this._state === RESETTING || this._state === DRAINING) this._state = FILLING;
      this._cond.notify_all();
    }
  }

  protected override _extra(): string {
    return `${this._state}, waiters:${this.n_waiting}/${this._parties}`;
  }
}

function* barrierWait(this: unknown, b: Barrier): CoroGen {
  const cond = b._cond;
  yield* cond.acquire()._start();
  try {
    // Block while the barrier drains or resets.
    yield* condWaitFor(cond, () => b._state !== DRAINING && b._state !== RESETTING);
    if (b._state === BROKEN) throw new BrokenBarrierError('Barrier aborted');
    const index = b._count;
    b._count += 1;
    try {
      if (index + 1 === b._parties) {
        b._state = DRAINING;
        cond.notify_all();
      } else {
        yield* condWaitFor(cond, () => b._state !== FILLING);
        if (b._state === BROKEN || b._state === RESETTING) throw new BrokenBarrierError('Abort or reset of barrier');
      }
      return index;
    } finally {
      b._count -= 1;
      b._exit();
    }
  } finally {
    cond.release();
  }
}

function* barrierReset(this: unknown, b: Barrier): CoroGen {
  const cond = b._cond;
  yield* cond.acquire()._start();
  try {
    if (b._count > 0) {
      if (b._state !== RESETTING) b._state = RESETTING;
    } else {
      b._state = FILLING;
    }
    cond.notify_all();
  } finally {
    cond.release();
  }
  return null;
}

function* barrierAbort(this: unknown, b: Barrier): CoroGen {
  const cond = b._cond;
  yield* cond.acquire()._start();
  try {
    b._state = BROKEN;
    cond.notify_all();
  } finally {
    cond.release();
  }
  return null;
}
