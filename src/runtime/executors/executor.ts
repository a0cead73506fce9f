/**
 * `ThreadPoolExecutor` and `ProcessPoolExecutor`: CPython's design (a work queue of
 * `[future, fn, args]` items, workers that take items and complete the futures, a `None`
 * sentinel that each exiting worker puts back for the next one) over the runtime's shared
 * queue and futures, so workers are real threads or processes.
 *
 * Executor record (Int32 words):
 *   0 header, 1 seqNo
 *   2 MUTEX      inner mutex over the words below
 *   3 SHUTDOWN   1 after shutdown(): submit raises
 *   4 NWORKERS   workers started so far
 *   5 MAX        max_workers
 *   6 IDLE       CPython's `_idle_semaphore`: workers waiting for work (submit reuses one
 *                instead of starting a thread)
 *   7 QUEUE      address of the work queue (a QueueCore record; multiprocessing-flagged for processes)
 *   8 PENDING    items submitted and not yet finished
 *   9 PROCESS    1: ProcessPoolExecutor
 *  10 BROKEN     1 once a worker failed to start (BrokenExecutor)
 *  11 PREFIX     heap string: thread_name_prefix (`ThreadPoolExecutor-0`)
 *  12 INIT       heap block of the encoded `[initializer, initargs]` (0: none)
 *  13.. WORKERS  the workers' tids
 *
 * Program end: CPython joins executor workers at exit after they finish the queued work
 * (`threading._register_atexit(_python_exit)`), yet never waits for idle ones. Here a worker's
 * slot is non-daemon exactly while the executor has PENDING work, so MainThread's end-of-program
 * wait (worker.ts) waits for the work and not for idle workers.
 */
import { H, ObjType, T, ThreadFlag, slotIndex } from '../../protocol/memory-layout';
import { readString, storeString } from '../../protocol/heap';
import { BrokenExecutor, RunAborted, RuntimeError, ValueError } from '../errors';
import { ctx, programSeconds } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { RecordWrapper, allocObject, registerType, remember } from '../core/objects';
import { joinEvery } from '../core/spawn';
import { loadValue, registerBuiltin, storeValue } from '../core/values';
import { printErr } from '../program';
import { Thread } from '../threading/thread';
import { QueueCore, QueueKind, QueueApi } from '../queue/core';
import { Process, cpu_count } from '../multiprocessing/process';
import { formatTraceback } from '../traceback';
import { Future, withRemoteTraceback } from '../futures/future';

const MUTEX = 2;
const SHUTDOWN = 3;
const NWORKERS = 4;
const MAX = 5;
const IDLE = 6;
const QUEUE = 7;
const PENDING = 8;
const PROCESS = 9;
const BROKEN = 10;
const PREFIX = 11;
const INIT = 12;
const WORKERS = 13;

type Fn = (...args: unknown[]) => unknown;
type WorkItem = [Future, Fn, unknown[]] | null;

/** Runs one work item in a worker (CPython's `_WorkItem.run`); `remote` adds the remote traceback. */
export function runWorkItem(fut: Future, fn: Fn, args: unknown[], remote: boolean): void {
  if (!fut.set_running_or_notify_cancel()) return;
  fut._traceRun();
  let result: unknown;
  try {
    result = fn(...args);
  } catch (e) {
    if (e instanceof RunAborted) throw e;
    fut.set_exception(remote ? withRemoteTraceback(e) : e);
    return;
  }
  try {
    fut.set_result(result);
  } catch (e) {
    // The result could not cross (e.g. a closure returned from a process): the call fails.
    if (e instanceof RunAborted) throw e;
    fut.set_exception(e);
  }
}

/** A worker's loop (a thread's or a process's target: module-level by name, see registerBuiltin). */
function executorWorker(exAddr: number): void {
  const i32 = ctx().i32;
  const i = exAddr >> 2;
  const q = new QueueCore(i32[i + QUEUE] ?? 0);
  const remote = (i32[i + PROCESS] ?? 0) === 1;
  const init = i32[i + INIT] ?? 0;
  if (init !== 0 && !runInitializer(i32, i, q, init, remote)) return;
  for (;;) {
    const item = q.get(true, null) as WorkItem;
    if (item === null) {
      // Wake the next worker the same way, as CPython's worker does before exiting.
      q.put(null, true, null, false);
      return;
    }
    try {
      runWorkItem(item[0], item[1], item[2], remote);
    } finally {
      innerLock(i32, i + MUTEX);
      i32[i + IDLE] = (i32[i + IDLE] ?? 0) + 1;
      finishedLocked(i32, i, 1);
      innerUnlock(i32, i + MUTEX);
    }
  }
}
registerBuiltin('concurrent.futures._worker', executorWorker);

