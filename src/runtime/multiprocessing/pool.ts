/**
 * `multiprocessing.Pool`: daemon worker processes (`ForkPoolWorker-N`, forked when the pool is
 * created) take tasks from a shared task queue and complete shared futures (futures/future.ts),
 * one per task; a task is one call (`apply_async`) or one chunk of a map.
 *
 * Callbacks: CPython runs `callback`/`error_callback` in the pool's result-handler thread, a
 * thread of the parent that shares its memory, so a callback may be a closure that appends to a
 * local list. Here a closure cannot run in another worker, so callbacks run in the thread that
 * created the pool, in completion order, whenever it calls into the pool or one of its results
 * (`apply_async`, `map`, `AsyncResult.get/wait/ready`, `close`, `join`…); each worker reports a
 * finished task on the pool's out-queue so `join()` (which the seed's pattern always reaches)
 * runs the callbacks as the results arrive. The callback still runs before `get()` returns the
 * same result, as in CPython.
 *
 * Pool record (Int32 words):
 *   0 header (OBJ_MP), 1 seqNo
 *   2 STATE   0 RUN · 1 CLOSE · 2 TERMINATE
 *   3 TASKS   address of the task queue (QueueCore): [future, fn, calls, kwds, single] or null
 *   4 OUT     address of the out-queue: a finished future's address, or -pid when a worker exits
 *   5 N       number of worker processes
 *   6 OWNER   tid of the thread that created the pool (it runs the callbacks)
 *   7 INIT    heap block of the encoded `[initializer, initargs]` (0: none)
 *   8.. WORKERS the workers' pids
 */
import { ObjType, OBJ_MP, T, WaitKind, slotIndex } from '../../protocol/memory-layout';
import { Empty, RunAborted, TimeoutError, ValueError } from '../errors';
import { ctx, deadlineFor, secondsUntil } from '../core/context';
import { RecordWrapper, allocObject, registerType, remember } from '../core/objects';
import { post } from '../core/port';
import { joinEvery } from '../core/spawn';
import { loadValue, registerBuiltin, storeValue } from '../core/values';
import { QueueApi, QueueCore, QueueKind } from '../queue/core';
import { Future, reraisable, withRemoteTraceback } from '../futures/future';
import { as_completed } from '../futures/wait';
import { Process, cpu_count } from './process';

const STATE = 2;
const TASKS = 3;
const OUT = 4;
const N = 5;
const OWNER = 6;
const INIT = 7;
const WORKERS = 8;

const RUN = 0;
const CLOSE = 1;
const TERMINATE = 2;

type Fn = (...args: unknown[]) => unknown;
type Task = [Future, Fn, unknown[][], Record<string, unknown> | null, boolean] | null;
type Callback = ((v: unknown) => unknown) | null | undefined;

/** A worker process's loop (CPython's `multiprocessing.pool.worker`). */
function poolWorker(poolAddr: number): void {
  const i32 = ctx().i32;
  const tasks = new QueueCore(i32[(poolAddr >> 2) + TASKS] ?? 0);
  const out = new QueueCore(i32[(poolAddr >> 2) + OUT] ?? 0);
  try {
    // CPython's worker runs the initializer first; if it raises, the worker process dies with it.
    const init = i32[(poolAddr >> 2) + INIT] ?? 0;
    if (init !== 0) {
      const [fn, args] = loadValue(init) as [Fn, unknown[]];
      fn(...args);
    }
    for (;;) {
      const task = tasks.get(true, null) as Task;
      if (task === null) break;
      const [fut, fn, calls, kwds, single] = task;
      if (!fut.set_running_or_notify_cancel()) continue;
      fut._traceRun();
      let results: unknown[] | null = null;
      try {
        results = calls.map((a) => fn(...(kwds ? [...a, kwds] : a)));
      } catch (e) {
        if (e instanceof RunAborted) throw e;
        fut.set_exception(withRemoteTraceback(e));
      }
      if (results !== null) {
        try {
          fut.set_result(single ? results[0] : results);
        } catch (e) {
          if (e instanceof RunAborted) throw e;
          fut.set_exception(e);
        }
      }
      out.put(fut.addr, true, null, false);
    }
  } finally {
    // Even a worker that crashed tells join() it is gone (only terminate() skips this).
    out.put(-ctx().pid, true, null, false);
  }
}
registerBuiltin('multiprocessing.pool._worker', poolWorker);

