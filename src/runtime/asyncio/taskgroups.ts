/**
 * `asyncio.TaskGroup`, after CPython 3.11's `taskgroups.py`: tasks created in the group are
 * awaited when the block ends; the first failure cancels the others (and the block's own task,
 * so the block stops where it awaits), and the failures are raised together as an
 * `ExceptionGroup('unhandled errors in a TaskGroup', [...])`.
 *
 * Block form (Python's `async with asyncio.TaskGroup() as tg:`):
 * `await using tg = new asyncio.TaskGroup();` (see AsyncBlock).
 */
import { pyStr } from '../../lib/pyrepr';
import { CancelledError, Exception, ExceptionGroup, RuntimeError } from '../errors';
import { AsyncBlock } from './block';
import type { Coroutine, CoroGen } from './coroutine';
import { rt, type BaseEventLoop, type Future, type Task } from './core';

export class TaskGroup extends AsyncBlock {
  /** @internal */ _entered = false;
  /** @internal */ _exiting = false;
  /** @internal */ _aborting = false;
  /** @internal */ _loop: BaseEventLoop | null = null;
  /** @internal */ _parentTask: Task | null = null;
  /** @internal */ _parentCancelRequested = false;
  /** @internal */ _tasks = new Set<Task>();
  /** @internal */ _errors: unknown[] = [];
  /** @internal */ _onCompletedFut: Future | null = null;
  /** @internal One done callback for all the group's tasks (CPython's bound `_on_task_done`). */
  readonly _onTaskDone = (task: Future): void => this._taskDone(task as Task);

  /** `asyncio.TaskGroup()`: inside a task it is entered at once (the `await using` declaration). */
  constructor() {
    super();
    this._enterIfInTask();
  }

  /** @internal CPython's `__aenter__` body. */
  override _enter(): this {
    if (this._entered) throw new RuntimeError(`TaskGroup ${this.__repr__()} has already been entered`);
    const loop = rt.runningLoop;
    if (loop === null) throw new RuntimeError('no running event loop');
    this._loop ??= loop;
    this._parentTask = this._loop._currentTask;
    if (this._parentTask === null) throw new RuntimeError(`TaskGroup ${this.__repr__()} cannot determine the parent task`);
    this._entered = true;
    return this;
  }

  /** Starts `coro` as a task of the group (as `asyncio.create_task`); the block waits for it. */
  create_task(c: Coroutine, opts?: { name?: unknown }): Task {
    if (!this._entered) throw new RuntimeError(`TaskGroup ${this.__repr__()} has not been entered`);
    if (this._exiting && this._tasks.size === 0) throw new RuntimeError(`TaskGroup ${this.__repr__()} is finished`);
    if (this._aborting) throw new RuntimeError(`TaskGroup ${this.__repr__()} is shutting down`);
    const task = (this._loop as BaseEventLoop).create_task(c, opts);
    task.add_done_callback(this._onTaskDone);
    this._tasks.add(task);
    return task;
  }

  /** @internal */
  _abort(): void {
    this._aborting = true;
    for (const t of this._tasks) if (!t.done()) t.cancel();
  }

  /** @internal CPython's `_on_task_done`. */
  _taskDone(task: Task): void {
    this._tasks.delete(task);
    const fut = this._onCompletedFut;
    if (fut !== null && this._tasks.size === 0 && !fut.done()) fut.set_result(true);
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    this._errors.push(exc);
    const parent = this._parentTask as Task;
    if (parent.done()) {
      (this._loop as BaseEventLoop).call_exception_handler({
        message: `Task ${task.__repr__()} has errored out but its parent task ${parent.__repr__()} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Stop whatever the block is awaiting: its task gets CancelledError now, which the end of
      // the block turns back into the group's errors (uncancel in _exit).
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  }

  override __repr__(): string {
    let info = '';
    if (this._tasks.size > 0) info += ` tasks=${this._tasks.size}`;
    if (this._errors.length > 0) info += ` errors=${this._errors.length}`;
    if (this._aborting) info += ' cancelling';
    else if (this._entered) info += ' entered';
    return `<TaskGroup${info}>`;
  }

  /** @internal CPython's `__aexit__`: waits for every task, then raises what went wrong. */
  override *_exit(hasExc: boolean, exc: unknown): CoroGen {
    return yield* groupExit(this, hasExc, exc);
  }
}

/** CPython's `__aexit__`: waits for every task, then raises what went wrong. */
function* groupExit(tg: TaskGroup, hasExc: boolean, exc: unknown): CoroGen {
  if (!tg._entered) throw new RuntimeError(`TaskGroup ${tg.__repr__()} has not been entered`);
  tg._exiting = true;
  const isCancel = hasExc && exc instanceof CancelledError;
  let propagateCancellation: unknown = isCancel ? exc : null;
  const parent = tg._parentTask as Task;
  // Our own cancellation of the parent (a task failed): take it back.
  if (tg._parentCancelRequested && parent.uncancel() === 0) propagateCancellation = null;
  // The block is leaving with an exception (its task is being cancelled, or the block raised).
  if (hasExc && !tg._aborting) tg._abort();
  const loop = tg._loop as BaseEventLoop;
  while (tg._tasks.size > 0) {
    tg._onCompletedFut ??= loop.create_future();
    tg._onCompletedFut._what = 'TaskGroup';
    try {
      yield* tg._onCompletedFut.__await__();
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      if (!tg._aborting) {
        // The parent task is cancelled while the group's tasks still run.
        propagateCancellation = e;
        tg._abort();
      }
    }
    tg._onCompletedFut = null;
  }
  // Other errors take priority over a CancelledError.
  if (propagateCancellation !== null && tg._errors.length === 0) throw propagateCancellation;
  if (hasExc && !isCancel) tg._errors.push(exc);
  if (tg._errors.length > 0) {
    // A program may throw what is not an exception: the group holds exceptions only.
    const errors = tg._errors.map((e) => (e instanceof Error ? e : new Exception(pyStr(e))));
    tg._errors = [];
    // `raise me from None`.
    throw new ExceptionGroup('unhandled errors in a TaskGroup', errors);
  }
  return null;
}