/**
 * CPython's `_initializer_failed`: the error is logged, the executor is broken and every queued
 * call fails with BrokenExecutor. False when the worker must exit.
 */
function runInitializer(i32: Int32Array, i: number, q: QueueCore, init: number, process: boolean): boolean {
  const [fn, args] = loadValue(init) as [Fn, unknown[]];
  try {
    fn(...args);
    return true;
  } catch (e) {
    if (e instanceof RunAborted) throw e;
    const c = ctx();
    printErr(formatTraceback(e, { source: c.source, lineOffset: c.lineOffset, header: 'Exception in initializer:' }));
    i32[i + BROKEN] = 1;
    const items = q.drain() as WorkItem[];
    for (const item of items) {
      if (item === null) continue;
      if (item[0].set_running_or_notify_cancel()) {
        item[0].set_exception(
          new BrokenExecutor(
            process
              ? 'A process in the process pool was terminated abruptly while the future was running or pending.'
              : 'A thread initializer failed, the thread pool is not usable anymore',
          ),
        );
      }
    }
    innerLock(i32, i + MUTEX);
    finishedLocked(i32, i, items.length);
    innerUnlock(i32, i + MUTEX);
    q.put(null, true, null, false);
    return false;
  }
}

/** PENDING -= n (mutex held); idle workers become daemon when nothing is left to do. */
function finishedLocked(i32: Int32Array, i: number, n: number): void {
  const left = Math.max(0, (i32[i + PENDING] ?? 0) - n);
  i32[i + PENDING] = left;
  if (left === 0) setWorkersDaemon(i32, i, true);
}

function setWorkersDaemon(i32: Int32Array, i: number, daemon: boolean): void {
  const n = i32[i + NWORKERS] ?? 0;
  for (let k = 0; k < n; k++) {
    const tid = i32[i + WORKERS + k] ?? 0;
    if (tid === 0) continue;
    const s = slotIndex(tid);
    if (daemon) Atomics.or(i32, s + T.FLAGS, ThreadFlag.DAEMON);
    else Atomics.and(i32, s + T.FLAGS, ~ThreadFlag.DAEMON);
  }
  if (daemon && n > 0) {
    // Whoever waits for the program's non-daemon threads re-checks on EXITS.
    Atomics.add(i32, H.EXITS, 1);
    Atomics.notify(i32, H.EXITS);
  }
}

/**
 * CPython's `Executor.map` result iterator: each future's result in order, waiting at most until
 * `endTime` (program seconds, `monotonic()`) when a timeout was given; whatever is left is
 * cancelled when the iteration stops early (an error, a timeout, a `break`).
 */
function* resultIterator(fs: Future[], endTime: number | null): Generator<unknown, void, unknown> {
  let k = 0;
  try {
    for (; k < fs.length; k++) {
      const f = fs[k] as Future;
      let r: unknown;
      try {
        r = endTime === null ? f.result() : f.result(endTime - programSeconds());
      } finally {
        f.cancel(); // CPython's _result_or_cancel: a no-op once done
      }
      yield r;
    }
  } finally {
    for (let j = k + 1; j < fs.length; j++) (fs[j] as Future).cancel();
  }
}

/** CPython's `_process_chunk`: one process-pool task runs `fn` over a chunk of argument lists. */
function processChunk(fn: Fn, chunk: unknown[][]): unknown[] {
  return chunk.map((args) => fn(...args));
}
registerBuiltin('concurrent.futures._process_chunk', processChunk);

/** CPython's `_chain_from_iterable_of_lists`: the chunks' results, flattened in order. */
function* chainChunks(results: Iterable<unknown>): Generator<unknown, void, unknown> {
  for (const list of results) yield* list as unknown[];
}