/** `AsyncResult` (and CPython's `MapResult`): the futures of its task or chunks. */
export class AsyncResult {
  /** @internal */ readonly _fs: Future[];
  private readonly pool: Pool;
  private readonly single: boolean;
  private readonly callback: Callback;
  private readonly errorCallback: Callback;
  private left: number;
  private firstError: unknown = undefined;
  /** @internal True once its callbacks ran (or it has none). */ _handled: boolean;

  /** @internal */
  constructor(pool: Pool, fs: Future[], single: boolean, callback: Callback, errorCallback: Callback) {
    this.pool = pool;
    this._fs = fs;
    this.single = single;
    this.callback = callback;
    this.errorCallback = errorCallback;
    this.left = fs.length;
    this._handled = !callback && !errorCallback;
    if (fs.length === 0) this.finish();
  }

  /** @internal A chunk finished (the owner read it from the out-queue). */
  _chunkDone(addr: number): void {
    const f = this._fs.find((x) => x.addr === addr);
    if (!f) return;
    if (this.firstError === undefined && f.exception(0) !== null) this.firstError = f.exception(0);
    if (--this.left === 0) this.finish();
  }

  private finish(): void {
    if (this._handled) return;
    this._handled = true;
    if (this.firstError !== undefined) {
      if (this.errorCallback) this.errorCallback(this.firstError);
    } else if (this.callback) this.callback(this.value());
  }

  private value(): unknown {
    if (this.single) return (this._fs[0] as Future).result();
    const out: unknown[] = [];
    for (const f of this._fs) out.push(...(f.result() as unknown[]));
    return out;
  }

  ready(): boolean {
    this.pool._pump(false);
    return this._fs.every((f) => f.done());
  }

  successful(): boolean {
    if (!this.ready()) throw new ValueError(`${this.__repr__()} not ready`);
    return this._fs.every((f) => f.exception(0) === null);
  }

  wait(timeout: number | null = null): void {
    const deadline = deadlineFor(timeout);
    for (const f of this._fs) {
      const left = secondsUntil(deadline);
      if (!f._waitDone(left)) break;
    }
    this.pool._pump(false);
  }

  get(timeout: number | null = null): unknown {
    this.wait(timeout);
    if (!this._fs.every((f) => f.done())) throw new TimeoutError();
    this.pool._pumpUntil(this);
    let err: unknown = null;
    let at = Infinity;
    // CPython keeps the first failure in completion order.
    for (const f of this._fs) {
      const e = f.exception(0);
      if (e !== null && f._setT() < at) {
        at = f._setT();
        err = e;
      }
    }
    if (err !== null) throw reraisable(err);
    return this.value();
  }

  __repr__(): string {
    return `<multiprocessing.pool.${this.single ? 'ApplyResult' : 'MapResult'} object>`;
  }
}

function chunks<A>(items: A[], size: number): A[][] {
  const out: A[][] = [];
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
  return out;
}

export class Pool extends RecordWrapper {
  private declare readonly tasks: QueueCore;
  private declare readonly out: QueueCore;
  /** Owner thread only: results with callbacks by future address. */
  private declare readonly cache: Map<number, AsyncResult>;
  private declare readonly exited: Set<number>;

  constructor(processes: number | null = null, initializer?: Fn | null, initargs?: unknown[] | null, maxtasksperchild?: number | null) {
    super();
    const c = ctx();
    const i32 = c.i32;
    const n = processes ?? cpu_count();
    if (n < 1) throw new ValueError('Number of processes must be at least 1');
    if (initializer !== null && initializer !== undefined && typeof initializer !== 'function') throw new TypeError('initializer must be a callable');
    void maxtasksperchild;
    const a = allocObject(ObjType.Pool, WORKERS + n, OBJ_MP, n);
    i32[(a >> 2) + TASKS] = new QueueCore(undefined, QueueKind.FIFO, QueueApi.MP_QUEUE, 0, true).addr;
    i32[(a >> 2) + OUT] = new QueueCore(undefined, QueueKind.FIFO, QueueApi.MP_QUEUE, 0, true).addr;
    i32[(a >> 2) + N] = n;
    i32[(a >> 2) + OWNER] = c.tid;
    if (initializer) i32[(a >> 2) + INIT] = storeValue([initializer, [...(initargs ?? [])]], true);
    this.attach(a);
    remember(this);
    for (let k = 0; k < n; k++) {
      const p = new Process({ target: poolWorker as Fn, args: [a], daemon: true });
      p._rename('ForkPoolWorker');
      p.start();
      i32[this.i + WORKERS + k] = p.pid ?? 0;
    }
  }

