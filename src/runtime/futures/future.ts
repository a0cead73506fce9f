/**
 * `concurrent.futures.Future` in the shared heap, so a worker thread or process completes the
 * very future the submitter holds. CPython's state machine (`_base.py`); the condition is a
 * futex on the state word, `wait()`/`as_completed()` waiters are futex words registered on the
 * future (CPython's `_waiters`).
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 STATE       futex: 0 PENDING · 1 RUNNING · 2 CANCELLED · 3 CANCELLED_AND_NOTIFIED · 4 FINISHED
 *   3 MUTEX       inner mutex over everything below
 *   4 RESULT      heap block of the encoded result (0: none yet)
 *   5 EXC         heap block of the encoded exception (0: none)
 *   6 CB_HEAD     first done-callback node, 7 CB_TAIL last one
 *   8 WAITERS     first waiter node (wait()/as_completed() registrations)
 *   9 MP          1: values cross processes (ProcessPoolExecutor, Pool): encoded as for a fork
 *  10 SETTER      tid that completed it, 11 SET_T µs when (arrow tail, completion order)
 *  12 SUBMITTER   tid that submitted the call, 13 SUBMIT_T µs when ('submit → run' arrow)
 *
 * Callback node: [next, encoded value block]; the value is `[fn]` (a module-level function, called
 * in the thread that completes the future) or `[null, loopChannel, id, tid]` (a closure of a
 * thread running an asyncio loop: it is posted back to that loop, see `add_done_callback`).
 * Waiter node: [next, waiter block]; a waiter block's word 0 is a generation the completer bumps.
 */
import { ObjType, OBJ_MP, WaitKind } from '../../protocol/memory-layout';
import { alloc, free } from '../../protocol/heap';
import { writeGauge, writeWake } from '../../protocol/trace';
import { CancelledError, InvalidStateError, RunAborted, RuntimeError, TimeoutError } from '../errors';
import { ctx, deadlineFor, futexWait, nowMicros, setState } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { SharedLoopChannel } from '../core/loopchannel';
import { perThread } from '../core/perthread';
import { RecordWrapper, allocObject, fromAddr, registerType, remember } from '../core/objects';
import { closureMessage, freeValue, loadValue, registerBuiltin, storeValue } from '../core/values';
import { printErr } from '../program';
import { formatTraceback } from '../traceback';
import { asyncioModule } from '../asyncio';
import { pyTypeName } from '../../lib/pyrepr';
import { det, opPoint } from '../core/sched';
import { hbAcquire, hbRelease } from '../core/race';

const STATE = 2;
const MUTEX = 3;
const RESULT = 4;
const EXC = 5;
const CB_HEAD = 6;
const CB_TAIL = 7;
const WAITERS = 8;
const MP = 9;
const SETTER = 10;
const SET_T = 11;
const SUBMITTER = 12;
const SUBMIT_T = 13;
const WORDS = 14;

export const PENDING = 0;
export const RUNNING = 1;
export const CANCELLED = 2;
export const CANCELLED_AND_NOTIFIED = 3;
export const FINISHED = 4;

const stateNames = ['PENDING', 'RUNNING', 'CANCELLED', 'CANCELLED_AND_NOTIFIED', 'FINISHED'];

type DoneCallback = (f: Future) => unknown;

/** Closures registered by this worker's asyncio loop thread (run_in_executor's wrap_future). */
const localCallbacks = new Map<number, DoneCallback>();
let nextLocal = 1;
perThread(() => localCallbacks.clear());

function runLocalCallback(id: number, futureAddr: number): void {
  const fn = localCallbacks.get(id);
  localCallbacks.delete(id);
  if (fn) fn(fromAddr(futureAddr) as Future);
}
registerBuiltin('concurrent.futures._run_local_callback', runLocalCallback);

/**
 * Rebuilds an exception's stack for re-raising it here: the frames where it was raised
 * (another thread's: CPython's traceback object travels with the exception) then this thread's.
 * With a remote traceback (another process) only this thread's frames are kept: the remote
 * ones are printed from `remoteTraceback`, as CPython prints its `_RemoteTraceback` cause.
 */
