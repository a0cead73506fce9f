/**
 * `asyncio.timeout()`, `asyncio.timeout_at()` and `asyncio.Timeout`, after CPython 3.11's
 * `timeouts.py` (the 3.11 `__aexit__`: only a CancelledError becomes TimeoutError).
 *
 * Block form (Python's `async with asyncio.timeout(1):`): `await using _ = asyncio.timeout(1);`
 * (see AsyncBlock: the factories enter it at once inside a task; `new Timeout(when)` does not).
 */
import { CancelledError, RuntimeError, TimeoutError } from '../errors';
import { AsyncBlock } from './block';
import type { CoroGen } from './coroutine';
import { Task, get_running_loop, rt, type BaseEventLoop, type Callback } from './core';

const CREATED = 0;
const ENTERED = 1;
const EXPIRING = 2;
const EXPIRED = 3;
const EXITED = 4;
/** CPython's `_State` values, as its repr and messages show them. */
const STATE_VALUES = ['created', 'active', 'expiring', 'expired', 'finished'] as const;

/** `asyncio.Timeout`: cancels the task that entered it at its deadline, and raises TimeoutError instead. */
export class Timeout extends AsyncBlock {
  /** @internal */ _state = CREATED;
  /** @internal */ _when: number | null;
  /** @internal */ _handle: { cancel(): void } | null = null;
  /** @internal */ _task: Task | null = null;
  /** @internal */ _cancelling = 0;

  /** `Timeout(when)`: not entered (prefer `timeout()`/`timeout_at()`, which the block form needs). */
  constructor(when: number | null | undefined) {
    super();
    this._when = when ?? null;
  }

  /** The current deadline (loop time), or null. */
  when(): number | null {
    return this._when;
  }

  /** True once the deadline has passed while it was entered. */
  expired(): boolean {
    return this._state === EXPIRING || this._state === EXPIRED;
  }

  /** Moves the deadline (null: never); only while entered. */
  reschedule(when: number | null | undefined): void {
    if (this._state !== ENTERED) {
      if (this._state === CREATED) throw new RuntimeError('Timeout has not been entered');
      throw new RuntimeError(`Cannot change state of ${STATE_VALUES[this._state]} Timeout`);
    }
    const w = when ?? null;
    this._when = w;
    if (this._handle !== null) this._handle.cancel();
    if (w === null) {
      this._handle = null;
    } else {
      const loop = get_running_loop();
      this._handle = w <= loop.time() ? loop._callSoon(timeoutFired as Callback, [this]) : loop._callAt(w, timeoutFired as Callback, [this]);
    }
  }

  /** @internal CPython's `__aenter__` body. */
  override _enter(): this {
    if (this._state !== CREATED) throw new RuntimeError('Timeout has already been entered');
    const loop = rt.runningLoop;
    const task = loop === null ? null : loop._currentTask;
    if (task === null) throw new RuntimeError('Timeout should be used inside a task');
    this._state = ENTERED;
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
    return this;
  }

  /** @internal */
  // eslint-disable-next-line require-yield
  override *_exit(hasExc: boolean, exc: unknown): CoroGen {
    this._leave(exc, hasExc);
    return null;
  }

  /** @internal CPython's `__aexit__` body: its own cancellation becomes TimeoutError (from it). */
  _leave(exc: unknown, hasExc: boolean): void {
    if (this._state !== ENTERED && this._state !== EXPIRING) {
      throw new RuntimeError(this._state === CREATED ? 'Timeout has not been entered' : `Cannot exit a ${STATE_VALUES[this._state]} Timeout`);
    }
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (this._state === EXPIRING) {
      this._state = EXPIRED;
      const task = this._task as Task;
      // No cancel requests besides ours: this timeout handles the CancelledError.
      if (task.uncancel() <= this._cancelling && hasExc && exc instanceof CancelledError) throw timeoutFrom(exc);
    } else {
      this._state = EXITED;
    }
  }

  /** @internal */
  _onTimeout(): void {
    if (this._state !== ENTERED) return;
    (this._task as Task).cancel();
    this._state = EXPIRING;
    this._handle = null;
  }

  override __repr__(): string {
    let info = '';
    if (this._state === ENTERED) info = ` when=${this._when === null ? 'None' : String(Math.round(this._when * 1000) / 1000)}`;
    return `<Timeout [${STATE_VALUES[this._state]}]${info}>`;
  }

}

/** `raise TimeoutError from exc`. */
export function timeoutFrom(exc: unknown): TimeoutError {
  const e = new TimeoutError();
  e.cause = exc;
  return e;
}

function timeoutFired(t: Timeout): void {
  t._onTimeout();
}

/** Enters `t` now when called inside a task (the block form's declaration). */
function entered(t: Timeout): Timeout {
  t._enterIfInTask();
  return t;
}

/** `asyncio.timeout(delay)`: delay in seconds from now, or null (never). */
export function timeout(delay: number | null | undefined): Timeout {
  const loop: BaseEventLoop = get_running_loop();
  return entered(new Timeout(delay === null || delay === undefined ? null : loop.time() + delay));
}

/** `asyncio.timeout_at(when)`: a deadline in loop time (`loop.time()`), or null (never). */
export function timeout_at(when: number | null | undefined): Timeout {
  return entered(new Timeout(when));
}