  /** The pool whose record is at `addr` (a handle decoded in another thread): starts nothing. */
  private static fromAddr(addr: number): Pool {
    const pool = Object.create(Pool.prototype) as Pool;
    pool.attach(addr);
    return pool;
  }

  static {
    registerType(ObjType.Pool, (addr) => Pool.fromAddr(addr));
  }

  private attach(a: number): void {
    this._attachRecord(a);
    const i32 = this.i32;
    Object.defineProperty(this, 'tasks', { value: new QueueCore(i32[(a >> 2) + TASKS] ?? 0) });
    Object.defineProperty(this, 'out', { value: new QueueCore(i32[(a >> 2) + OUT] ?? 0) });
    Object.defineProperty(this, 'cache', { value: new Map<number, AsyncResult>() });
    Object.defineProperty(this, 'exited', { value: new Set<number>() });
  }

  private get state(): number {
    return Atomics.load(this.i32, this.i + STATE);
  }

  private checkRunning(): void {
    if (this.state !== RUN) throw new ValueError('Pool not running');
  }

  private isOwner(): boolean {
    return (this.i32[this.i + OWNER] ?? 0) === ctx().tid;
  }

  /** @internal Runs the callbacks of finished tasks (owner thread only); `block` waits for one entry. */
  _pump(block: boolean, what = 'join pool workers'): void {
    if (!this.isOwner()) return;
    for (;;) {
      let entry: number;
      try {
        entry = this.out.get(block, null, { obj: this.addr, kind: WaitKind.JOIN, what }) as number;
      } catch (e) {
        if (e instanceof Empty) return;
        throw e;
      }
      if (entry < 0) this.exited.add(-entry);
      else {
        const r = this.cache.get(entry);
        if (r) {
          this.cache.delete(entry);
          r._chunkDone(entry);
        }
      }
      if (block) return;
    }
  }

  /** @internal Pumps until `r`'s callbacks ran (its tasks are done: their entries are coming). */
  _pumpUntil(r: AsyncResult): void {
    if (!this.isOwner()) return;
    this._pump(false);
    while (!r._handled) this._pump(true, 'result');
  }

  private submit(fn: Fn, calls: unknown[][][], kwds: Record<string, unknown> | null, single: boolean, callback: Callback, errorCallback: Callback): AsyncResult {
    this.checkRunning();
    this._pump(false);
    const fs: Future[] = [];
    for (const chunk of calls) {
      const f = new Future(undefined, true);
      f._submitted();
      this.tasks.put([f, fn, chunk, kwds, single], true, null, false);
      fs.push(f);
    }
    const r = new AsyncResult(this, fs, single, callback, errorCallback);
    if (!r._handled && this.isOwner()) for (const f of fs) this.cache.set(f.addr, r);
    return r;
  }

  apply(fn: Fn, args: readonly unknown[] = [], kwds: Record<string, unknown> | null = null): unknown {
    return this.apply_async(fn, args, kwds).get();
  }

  apply_async(fn: Fn, args: readonly unknown[] = [], kwds: Record<string, unknown> | null = null, callback?: Callback, error_callback?: Callback): AsyncResult {
    return this.submit(fn, [[[...args]]], kwds, true, callback, error_callback);
  }

  private chunked(items: unknown[][], chunksize: number | null | undefined): unknown[][][] {
    let size = chunksize ?? 0;
    if (!size) {
      const n = this.i32[this.i + N] ?? 1;
      size = Math.floor(items.length / (n * 4));
      if (items.length % (n * 4)) size += 1;
    }
    return items.length === 0 ? [] : chunks(items, Math.max(1, size));
  }