/** A trailing `{timeout, chunksize}` (Python's keyword arguments), told from an iterable. */
function isMapOptions(x: unknown): x is { timeout?: number | null; chunksize?: number } {
  if (x === null || typeof x !== 'object' || Symbol.iterator in x) return false;
  const p: unknown = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** zip(*iterables), in tuples of `size` (`_get_chunks`); size 1 gives one argument list per item. */
function* zipped(iterables: Iterable<unknown>[]): Generator<unknown[], void, unknown> {
  if (iterables.length === 0) return;
  const its = iterables.map((x) => x[Symbol.iterator]());
  for (;;) {
    const args: unknown[] = [];
    for (const it of its) {
      const r = it.next();
      if (r.done) return;
      args.push(r.value);
    }
    yield args;
  }
}

/** The common part of both executors. */
export abstract class Executor extends RecordWrapper {
  protected declare readonly q: QueueCore;

  protected constructor(
    addr: number | undefined,
    process: boolean,
    maxWorkers: number,
    prefix: string,
    initializer: Fn | null = null,
    initargs: readonly unknown[] = [],
  ) {
    super();
    const i32 = ctx().i32;
    let a = addr;
    if (a === undefined) {
      a = allocObject(ObjType.Executor, WORKERS + maxWorkers, 0, maxWorkers);
      const q = new QueueCore(undefined, QueueKind.FIFO, process ? QueueApi.MP_QUEUE : QueueApi.QUEUE, 0, process);
      i32[(a >> 2) + QUEUE] = q.addr;
      i32[(a >> 2) + MAX] = maxWorkers;
      i32[(a >> 2) + PROCESS] = process ? 1 : 0;
      const seq = i32[(a >> 2) + 1] ?? 1;
      i32[(a >> 2) + PREFIX] = storeString(i32, prefix || `ThreadPoolExecutor-${seq - 1}`);
      if (initializer !== null && initializer !== undefined) {
        if (typeof initializer !== 'function') throw new TypeError('initializer must be a callable');
        i32[(a >> 2) + INIT] = storeValue([initializer, [...(initargs ?? [])]], process);
      }
    }
    this._attachRecord(a);
    Object.defineProperty(this, 'q', { value: new QueueCore(i32[(a >> 2) + QUEUE] ?? 0) });
    if (addr === undefined) remember(this);
  }

  get _max_workers(): number {
    return this.i32[this.i + MAX] ?? 0;
  }

  protected get process(): boolean {
    return (this.i32[this.i + PROCESS] ?? 0) === 1;
  }

  submit(fn: Fn, ...args: unknown[]): Future {
    const i32 = this.i32;
    const i = this.i;
    innerLock(i32, i + MUTEX);
    if ((i32[i + BROKEN] ?? 0) !== 0) {
      innerUnlock(i32, i + MUTEX);
      throw new BrokenExecutor(
        this.process
          ? 'A child process terminated abruptly, the process pool is not usable anymore'
          : 'A thread initializer failed, the thread pool is not usable anymore',
      );
    }
    if ((i32[i + SHUTDOWN] ?? 0) !== 0) {
      innerUnlock(i32, i + MUTEX);
      throw new RuntimeError('cannot schedule new futures after shutdown');
    }
    const was = i32[i + PENDING] ?? 0;
    i32[i + PENDING] = was + 1;
    if (was === 0) setWorkersDaemon(i32, i, false);
    innerUnlock(i32, i + MUTEX);
    const f = new Future(undefined, this.process);
    f._submitted();
    try {
      this.q.put([f, fn, args], true, null, false);
    } catch (e) {
      innerLock(i32, i + MUTEX);
      finishedLocked(i32, i, 1);
      innerUnlock(i32, i + MUTEX);
      throw e;
    }
    this.adjust();
    return f;
  }

  /** Starts a worker unless one is idle (threads) or starts them all at once (processes, fork). */
  private adjust(): void {
    const i32 = this.i32;
    const i = this.i;
    innerLock(i32, i + MUTEX);
    const max = i32[i + MAX] ?? 1;
    const first = i32[i + NWORKERS] ?? 0;
    let want = 0;
    if (this.process) want = max - first;
    else if ((i32[i + IDLE] ?? 0) > 0) i32[i + IDLE] = (i32[i + IDLE] ?? 1) - 1;
    else if (first < max) want = 1;
    // Reserve the slots now so a concurrent submit does not start the same workers again.
    i32[i + NWORKERS] = first + want;
    innerUnlock(i32, i + MUTEX);
    for (let n = first; n < first + want; n++) {
      let tid: number;
      try {
        tid = this.startWorker(n);
      } catch (e) {
        i32[i + BROKEN] = 1;
        throw e;
      }
      innerLock(i32, i + MUTEX);
      i32[i + WORKERS + n] = tid;
      Atomics.or(i32, slotIndex(tid) + T.FLAGS, ThreadFlag.POOL);
      if ((i32[i + PENDING] ?? 0) === 0) Atomics.or(i32, slotIndex(tid) + T.FLAGS, ThreadFlag.DAEMON);
      innerUnlock(i32, i + MUTEX);
    }
  }

  private startWorker(n: number): number {
    if (this.process) {
      const p = new Process({ target: executorWorker as Fn, args: [this.addr], daemon: false });
      p._rename('ForkProcess');
      p.start();
      return p.pid ?? 0;
    }
    const prefix = readString(this.i32, this.i32[this.i + PREFIX] ?? 0);
    const t = new Thread({ target: executorWorker as Fn, args: [this.addr], name: `${prefix}_${n}`, daemon: false });
    t.start();
    return t.native_id ?? 0;
  }

  /**
   * `map(fn, *iterables, timeout=None, chunksize=1)`: the options go last,
   * `map(fn, xs, ys, {timeout: 2, chunksize: 10})`. Every call is submitted now; iterating
   * yields the results in order and raises `TimeoutError` when a result is not ready `timeout`
   * seconds after this call. `chunksize` batches items per task for processes (ignored by
   * threads, as in CPython).
   */
  map(fn: Fn, ...rest: unknown[]): Generator<unknown, void, unknown> {
    const opts = rest.length > 0 && isMapOptions(rest[rest.length - 1]) ? (rest.pop() as { timeout?: number | null; chunksize?: number }) : {};
    const iterables = rest as Iterable<unknown>[];
    const timeout = opts.timeout ?? null;
    const chunksize = opts.chunksize ?? 1;
    if (this.process) {
      if (chunksize < 1) throw new ValueError('chunksize must be >= 1.');
      if (!Number.isInteger(chunksize)) throw new ValueError('Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
    }
    const endTime = timeout === null ? null : timeout + programSeconds();
    const fs: Future[] = [];
    if (this.process && chunksize > 1) {
      let chunk: unknown[][] = [];
      for (const args of zipped(iterables)) {
        chunk.push(args);
        if (chunk.length === chunksize) {
          fs.push(this.submit(processChunk as Fn, fn, chunk));
          chunk = [];
        }
      }
      if (chunk.length > 0) fs.push(this.submit(processChunk as Fn, fn, chunk));
      return chainChunks(resultIterator(fs, endTime));
    }
    for (const args of zipped(iterables)) fs.push(this.submit(fn, ...args));
    return resultIterator(fs, endTime);
  }

  shutdown(wait = true, options: { cancel_futures?: boolean } = {}): void {
    const i32 = this.i32;
    const i = this.i;
    innerLock(i32, i + MUTEX);
    i32[i + SHUTDOWN] = 1;
    innerUnlock(i32, i + MUTEX);
    if (options?.cancel_futures) {
      const items = this.q.drain() as WorkItem[];
      let n = 0;
      for (const item of items) {
        if (item === null) continue;
        item[0].cancel();
        n++;
      }
      innerLock(i32, i + MUTEX);
      finishedLocked(i32, i, n);
      innerUnlock(i32, i + MUTEX);
    }
    this.q.put(null, true, null, false);
    if (wait) this.joinWorkers();
  }

  private joinWorkers(): void {
    const me = ctx().tid;
    const n = this.i32[this.i + NWORKERS] ?? 0;
    const tids: number[] = [];
    for (let k = 0; k < n; k++) {
      const tid = this.i32[this.i + WORKERS + k] ?? 0;
      if (tid !== 0 && tid !== me) tids.push(tid);
    }
    joinEvery(tids, 'shutdown: join workers');
  }

  [Symbol.dispose](): void {
    this.shutdown(true);
  }

  __enter__(): this {
    return this;
  }

  __exit__(): boolean {
    this.shutdown(true);
    return false;
  }
}

export class ThreadPoolExecutor extends Executor {
  constructor(
    max_workers: number | null = null,
    thread_name_prefix = '',
    initializer: Fn | null = null,
    initargs: readonly unknown[] = [],
    addr?: number,
  ) {
    if (addr === undefined && max_workers !== null && max_workers !== undefined && max_workers <= 0) {
      throw new ValueError('max_workers must be greater than 0');
    }
    const max = max_workers ?? Math.min(32, cpu_count() + 4);
    super(addr, false, max, thread_name_prefix ?? '', initializer, initargs);
  }

  __repr__(): string {
    return `<concurrent.futures.thread.ThreadPoolExecutor object at 0x${this.addr.toString(16)}>`;
  }
}

export class ProcessPoolExecutor extends Executor {
  /** `ProcessPoolExecutor(max_workers, mp_context, initializer, initargs)`; mp_context is ignored (fork). */
  constructor(
    max_workers: number | null = null,
    mp_context: unknown = null,
    initializer: Fn | null = null,
    initargs: readonly unknown[] = [],
    addr?: number,
  ) {
    if (addr === undefined && max_workers !== null && max_workers !== undefined && max_workers <= 0) {
      throw new ValueError('max_workers must be greater than 0');
    }
    const max = max_workers ?? cpu_count();
    void mp_context;
    super(addr, true, max, 'ProcessPoolExecutor', initializer, initargs);
  }

  __repr__(): string {
    return `<concurrent.futures.process.ProcessPoolExecutor object at 0x${this.addr.toString(16)}>`;
  }
}

registerType(ObjType.Executor, (addr) => {
  const process = (ctx().i32[(addr >> 2) + PROCESS] ?? 0) === 1;
  return process ? new ProcessPoolExecutor(null, null, null, [], addr) : new ThreadPoolExecutor(null, '', null, [], addr);
});