export function reraisable(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const here = (new Error().stack ?? '').split('\n').slice(1);
  const remote = typeof (e as { remoteTraceback?: unknown }).remoteTraceback === 'string';
  const there = remote ? [] : String(e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  Object.defineProperty(e, 'stack', { value: [`${e.name}: ${e.message}`, ...there, ...here].join('\n'), writable: true, configurable: true });
  return e;
}

/**
 * CPython's `_ExceptionWithTraceback`, for an exception that completes a future in a worker
 * process (ProcessPoolExecutor, Pool): the worker's formatted traceback travels with the error
 * (`reraisable` then keeps only the re-raising thread's frames).
 */
export function withRemoteTraceback(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const c = ctx();
  const text = formatTraceback(e, { source: c.source, lineOffset: c.lineOffset }).join('\n');
  Object.defineProperty(e, 'remoteTraceback', { value: text, enumerable: true, writable: true, configurable: true });
  return e;
}

export class Future extends RecordWrapper {
  /** `Future()`; `mp` when the value crosses processes (executor use). */
  constructor(addr?: number, mp = false) {
    super();
    const a = addr ?? allocObject(ObjType.Future, WORDS, mp ? OBJ_MP : 0);
    this._attachRecord(a);
    if (addr === undefined) {
      this.i32[this.i + MP] = mp ? 1 : 0;
      remember(this);
    }
  }

  private get mp(): boolean {
    return (this.i32[this.i + MP] ?? 0) === 1;
  }

  /** @internal */
  _state(): number {
    return Atomics.load(this.i32, this.i + STATE);
  }

  /** @internal µs at which it completed (completion order for as_completed). */
  _setT(): number {
    return this.i32[this.i + SET_T] ?? 0;
  }

  /** @internal Records who submitted it, for the 'submit → run' arrow. */
  _submitted(): void {
    this.i32[this.i + SUBMITTER] = ctx().tid;
    this.i32[this.i + SUBMIT_T] = nowMicros();
  }

  /** @internal The 'submit → run' arrow, drawn by the worker that takes the call. */
  _traceRun(): void {
    const c = ctx();
    const from = this.i32[this.i + SUBMITTER] ?? 0;
    writeWake(c.ring, from, c.tid, this.addr, this.i32[this.i + SUBMIT_T] ?? 0, 'submit → run');
  }

  cancelled(): boolean {
    const s = this._state();
    return s === CANCELLED || s === CANCELLED_AND_NOTIFIED;
  }

  running(): boolean {
    return this._state() === RUNNING;
  }

  done(): boolean {
    return this._state() >= CANCELLED;
  }

  cancel(): boolean {
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    const s = i32[this.i + STATE] ?? 0;
    if (s === RUNNING || s === FINISHED) {
      innerUnlock(i32, this.i + MUTEX);
      return false;
    }
    if (s === CANCELLED || s === CANCELLED_AND_NOTIFIED) {
      innerUnlock(i32, this.i + MUTEX);
      return true;
    }
    this.complete(CANCELLED, false);
    return true;
  }

  set_running_or_notify_cancel(): boolean {
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    const s = i32[this.i + STATE] ?? 0;
    if (s === CANCELLED) {
      Atomics.store(i32, this.i + STATE, CANCELLED_AND_NOTIFIED);
      this.wakeWaiters();
      innerUnlock(i32, this.i + MUTEX);
      return false;
    }
    if (s === PENDING) {
      Atomics.store(i32, this.i + STATE, RUNNING);
      Atomics.notify(i32, this.i + STATE);
      innerUnlock(i32, this.i + MUTEX);
      return true;
    }
    innerUnlock(i32, this.i + MUTEX);
    throw new RuntimeError('Future in unexpected state');
  }

  set_result(result: unknown): void {
    this.finish(RESULT, result);
  }

  set_exception(exception: unknown): void {
    this.finish(EXC, exception);
  }

  /** Stores the outcome in the `RESULT` or `EXC` word and finishes; already cancelled or finished → InvalidStateError. */
  private finish(word: typeof RESULT | typeof EXC, value: unknown): void {
    const block = storeValue(value, this.mp);
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    const s = i32[this.i + STATE] ?? 0;
    if (s >= CANCELLED) {
      innerUnlock(i32, this.i + MUTEX);
      freeValue(block);
      throw new InvalidStateError(`${stateNames[s] ?? s}: ${this.__repr__()}`);
    }
    i32[this.i + word] = block;
    // The race detector: the work that made the result happens before whoever reads it.
    hbRelease(this.addr);
    this.complete(FINISHED, true);
  }

  /** Moves to `state` (mutex held on entry, released here), wakes everyone, runs the callbacks. */
  private complete(state: number, notifyWaiters: boolean): void {
    const i32 = this.i32;
    i32[this.i + SETTER] = ctx().tid;
    i32[this.i + SET_T] = nowMicros();
    Atomics.store(i32, this.i + STATE, state);
    Atomics.notify(i32, this.i + STATE);
    if (notifyWaiters) this.wakeWaiters();
    let node = i32[this.i + CB_HEAD] ?? 0;
    i32[this.i + CB_HEAD] = 0;
    i32[this.i + CB_TAIL] = 0;
    innerUnlock(i32, this.i + MUTEX);
    writeGauge(ctx().ring, this.addr, state);
    while (node !== 0) {
      const n = node >> 2;
      const block = i32[n + 1] ?? 0;
      const next = i32[n] ?? 0;
      free(i32, node);
      let entry: unknown[] = [];
      try {
        entry = loadValue(block) as unknown[];
      } finally {
        freeValue(block);
      }
      this.invoke(entry);
      node = next;
    }
  }

  private invoke(entry: unknown[]): void {
    const [fn, channel, id, tid] = entry as [DoneCallback | null, number, number, number];
    if (fn === null) {
      new SharedLoopChannel(channel).post({ fn: runLocalCallback as (...a: unknown[]) => unknown, args: [id, this.addr], from: tid });
      return;
    }
    this.callNow(fn);
  }

  private callNow(fn: DoneCallback): void {
    try {
      fn(this);
    } catch (e) {
      if (e instanceof RunAborted) throw e;
      // CPython: LOGGER.exception('exception calling callback for %r', future).
      const c = ctx();
      printErr(formatTraceback(e, { source: c.source, lineOffset: c.lineOffset, header: `exception calling callback for ${this.__repr__()}` }));
    }
  }

  private wakeWaiters(): void {
    const i32 = this.i32;
    for (let node = i32[this.i + WAITERS] ?? 0; node !== 0; node = i32[node >> 2] ?? 0) {
      const w = (i32[(node >> 2) + 1] ?? 0) >> 2;
      Atomics.add(i32, w, 1);
      Atomics.notify(i32, w);
    }
  }

  /** @internal Registers a waiter block (wait()/as_completed()). */
  _addWaiter(waiter: number): void {
    const i32 = this.i32;
    const node = alloc(i32, 8);
    i32[(node >> 2) + 1] = waiter;
    innerLock(i32, this.i + MUTEX);
    i32[node >> 2] = i32[this.i + WAITERS] ?? 0;
    i32[this.i + WAITERS] = node;
    innerUnlock(i32, this.i + MUTEX);
  }

  /** @internal */
  _removeWaiter(waiter: number): void {
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    let prev = 0;
    for (let node = i32[this.i + WAITERS] ?? 0; node !== 0; node = i32[node >> 2] ?? 0) {
      if ((i32[(node >> 2) + 1] ?? 0) === waiter) {
        const next = i32[node >> 2] ?? 0;
        if (prev === 0) i32[this.i + WAITERS] = next;
        else i32[prev >> 2] = next;
        free(i32, node);
        break;
      }
      prev = node;
    }
    innerUnlock(i32, this.i + MUTEX);
  }

  /** Blocks until done or the deadline; true when done. */
  /** @internal */
  _waitDone(timeout: number | null | undefined): boolean {
    const i32 = this.i32;
    if (this._state() >= CANCELLED) {
      hbAcquire(this.addr);
      return true;
    }
    const c = ctx();
    setState('blocked', { obj: this.addr, kind: WaitKind.RESULT, timeout: timeout ?? null, what: 'result' });
    const deadline = deadlineFor(timeout);
    for (;;) {
      const s = Atomics.load(i32, this.i + STATE);
      if (s >= CANCELLED) break;
      if (!futexWait(i32, this.i + STATE, s, deadline)) break;
    }
    const done = this._state() >= CANCELLED;
    if (done) hbAcquire(this.addr);
    const from = i32[this.i + SETTER] ?? 0;
    if (done) writeWake(c.ring, from, c.tid, this.addr, i32[this.i + SET_T] ?? 0, 'result → get');
    setState('running');
    return done;
  }

  /** The stored exception (null when it succeeded); the future must be FINISHED. */
  private storedException(): unknown {
    const at = this.i32[this.i + EXC] ?? 0;
    return at === 0 ? null : loadValue(at);
  }

  result(timeout: number | null = null): unknown {
    if (det) opPoint('result', this.addr);
    if (!this._waitDone(timeout)) throw new TimeoutError();
    if (this.cancelled()) throw new CancelledError();
    const exc = this.storedException();
    if (exc !== null) throw reraisable(exc);
    const at = this.i32[this.i + RESULT] ?? 0;
    return at === 0 ? undefined : loadValue(at);
  }

  exception(timeout: number | null = null): Error | null {
    if (!this._waitDone(timeout)) throw new TimeoutError();
    if (this.cancelled()) throw new CancelledError();
    return this.storedException() as Error | null;
  }

  add_done_callback(fn: DoneCallback): void {
    if (typeof fn !== 'function') throw new TypeError(`${pyTypeName(fn)} object is not callable`);
    const i32 = this.i32;
    // Already done: it runs now, in this thread, so any function will do (a closure too).
    if (this._state() >= CANCELLED) {
      this.callNow(fn);
      return;
    }
    let block: number;
    try {
      block = storeValue([fn], this.mp);
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      // A closure cannot run in the completing thread. The one place the runtime itself passes
      // one is asyncio's wrap_future (run_in_executor): there the registering thread runs an
      // event loop, so the closure is posted back to that loop, which is what it does anyway.
      const loop = asyncioModule._get_running_loop() as { channel?: unknown } | null;
      const channel = loop?.channel;
      if (!(channel instanceof SharedLoopChannel)) throw new TypeError(closureMessage(fn as { name?: string }));
      const id = nextLocal++;
      localCallbacks.set(id, fn);
      block = storeValue([null, channel.addr, id, ctx().tid]);
    }
    innerLock(i32, this.i + MUTEX);
    if ((i32[this.i + STATE] ?? 0) >= CANCELLED) {
      innerUnlock(i32, this.i + MUTEX);
      freeValue(block);
      this.callNow(fn);
      return;
    }
    const node = alloc(i32, 8);
    i32[(node >> 2) + 1] = block;
    const tail = i32[this.i + CB_TAIL] ?? 0;
    if (tail === 0) i32[this.i + CB_HEAD] = node;
    else i32[tail >> 2] = node;
    i32[this.i + CB_TAIL] = node;
    innerUnlock(i32, this.i + MUTEX);
  }

  __repr__(): string {
    const s = this._state();
    const at = `0x${this.addr.toString(16)}`;
    if (s === FINISHED) {
      const e = this.i32[this.i + EXC] ?? 0;
      if (e !== 0) {
        const exc = loadValue(e);
        return `<Future at ${at} state=finished raised ${exc instanceof Error ? exc.name : pyTypeName(exc)}>`;
      }
      const r = this.i32[this.i + RESULT] ?? 0;
      return `<Future at ${at} state=finished returned ${pyTypeName(r === 0 ? undefined : loadValue(r))}>`;
    }
    const name = s === PENDING ? 'pending' : s === RUNNING ? 'running' : 'cancelled';
    return `<Future at ${at} state=${name}>`;
  }
}

registerType(ObjType.Future, (addr) => new Future(addr));