  map_async(fn: Fn, iterable: Iterable<unknown>, chunksize?: number | null, callback?: Callback, error_callback?: Callback): AsyncResult {
    const items = [...iterable].map((x) => [x]);
    return this.submit(fn, this.chunked(items, chunksize), null, false, callback, error_callback);
  }

  map(fn: Fn, iterable: Iterable<unknown>, chunksize?: number | null): unknown[] {
    return this.map_async(fn, iterable, chunksize).get() as unknown[];
  }

  starmap_async(fn: Fn, iterable: Iterable<readonly unknown[]>, chunksize?: number | null, callback?: Callback, error_callback?: Callback): AsyncResult {
    const items = [...iterable].map((x) => [...x]);
    return this.submit(fn, this.chunked(items, chunksize), null, false, callback, error_callback);
  }

  starmap(fn: Fn, iterable: Iterable<readonly unknown[]>, chunksize?: number | null): unknown[] {
    return this.starmap_async(fn, iterable, chunksize).get() as unknown[];
  }

  imap(fn: Fn, iterable: Iterable<unknown>, chunksize = 1): Generator<unknown, void, unknown> {
    if (chunksize < 1) throw new ValueError(`Chunksize must be 1+, not ${chunksize}`);
    const r = this.submit(fn, chunks([...iterable].map((x) => [x]), chunksize), null, false, null, null);
    return (function* () {
      for (const f of r._fs) yield* f.result() as unknown[];
    })();
  }

  imap_unordered(fn: Fn, iterable: Iterable<unknown>, chunksize = 1): Generator<unknown, void, unknown> {
    if (chunksize < 1) throw new ValueError(`Chunksize must be 1+, not ${chunksize}`);
    const r = this.submit(fn, chunks([...iterable].map((x) => [x]), chunksize), null, false, null, null);
    return (function* () {
      for (const f of as_completed(r._fs)) yield* f.result() as unknown[];
    })();
  }

  close(): void {
    if (this.state !== RUN) return;
    Atomics.store(this.i32, this.i + STATE, CLOSE);
    const n = this.i32[this.i + N] ?? 0;
    for (let k = 0; k < n; k++) this.tasks.put(null, true, null, false);
    this._pump(false);
  }

  terminate(): void {
    Atomics.store(this.i32, this.i + STATE, TERMINATE);
    const n = this.i32[this.i + N] ?? 0;
    for (let k = 0; k < n; k++) {
      const pid = this.i32[this.i + WORKERS + k] ?? 0;
      if (pid && Atomics.load(this.i32, slotIndex(pid) + T.ALIVE) === 1) post({ type: 'kill', pid, exitcode: -15 });
    }
    this.joinWorkers();
  }

  join(): void {
    const state = this.state;
    if (state === RUN) throw new ValueError('Pool is still running');
    if (state === CLOSE && this.isOwner()) {
      // Run callbacks as results arrive until every worker has said it is leaving.
      for (;;) {
        this._pump(false);
        if (this.aliveWorkers().every((pid) => this.exited.has(pid))) break;
        this._pump(true);
      }
    }
    this.joinWorkers();
    this._pump(false);
  }

  private aliveWorkers(): number[] {
    const n = this.i32[this.i + N] ?? 0;
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const pid = this.i32[this.i + WORKERS + k] ?? 0;
      if (pid && Atomics.load(this.i32, slotIndex(pid) + T.ALIVE) === 1) out.push(pid);
    }
    return out;
  }

  private joinWorkers(): void {
    joinEvery(this.aliveWorkers(), 'join pool workers');
  }

  [Symbol.dispose](): void {
    this.terminate();
  }

  __enter__(): this {
    this.checkRunning();
    return this;
  }

  __exit__(): boolean {
    this.terminate();
    return false;
  }

  __repr__(): string {
    const s = ['RUN', 'CLOSE', 'TERMINATE'][this.state] ?? 'RUN';
    return `<multiprocessing.pool.Pool state=${s} pool_size=${this.i32[this.i + N] ?? 0}>`;
  }
}

