/**
 * What a Concurrency Playground program sees: the globals and the runtime modules named like
 * Python's (`threading`, `time`, `queue`, `multiprocessing`, `concurrent.futures`, `asyncio`,
 * `random`, `os`).
 * This file is the contract between programs and the runtime (docs/program-model.md–§4): the runtime
 * conforms to it, the editor feeds it to Monaco with `addExtraLib`, and the built-in scenarios
 * type-check against it (`tsconfig.scenarios.json`).
 *
 * It is a script (no top-level import/export) so its globals apply to every program. The
 * `reference lib` below brings `Disposable`/`AsyncDisposable` and `Symbol.dispose`, which the
 * block forms (`using` / `await using`) need, even when the host compiles with `lib: es2022`.
 *
 * Block forms (Python's `with`):
 * - `with lock:` → `using _ = lock.hold();` (Lock, RLock, Condition, Semaphore, BoundedSemaphore
 *   of `threading` and `multiprocessing`): `hold()` acquires and returns a Disposable whose
 *   dispose releases, at the end of the enclosing block, however it is left.
 * - `with ThreadPoolExecutor(3) as e:` → `using e = new ThreadPoolExecutor(3);` (dispose =
 *   `shutdown(true)`); `with Pool(4) as p:` → `using p = new Pool(4);` (dispose = `terminate()`,
 *   as CPython's `Pool.__exit__`).
 * - `async with lock:` → `await using _ = await lock.hold();` (asyncio Lock, Condition,
 *   Semaphore, BoundedSemaphore).
 * - `async for x in it:` → `for await (const x of it)` over an object with
 *   `[Symbol.asyncIterator]`.
 * - `with Manager() as m:` → `using m = new Manager();` (dispose = `shutdown()`);
 *   `with conn:` (a Pipe's Connection) → `using c = conn;` (dispose = `close()`).
 *
 * `import time from 'time'` (Python's `import time`) and `import * as time from 'time'` both give
 * the module; assigning to it (`threading.excepthook = hook`) needs the first form, because
 * TypeScript makes `import * as` namespaces read-only.
 *
 * Keyword arguments are positional in Python's order, except where an options object is
 * declared (`new Thread({target, args})`, `create_task(coro, {name})`, `wait(aws, {timeout})`,
 * `gather(...aws, {return_exceptions})`, `shutdown(wait, {cancel_futures})`,
 * `executor.map(fn, xs, {timeout, chunksize})`, `random.choices(xs, weights, {k})`). Durations are
 * seconds of program time (scaled by the run's speed); `undefined`/`null` timeouts wait forever,
 * as `None` does. Where an API takes Python `kwargs`, the function receives them as one extra
 * last argument (an object).
 */

/// <reference lib="esnext.disposable" />

/**
 * Type-only holder of Python's exception classes, so that the globals below and the modules'
 * re-exports (`queue.Empty`, `asyncio.CancelledError`, …) are the same classes. Programs use the
 * global names; this namespace itself is not available at run time.
 */
declare namespace __exceptions {
  /** Python's `Exception`: the base of the exceptions a program raises and catches; `name` is the Python class name. */
  class Exception extends Error {
    /** `raise Exception('msg')` → `throw new Exception('msg')`. */
    constructor(message?: string);
  }
  /** Python's `RuntimeError`: an operation in a wrong state (releasing an unlocked Lock, starting a thread twice, …). */
  class RuntimeError extends Exception {}
  /** Python's `ValueError`: a right type with a wrong value (`Semaphore(-1)`, too many `task_done()` calls, …). */
  class ValueError extends Exception {}
  /** Python's `KeyError`: a missing mapping key. */
  class KeyError extends Exception {}
  /** Python's `IndexError`: an index out of range. */
  class IndexError extends Exception {}
  /** Python's `AssertionError`: a failed `assert`. */
  class AssertionError extends Exception {}
  /** Python's `ZeroDivisionError`: division or modulo by zero. */
  class ZeroDivisionError extends Exception {}
  /** Python's `NotImplementedError` (a `RuntimeError`): an abstract method was called. */
  class NotImplementedError extends RuntimeError {}
  /** Python's `ModuleNotFoundError`: an import of a module the playground does not have. */
  class ModuleNotFoundError extends Exception {}
  /** Python's `OSError`: an operating-system level failure (`Connection.send` on a closed handle, …). */
  class OSError extends Exception {}
  /** Python's `EOFError`: `Connection.recv()` when the other end is closed and nothing is left to read. */
  class EOFError extends Exception {}
  /** Python's `ConnectionError` (an `OSError`): the base of `BrokenPipeError`. */
  class ConnectionError extends OSError {}
  /** Python's `BrokenPipeError` (a `ConnectionError`): a pipe's reading end is closed, or a Manager was shut down (`[Errno 32] Broken pipe`). */
  class BrokenPipeError extends ConnectionError {}
  /** Python's builtin `TimeoutError` (an `OSError`); since 3.11 also `asyncio.TimeoutError` and `concurrent.futures.TimeoutError`. */
  class TimeoutError extends OSError {}
  /** `threading.BrokenBarrierError` (a `RuntimeError`): the Barrier was reset or aborted while, or before, waiting. */
  class BrokenBarrierError extends RuntimeError {}
  /** Python's `StopAsyncIteration`: an async iterator's `__anext__` has no more items. */
  class StopAsyncIteration extends Exception {}
  /** `queue.Empty`: a non-blocking or timed `get()` found no item. */
  class Empty extends Exception {}
  /** `queue.Full`: a non-blocking or timed `put()` found no free slot. */
  class Full extends Exception {}
  /** `asyncio.QueueEmpty`: `get_nowait()` on an empty asyncio Queue. */
  class QueueEmpty extends Exception {}
  /** `asyncio.QueueFull`: `put_nowait()` on a full asyncio Queue. */
  class QueueFull extends Exception {}
  /** `asyncio.CancelledError`: the task or future was cancelled (a BaseException in Python: `except Exception` does not catch it). */
  class CancelledError extends Error {
    /** `CancelledError(msg)`: the message given to `cancel(msg)`. */
    constructor(message?: string);
  }
  /** `asyncio.InvalidStateError`: e.g. `result()` of a future that is not done, `set_result` twice. */
  class InvalidStateError extends Exception {}
  /** `concurrent.futures.BrokenExecutor` (a `RuntimeError`): a pool worker died, the executor cannot be used. */
  class BrokenExecutor extends RuntimeError {}
  /**
   * Python's `ExceptionGroup`: several exceptions raised together, as a failing
   * `asyncio.TaskGroup` raises its tasks' errors. `message` is the message given; `String(e)`
   * reads `ExceptionGroup: message (2 sub-exceptions)`, and an uncaught group prints each
   * sub-exception's traceback in a frame, as Python does.
   */
  class ExceptionGroup<E extends Error = Error> extends Exception {
    /** `ExceptionGroup(message, exceptions)`: `exceptions` must be a non-empty list of exceptions (`ValueError` otherwise). */
    constructor(message: string, exceptions: Iterable<E>);
    /** The sub-exceptions, in the order given (Python's `eg.exceptions`). */
    readonly exceptions: readonly E[];
  }
}

/* The exception classes are globals, as Python's builtins are (no import needed). */
import Exception = __exceptions.Exception;
import RuntimeError = __exceptions.RuntimeError;
import ValueError = __exceptions.ValueError;
import KeyError = __exceptions.KeyError;
import IndexError = __exceptions.IndexError;
import AssertionError = __exceptions.AssertionError;
import ZeroDivisionError = __exceptions.ZeroDivisionError;
import NotImplementedError = __exceptions.NotImplementedError;
import ModuleNotFoundError = __exceptions.ModuleNotFoundError;
import OSError = __exceptions.OSError;
import EOFError = __exceptions.EOFError;
import ConnectionError = __exceptions.ConnectionError;
import BrokenPipeError = __exceptions.BrokenPipeError;
import TimeoutError = __exceptions.TimeoutError;
import BrokenBarrierError = __exceptions.BrokenBarrierError;
import StopAsyncIteration = __exceptions.StopAsyncIteration;
import Empty = __exceptions.Empty;
import Full = __exceptions.Full;
import QueueEmpty = __exceptions.QueueEmpty;
import QueueFull = __exceptions.QueueFull;
import CancelledError = __exceptions.CancelledError;
import InvalidStateError = __exceptions.InvalidStateError;
import BrokenExecutor = __exceptions.BrokenExecutor;
import ExceptionGroup = __exceptions.ExceptionGroup;

/**
 * Python's `print`: the values' Python reprs (strings bare at top level) joined by one space, one
 * console line per printed line, tagged with the printing thread (`print(1, 'a', [true])` → `1 a [True]`).
 */
declare function print(...values: unknown[]): void;

/** Python's `range(stop)`: 0, 1, …, stop-1; iterable any number of times, `length` = `len(range(...))`. */
declare function range(stop: number): Iterable<number> & { readonly length: number };
/** Python's `range(start, stop, step = 1)`: start, start+step, … up to but excluding stop (step may be negative, not 0). */
declare function range(
  start: number,
  stop: number,
  step?: number,
): Iterable<number> & { readonly length: number };

/**
 * Memory that threads mutate together (Python's module globals): a record of numeric fields in
 * the shared heap. Call it at the top level: `const g = shared({ num: 0 });` then `g.num += 1` in
 * any thread (a non-atomic read-modify-write, so races are real). A child *process* gets a copy:
 * its writes are invisible to its parent (use `multiprocessing.Value` to share across processes).
 */
declare function shared<T extends Record<string, number>>(fields: T): T;

/** Python's `__name__`: `'__main__'` in the program's main thread, as when the script is run directly. */
declare const __name__: string;

/**
 * Python's `threading`. Every `Thread` is a real Web Worker running in parallel.
 *
 * Threads see module-level bindings: a target may use the module's functions, classes, constants
 * and runtime objects (locks, events, queues, `shared(...)` records) directly, as Python threads
 * use globals. Plain JS values are *copies*, taken when the thread starts; put values threads
 * mutate together in `shared({...})`. Functions that cross to another thread (Thread targets,
 * Timer functions) must be module-level functions or classes, or methods of runtime objects; a
 * closure is refused by `start()` with a `TypeError`. A `Thread` subclass's own fields are copied
 * into its thread.
 */
declare module 'threading' {
  export import BrokenBarrierError = __exceptions.BrokenBarrierError;

  /** Options of `Thread(...)`, Python's keyword arguments. */
  export interface ThreadOptions {
    /** The module-level function `run()` calls (Python `target=`); none: `run()` does nothing. */
    target?: ((...args: never[]) => unknown) | null;
    /** Positional arguments for `target` (Python `args=(1,)` → `args: [1]`). */
    args?: readonly unknown[];
    /** Keyword arguments for `target`, passed to it as one extra last argument (an object). */
    kwargs?: Record<string, unknown>;
    /** The thread's name; default `Thread-N (target)` as CPython 3.10+. */
    name?: string;
    /** A daemon thread is stopped when the program ends instead of being waited for; default: inherit the creator's. */
    daemon?: boolean | null;
  }

  /**
   * A thread of control: `new Thread({ target: func, args: [1] }).start()`, or subclass it and
   * override `run()` (`class thread1 extends Thread { run() { … } }`).
   */
  export class Thread {
    /** `Thread(target=func, args=(1,))` → `new Thread({ target: func, args: [1] })`. */
    constructor(options?: ThreadOptions);
    /** Starts the thread (it calls `run()` in a new worker); twice → `RuntimeError`; a closure target → `TypeError`. */
    start(): void;
    /** The thread's activity: calls `target(...args, kwargs?)`; override it in a subclass. */
    run(): void;
    /** Blocks until the thread ends or `timeout` seconds pass; on self or an unstarted thread → `RuntimeError`. */
    join(timeout?: number | null): void;
    /** True from just before `run()` starts until just after it ends. */
    is_alive(): boolean;
    /** The thread's name (for output and the timeline lane); `Thread-N (target)` by default. */
    name: string;
    /** The thread identifier (a number), or `null` before `start()`. */
    readonly ident: number | null;
    /** The thread's native id (its worker's number), or `null` before `start()`. */
    readonly native_id: number | null;
    /** Whether it is a daemon thread; settable only before `start()`. */
    daemon: boolean;
  }

  /**
   * A primitive lock: one holder at a time; any thread may release it.
   * Block form (`with lock:`): `using _ = lock.hold();` releases at the end of the block.
   */
  export class Lock {
    /** `Lock()`: a new, unlocked lock. */
    constructor();
    /** Waits until unlocked then locks it; non-blocking or timed (`timeout` -1 = forever) → False when not acquired. */
    acquire(blocking?: boolean, timeout?: number): boolean;
    /** Unlocks it (any thread may); unlocked → `RuntimeError`. */
    release(): void;
    /** True if some thread holds it. */
    locked(): boolean;
    /** `with lock:` → `using _ = lock.hold();`: acquires now, releases when the block ends. */
    hold(): Disposable;
  }

  /**
   * A re-entrant lock: its owner may acquire it again; it is free after as many releases.
   * Block form: `using _ = rlock.hold();` (nestable).
   */
  export class RLock {
    /** `RLock()`: a new, unowned re-entrant lock. */
    constructor();
    /** Acquires it (again, if this thread owns it: the count goes up); non-blocking or timed → False when not acquired. */
    acquire(blocking?: boolean, timeout?: number): boolean;
    /** Decrements the count, freeing it at 0; by a non-owner or when unheld → `RuntimeError`. */
    release(): void;
    /** `with rlock:` → `using _ = rlock.hold();`: acquires now, releases when the block ends. */
    hold(): Disposable;
  }

  /**
   * A condition variable: threads wait on it until another notifies, always holding its lock.
   * Block form: `using _ = cond.hold();` then `cond.wait()` / `cond.notify()` inside the block.
   */
  export class Condition {
    /** `Condition(lock=None)`: over the given Lock/RLock, or a new RLock. */
    constructor(lock?: Lock | RLock | null);
    /** Acquires the underlying lock (same arguments and result as its `acquire`). */
    acquire(blocking?: boolean, timeout?: number): boolean;
    /** Releases the underlying lock. */
    release(): void;
    /** Releases the lock, blocks until notified (or `timeout`), re-acquires; False on timeout; lock not held → `RuntimeError`. */
    wait(timeout?: number | null): boolean;
    /** Waits until `predicate()` is truthy (or `timeout`); returns the predicate's last value. */
    wait_for<T>(predicate: () => T, timeout?: number | null): T;
    /** Wakes exactly `n` (default 1) waiting threads, oldest first; lock not held → `RuntimeError`. */
    notify(n?: number): void;
    /** Wakes every waiting thread; lock not held → `RuntimeError`. */
    notify_all(): void;
    /** `with cond:` → `using _ = cond.hold();`: acquires the lock now, releases when the block ends. */
    hold(): Disposable;
  }

  /**
   * A counter of permits: `acquire` takes one (waiting while there are none), `release` gives back.
   * Block form: `using _ = sem.hold();`.
   */
  export class Semaphore {
    /** `Semaphore(value=1)`: that many permits; `value < 0` → `ValueError`. */
    constructor(value?: number);
    /** Takes a permit, waiting while there is none; non-blocking or timed → False when none was taken. */
    acquire(blocking?: boolean, timeout?: number | null): boolean;
    /** Gives back `n` permits (default 1), waking up to `n` waiters. */
    release(n?: number): void;
    /** `with sem:` → `using _ = sem.hold();`: takes a permit now, gives it back when the block ends. */
    hold(): Disposable;
  }

  /** A Semaphore whose `release` past its initial value raises `ValueError`. Block form: `using _ = sem.hold();`. */
  export class BoundedSemaphore extends Semaphore {}

  /** A flag threads wait on: `set()` wakes every waiter until `clear()`. */
  export class Event {
    /** `Event()`: a new event, not set. */
    constructor();
    /** True if the flag is set. */
    is_set(): boolean;
    /** Sets the flag and wakes every waiting thread. */
    set(): void;
    /** Resets the flag: later `wait()`s block again. */
    clear(): void;
    /** Blocks until the flag is set (or `timeout`); returns the flag (False on timeout). */
    wait(timeout?: number | null): boolean;
  }

  /** A rendezvous: `wait()` blocks until `parties` threads are waiting, then releases them all at once. */
  export class Barrier {
    /** `Barrier(parties, action=None, timeout=None)`: `action` runs in one released thread before the others go. */
    constructor(parties: number, action?: (() => unknown) | null, timeout?: number | null);
    /** Waits for the other parties; returns an index 0..parties-1, different for each thread; broken or timed out → `BrokenBarrierError`. */
    wait(timeout?: number | null): number;
    /** Returns it to the empty state; threads waiting now get `BrokenBarrierError`. */
    reset(): void;
    /** Breaks it: current and future waiters get `BrokenBarrierError` until `reset()`. */
    abort(): void;
    /** The number of threads needed to pass. */
    readonly parties: number;
    /** The number of threads waiting now. */
    readonly n_waiting: number;
    /** True if it is broken. */
    readonly broken: boolean;
  }

  /** A Thread that calls `fn(...args)` after `interval` seconds unless cancelled first. */
  export class Timer extends Thread {
    /** `Timer(interval, function, args=None, kwargs=None)`; `fn` must be module-level. */
    constructor(
      interval: number,
      fn: (...args: never[]) => unknown,
      args?: readonly unknown[] | null,
      kwargs?: Record<string, unknown> | null,
    );
    /** Stops the timer if it is still waiting; its function will not run. */
    cancel(): void;
  }

  /**
   * Thread-local data: attributes set on one instance are separate per thread
   * (`const data = new local(); data.num = 1;`).
   */
  export class local {
    /** `local()`: a new thread-local namespace. */
    constructor();
    /** Any attribute (Python's instances are dynamic); each thread sees its own value. */
    // `any`: Python attributes are untyped, and `data.num += 1` must type-check.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    [attribute: string]: any;
  }

  /** The Thread object of the caller (`MainThread` in the main program). */
  export function current_thread(): Thread;
  /** The main Thread object (the one that runs the program's top level). */
  export function main_thread(): Thread;
  /** The number of Thread objects alive now (the main thread included). */
  export function active_count(): number;
  /** The list of Thread objects alive now. */
  export function enumerate(): Thread[];
  /** The caller's thread identifier (its `ident`). */
  export function get_ident(): number;

  /** What `threading.excepthook` receives (Python's `threading.ExceptHookArgs`). */
  export class ExceptHookArgs {
    /** `ExceptHookArgs([exc_type, exc_value, exc_traceback, thread])`. */
    constructor(args: readonly [unknown, unknown, unknown, unknown]);
    /** The exception's class (`args.exc_type.name` is its Python name). */
    readonly exc_type: (abstract new (...args: never[]) => unknown) | null;
    /** The exception `run()` raised. */
    readonly exc_value: unknown;
    /** Its traceback (printable only: `<traceback object>`). */
    readonly exc_traceback: unknown;
    /** The Thread whose `run()` raised. */
    readonly thread: Thread | null;
  }

  /**
   * Python's `threading.excepthook`: called with an `ExceptHookArgs` when a thread's `run()`
   * raises; the default prints `Exception in thread NAME:` and the traceback to stderr. Assign
   * your own with the default import: `import threading from 'threading'; threading.excepthook =
   * hook;`. Set it in the main thread before starting threads: each thread (a worker of its own)
   * takes over the hook its starter had at `start()`, so the hook must be a module-level function
   * (a closure makes `start()` raise `TypeError`). A child process takes over its parent's hook
   * for its own threads. `null` is Python's `None`: `new Thread()` then raises `RuntimeError`.
   */
  export let excepthook: ((args: ExceptHookArgs) => unknown) | null;
  /** Python's `threading.__excepthook__`: the original hook (a custom hook may call it). */
  export function __excepthook__(args: ExceptHookArgs): void;

  /** The module itself, for `import threading from 'threading'` (Python's `import threading`). */
  const _module: typeof import('threading');
  export default _module;
}

/** Python's `time`. Program time: at speed 10 `sleep(1)` takes 0.1 s of wall time and `time()` still advances 1 s. */
declare module 'time' {
  /** Blocks the calling thread (and any event loop running in it) for `secs` seconds. */
  export function sleep(secs: number): void;
  /** Seconds since the Unix epoch, a float. */
  export function time(): number;
  /** A high-resolution clock for measuring intervals, in seconds. */
  export function perf_counter(): number;
  /** A clock that never goes back, in seconds. */
  export function monotonic(): number;
  /** A time (default: now) as a string like `Sat Jul 13 10:39:27 2019`. */
  export function ctime(secs?: number | null): string;
  /**
   * Python's `time.perf_counter_ns()`: `perf_counter()` in integer nanoseconds, a `bigint` (prints
   * as Python's int; subtract two readings, `Number(t1 - t0) / 1e9` gives seconds).
   */
  export function perf_counter_ns(): bigint;
  /** Python's `time.monotonic_ns()`: `monotonic()` in integer nanoseconds, a `bigint`. */
  export function monotonic_ns(): bigint;
  /** Python's `time.time_ns()`: nanoseconds since the epoch, a `bigint` (about 1.7e18: past what a number holds exactly). */
  export function time_ns(): bigint;

  /** The module itself, for `import time from 'time'` (Python's `import time`). */
  const _module: typeof import('time');
  export default _module;
}

/**
 * Python's `random`, with CPython's generator (MT19937) and algorithms: after `seed(42)` (an
 * integer seed), `random()`, `randint`, `randrange`, `choice`, `choices`, `shuffle`, `sample` and
 * `uniform` give the numbers CPython gives. `import random from 'random'` or
 * `import {randint} from 'random'`.
 *
 * Each thread has its own generator: unseeded, fresh entropy; a thread started by a seeded
 * thread gets its own reproducible stream derived from that seed (CPython's threads share one
 * generator, so their share of it depends on scheduling). A child process reseeds from fresh
 * entropy, as CPython's does after fork. Float and string seeds are reproducible but differ from
 * CPython's.
 */
declare module 'random' {
  /** A Python sequence: an array, a string, or a `range(...)`. */
  export type Sequence<T> = ArrayLike<T> | (Iterable<T> & { readonly length: number });

  /** Python's `random.seed(a=None)`: integers as CPython; none: fresh entropy. */
  export function seed(a?: number | bigint | string | null): void;
  /** Python's `random.random()`: a float in [0.0, 1.0). */
  export function random(): number;
  /** Python's `random.uniform(a, b)`: a float between a and b. */
  export function uniform(a: number, b: number): number;
  /** Python's `random.randint(a, b)`: an integer N with a <= N <= b. */
  export function randint(a: number, b: number): number;
  /** Python's `random.randrange(stop)` / `randrange(start, stop, step = 1)`: a random element of `range(...)`. */
  export function randrange(start: number, stop?: number | null, step?: number): number;
  /** Python's `random.getrandbits(k)`: an int of k random bits (k <= 53 here). */
  export function getrandbits(k: number): number;
  /** Python's `random.choice(seq)`: one element; empty → `IndexError`. */
  export function choice<T>(seq: Sequence<T>): T;
  /**
   * Python's `random.choices(population, weights=None, *, cum_weights=None, k=1)`: k elements
   * with replacement; keyword arguments last: `choices(xs, {k: 5})`, `choices(xs, [3, 1], {k: 5})`.
   */
  export function choices<T>(population: Sequence<T>, options?: { cum_weights?: readonly number[] | null; k?: number }): T[];
  export function choices<T>(
    population: Sequence<T>,
    weights: readonly number[] | null,
    options?: { cum_weights?: readonly number[] | null; k?: number },
  ): T[];
  /** Python's `random.shuffle(x)`: shuffles the array in place. */
  export function shuffle(x: unknown[]): void;
  /** Python's `random.sample(population, k)`: k distinct elements, in selection order. */
  export function sample<T>(population: Sequence<T>, k: number): T[];

  /** Python's `random.Random(seed?)`: a generator with its own state and the functions above as methods. */
  export class Random {
    constructor(seed?: number | bigint | string | null);
    seed(a?: number | bigint | string | null): void;
    random(): number;
    uniform(a: number, b: number): number;
    randint(a: number, b: number): number;
    randrange(start: number, stop?: number | null, step?: number): number;
    getrandbits(k: number): number;
    choice<T>(seq: Sequence<T>): T;
    choices<T>(population: Sequence<T>, options?: { cum_weights?: readonly number[] | null; k?: number }): T[];
    choices<T>(population: Sequence<T>, weights: readonly number[] | null, options?: { cum_weights?: readonly number[] | null; k?: number }): T[];
    shuffle(x: unknown[]): void;
    sample<T>(population: Sequence<T>, k: number): T[];
  }

  /** The module itself, for `import random from 'random'` (Python's `import random`). */
  const _module: typeof import('random');
  export default _module;
}

/** The part of Python's `os` that concurrency examples print: process ids and the CPU count. */
declare module 'os' {
  /** Python's `os.getpid()`: the calling process's id (the same as `multiprocessing.current_process().pid`; the main program's is 1). */
  export function getpid(): number;
  /** Python's `os.getppid()`: the id of the process that started the caller's (0 for the main program: no process of the run started it). */
  export function getppid(): number;
  /** Python's `os.cpu_count()`: the logical CPUs the browser reports. */
  export function cpu_count(): number;

  /** The module itself, for `import os from 'os'` (Python's `import os`). */
  const _module: typeof import('os');
  export default _module;
}

/**
 * Python's `queue`: thread-safe FIFO / LIFO / priority queues between threads of one process.
 * Items are structured-cloneable values, copied on `put`.
 */
declare module 'queue' {
  export import Empty = __exceptions.Empty;
  export import Full = __exceptions.Full;

  /** A FIFO queue: `put` blocks while full (maxsize > 0), `get` blocks while empty. */
  export class Queue<T = unknown> {
    /** `Queue(maxsize=0)`: at most `maxsize` items (0 or less: unbounded). */
    constructor(maxsize?: number);
    /** The bound given to the constructor. */
    readonly maxsize: number;
    /** Adds an item, waiting for a free slot; non-blocking or timed → `Full`. */
    put(item: T, block?: boolean, timeout?: number | null): void;
    /** Removes and returns an item, waiting for one; non-blocking or timed → `Empty`. */
    get(block?: boolean, timeout?: number | null): T;
    /** `put(item, false)`: adds an item now or raises `Full`. */
    put_nowait(item: T): void;
    /** `get(false)`: returns an item now or raises `Empty`. */
    get_nowait(): T;
    /** Marks one fetched item as processed (for `join()`); more calls than items → `ValueError`. */
    task_done(): void;
    /** Blocks until every item put has been marked with `task_done()`. */
    join(): void;
    /** The approximate number of items. */
    qsize(): number;
    /** True if it is (approximately) empty. */
    empty(): boolean;
    /** True if it is (approximately) full. */
    full(): boolean;
  }

  /** A LIFO queue (a stack): the last item put is the first got. */
  export class LifoQueue<T = unknown> extends Queue<T> {}

  /** A priority queue: the lowest item first (Python ordering, e.g. `[priority, data]` pairs). */
  export class PriorityQueue<T = unknown> extends Queue<T> {}

  /** An unbounded FIFO queue without task tracking (Python's smaller `SimpleQueue`). */
  export class SimpleQueue<T = unknown> {
    /** `SimpleQueue()`: a new, empty, unbounded queue. */
    constructor();
    /** Adds an item; never blocks (`block` and `timeout` exist for compatibility). */
    put(item: T, block?: boolean, timeout?: number | null): void;
    /** Removes and returns an item, waiting for one; non-blocking or timed → `Empty`. */
    get(block?: boolean, timeout?: number | null): T;
    /** `put(item, false)`. */
    put_nowait(item: T): void;
    /** `get(false)`: returns an item now or raises `Empty`. */
    get_nowait(): T;
    /** True if it is (approximately) empty. */
    empty(): boolean;
    /** The approximate number of items. */
    qsize(): number;
  }

  /** The module itself, for `import queue from 'queue'` (Python's `import queue`). */
  const _module: typeof import('queue');
  export default _module;
}

/**
 * Python's `concurrent.futures`: pools that run functions on worker threads or processes.
 * Submitted functions must be module-level (they cross to another worker); their arguments and
 * results are copied. Block form: `using e = new ThreadPoolExecutor(3);` (dispose = `shutdown(true)`).
 */
declare module 'concurrent.futures' {
  export import TimeoutError = __exceptions.TimeoutError;
  export import CancelledError = __exceptions.CancelledError;
  export import InvalidStateError = __exceptions.InvalidStateError;
  export import BrokenExecutor = __exceptions.BrokenExecutor;
import ExceptionGroup = __exceptions.ExceptionGroup;

  /** `wait(..., return_when=FIRST_COMPLETED)`: return when any future finishes or is cancelled. */
  export const FIRST_COMPLETED: 'FIRST_COMPLETED';
  /** `wait(..., return_when=FIRST_EXCEPTION)`: return when any future raises (else when all finish). */
  export const FIRST_EXCEPTION: 'FIRST_EXCEPTION';
  /** `wait(..., return_when=ALL_COMPLETED)`: return when all futures finish or are cancelled (the default). */
  export const ALL_COMPLETED: 'ALL_COMPLETED';

  /** The eventual result of a call submitted to an executor; its methods may be used from any thread. */
  export class Future<T = unknown> {
    /** Blocks until done (or `timeout` → `TimeoutError`); returns the result or raises the call's exception (`CancelledError` if cancelled). */
    result(timeout?: number | null): T;
    /** Blocks until done (or `timeout`); returns the call's exception, or `null` if it succeeded. */
    exception(timeout?: number | null): Error | null;
    /** True if it finished or was cancelled. */
    done(): boolean;
    /** True while the call is running (it can no longer be cancelled). */
    running(): boolean;
    /** True if it was cancelled. */
    cancelled(): boolean;
    /** Cancels it if it has not started; returns whether it is now cancelled. */
    cancel(): boolean;
    /** Calls `fn(future)` when done (at once if already done), in the thread that completes it. */
    add_done_callback(fn: (future: Future<T>) => unknown): void;
    /** Completes the future with a result (for executors and tests). */
    set_result(result: T): void;
    /** Completes the future with an exception. */
    set_exception(exception: Error): void;
    /** Marks it running, or returns false if it was cancelled. */
    set_running_or_notify_cancel(): boolean;
  }

  /** What `wait()` returns (Python's named tuple `DoneAndNotDoneFutures`). */
  export interface DoneAndNotDoneFutures<F> {
    /** The futures that finished or were cancelled. */
    done: Set<F>;
    /** The others. */
    not_done: Set<F>;
  }

  /** `Executor.map`'s keyword arguments. */
  export interface MapOptions {
    /** Seconds from the `map` call after which a result not yet ready raises `TimeoutError` (default: wait forever). */
    timeout?: number | null;
    /** Items per task for a ProcessPoolExecutor (default 1; below 1 → `ValueError`); ignored by ThreadPoolExecutor. */
    chunksize?: number;
  }

  /** The common interface of ThreadPoolExecutor and ProcessPoolExecutor. Disposable: `using e = new ThreadPoolExecutor(3);`. */
  export abstract class Executor implements Disposable {
    /** Schedules `fn(...args)` on a worker; returns its Future; after shutdown → `RuntimeError`. */
    submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Future<R>;
    /**
     * Python's `Executor.map(fn, *iterables, timeout=None, chunksize=1)`: calls `fn` on each item
     * concurrently (all submitted now); iterating yields the results in order, blocking for each.
     * Options last: `map(fn, xs, {timeout: 2})` raises `TimeoutError` when iterating reaches a
     * result not ready 2 s after the `map` call (the rest are cancelled); `chunksize` sends that
     * many items per task to a ProcessPoolExecutor (ignored by threads, as in CPython).
     */
    map<A, R>(fn: (a: A) => R, iterable: Iterable<A>, options?: MapOptions): IterableIterator<R>;
    /** `map(fn, xs, ys)`: `fn(x, y)` for the items taken pairwise (options may follow). */
    map<A, B, R>(fn: (a: A, b: B) => R, iterable1: Iterable<A>, iterable2: Iterable<B>, options?: MapOptions): IterableIterator<R>;
    /** `map(fn, ...iterables)`: `fn` gets one item of each iterable, stopping at the shortest. */
    map<R>(fn: (...items: never[]) => R, ...iterables: (Iterable<unknown> | MapOptions)[]): IterableIterator<R>;
    /** Stops taking work; `wait` (default true) blocks until running and pending calls finish; `cancel_futures` cancels pending ones. */
    shutdown(wait?: boolean, options?: { cancel_futures?: boolean }): void;
    /** End of a `using` block: `shutdown(true)`. */
    [Symbol.dispose](): void;
  }

  /** An executor with a pool of worker threads. Block form: `using e = new ThreadPoolExecutor(3);`. */
  export class ThreadPoolExecutor extends Executor {
    /** `ThreadPoolExecutor(max_workers=None)`: at most that many threads (default `min(32, cpu_count() + 4)`). */
    constructor(
      max_workers?: number | null,
      thread_name_prefix?: string,
      initializer?: ((...args: never[]) => unknown) | null,
      initargs?: readonly unknown[],
    );
  }

  /** An executor with a pool of worker processes (fork semantics). Block form: `using e = new ProcessPoolExecutor(2);`. */
  export class ProcessPoolExecutor extends Executor {
    /** `ProcessPoolExecutor(max_workers=None)`: at most that many processes (default `cpu_count()`). */
    constructor(max_workers?: number | null, mp_context?: null, initializer?: ((...args: never[]) => unknown) | null, initargs?: readonly unknown[]);
  }

  /** Yields the futures as they complete (finished or cancelled); not all done within `timeout` → `TimeoutError`. */
  export function as_completed<F extends Future<unknown>>(fs: Iterable<F>, timeout?: number | null): IterableIterator<F>;

  /** Blocks until `return_when` (default ALL_COMPLETED) or `timeout`; returns `{done, not_done}`. */
  export function wait<F extends Future<unknown>>(
    fs: Iterable<F>,
    timeout?: number | null,
    return_when?: 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED',
  ): DoneAndNotDoneFutures<F>;

  /** The module itself, for `import futures from 'concurrent.futures'`. */
  const _module: typeof import('concurrent.futures');
  export default _module;
}

/**
 * Python's `multiprocessing`, with fork semantics: a child process gets a *copy* of everything at
 * `start()` (including `shared(...)` records: its writes are invisible to its parent), except
 * the multiprocessing objects (`Queue`, `Value`, `Array`, `Lock`, `Event`, `Semaphore`,
 * `Condition`, `Barrier`, pool results, `Manager()` proxies), which stay shared; a `Pipe()`'s
 * Connections are file descriptors: the child gets its own copy of each, closed separately.
 * A crash in one process never takes down another. Process targets and pool functions must be module-level functions.
 * `Lock`, `RLock`, `Condition`, `Semaphore`, `BoundedSemaphore`, `Event`, `Barrier` have the
 * `threading` API and block forms (`using _ = lock.hold();`) and work across processes.
 */
declare module 'multiprocessing' {
  export {
    Lock,
    RLock,
    Condition,
    Semaphore,
    BoundedSemaphore,
    Event,
    Barrier,
  } from 'threading';
  /** `multiprocessing.TimeoutError`: `AsyncResult.get(timeout)` ran out of time (typed as the builtin TimeoutError). */
  export import TimeoutError = __exceptions.TimeoutError;

  /** Options of `Process(...)`, Python's keyword arguments. */
  export interface ProcessOptions {
    /** The module-level function the process runs (a subclass overriding `run()` needs none). */
    target?: (...args: never[]) => unknown;
    /** Positional arguments for `target` (Python `args=(1,)` → `args: [1]`). */
    args?: readonly unknown[];
    /** Keyword arguments for `target`, passed to it as one extra last argument (an object). */
    kwargs?: Record<string, unknown>;
    /** The process's name; default `Process-N`. */
    name?: string;
    /** A daemon process is terminated when its parent ends; default: inherit. */
    daemon?: boolean | null;
  }

  /** A child process: `new Process({ target: func, args: [n] }).start()`. */
  export class Process {
    /** `Process(target=func, args=(n,))` → `new Process({ target: func, args: [n] })`. */
    constructor(options?: ProcessOptions);
    /** Starts the process: it runs `target` on a copy of the program's state. */
    start(): void;
    /** Blocks until the process ends or `timeout` seconds pass. */
    join(timeout?: number | null): void;
    /** Stops it at once (SIGTERM); its exitcode becomes -15. */
    terminate(): void;
    /** Stops it at once (SIGKILL); its exitcode becomes -9. */
    kill(): void;
    /** True from `start()` until it ends. */
    is_alive(): boolean;
    /** `null` while running; 0 after a normal end, 1 after an uncaught exception, -N if stopped by signal N. */
    readonly exitcode: number | null;
    /** The process id, or `null` before `start()`. */
    readonly pid: number | null;
    /** The process's name (for output and the timeline lane). */
    name: string;
    /** Whether it is a daemon process; settable only before `start()`. */
    daemon: boolean;
  }

  /** The result of `Pool.apply_async` / `map_async`. */
  export interface AsyncResult<T> {
    /** Blocks until ready (or `timeout` → `TimeoutError`); returns the result or raises the call's exception. */
    get(timeout?: number | null): T;
    /** Blocks until ready or `timeout` passes. */
    wait(timeout?: number | null): void;
    /** True if the call has finished. */
    ready(): boolean;
    /** True if it finished without raising; not ready → `ValueError`. */
    successful(): boolean;
  }

  /** A pool of worker processes. Block form: `using p = new Pool(4);` (dispose = `terminate()`, as CPython). */
  export class Pool implements Disposable {
    /** `Pool(processes=None, initializer=None, initargs=())`: worker processes (default `cpu_count()`), each running `initializer(...initargs)` first. */
    constructor(processes?: number | null, initializer?: ((...args: never[]) => unknown) | null, initargs?: readonly unknown[]);
    /** Calls `fn(...args)` in a worker and blocks for the result. */
    apply<A extends readonly unknown[], R>(fn: (...args: A) => R, args?: A): R;
    /** `apply(fn, args, kwds)`: `fn` gets `kwds` as one extra last argument. */
    apply<A extends readonly unknown[], K extends object, R>(fn: (...args: [...A, K]) => R, args: A, kwds: K): R;
    /** Schedules `fn(...args)` in a worker; `callback(result)` / `error_callback(exc)` run in the parent when it ends. */
    apply_async<A extends readonly unknown[], R>(
      fn: (...args: A) => R,
      args?: A,
      kwds?: null,
      callback?: ((result: R) => unknown) | null,
      error_callback?: ((error: Error) => unknown) | null,
    ): AsyncResult<R>;
    /** `apply_async(fn, args, kwds, …)`: `fn` gets `kwds` as one extra last argument. */
    apply_async<A extends readonly unknown[], K extends object, R>(
      fn: (...args: [...A, K]) => R,
      args: A,
      kwds: K,
      callback?: ((result: R) => unknown) | null,
      error_callback?: ((error: Error) => unknown) | null,
    ): AsyncResult<R>;
    /** Calls `fn(item)` for each item across the workers and blocks for the list of results, in order. */
    map<A, R>(fn: (item: A) => R, iterable: Iterable<A>, chunksize?: number | null): R[];
    /** `map` without blocking: an AsyncResult of the list; callbacks as in `apply_async`. */
    map_async<A, R>(
      fn: (item: A) => R,
      iterable: Iterable<A>,
      chunksize?: number | null,
      callback?: ((result: R[]) => unknown) | null,
      error_callback?: ((error: Error) => unknown) | null,
    ): AsyncResult<R[]>;
    /** A lazy `map`: iterating yields the results in order, blocking for each. */
    imap<A, R>(fn: (item: A) => R, iterable: Iterable<A>, chunksize?: number): IterableIterator<R>;
    /** Like `imap`, but results come in the order they finish. */
    imap_unordered<A, R>(fn: (item: A) => R, iterable: Iterable<A>, chunksize?: number): IterableIterator<R>;
    /** `starmap(fn, [(a, b), …])`: calls `fn(a, b)` for each argument tuple; blocks for the results, in order. */
    starmap<A extends readonly unknown[], R>(fn: (...args: A) => R, iterable: Iterable<A>, chunksize?: number | null): R[];
    /** `starmap` without blocking. */
    starmap_async<A extends readonly unknown[], R>(
      fn: (...args: A) => R,
      iterable: Iterable<A>,
      chunksize?: number | null,
      callback?: ((result: R[]) => unknown) | null,
      error_callback?: ((error: Error) => unknown) | null,
    ): AsyncResult<R[]>;
    /** Takes no more work; the workers exit when the pending work is done. */
    close(): void;
    /** Stops the workers at once, dropping pending work. */
    terminate(): void;
    /** Waits for the workers to exit; before `close()` or `terminate()` → `ValueError`. */
    join(): void;
    /** End of a `using` block: `terminate()`, as CPython's `Pool.__exit__`. */
    [Symbol.dispose](): void;
  }

  /** A FIFO queue shared between processes (items are copied). */
  export class Queue<T = unknown> {
    /** `Queue(maxsize=0)`: at most `maxsize` items (0 or less: unbounded). */
    constructor(maxsize?: number);
    /** Adds an item, waiting for a free slot; non-blocking or timed → `queue.Full`. */
    put(obj: T, block?: boolean, timeout?: number | null): void;
    /** Removes and returns an item, waiting for one; non-blocking or timed → `queue.Empty`. */
    get(block?: boolean, timeout?: number | null): T;
    /** `put(obj, false)`: adds an item now or raises `queue.Full`. */
    put_nowait(obj: T): void;
    /** `get(false)`: returns an item now or raises `queue.Empty`. */
    get_nowait(): T;
    /** The approximate number of items. */
    qsize(): number;
    /** True if it is (approximately) empty. */
    empty(): boolean;
    /** True if it is (approximately) full. */
    full(): boolean;
    /** No more items will be put from this process. */
    close(): void;
    /** Waits for the feeder to flush (after `close()`). */
    join_thread(): void;
  }

  /** A `Queue` with `task_done()` and `join()`, as `queue.Queue`. */
  export class JoinableQueue<T = unknown> extends Queue<T> {
    /** Marks one item taken with `get()` as processed; too many calls → `ValueError`. */
    task_done(): void;
    /** Blocks until every item put has been marked done. */
    join(): void;
  }

  /** A plain unbounded queue: `put`, `get`, `empty`, `close`. */
  export class SimpleQueue<T = unknown> {
    put(obj: T): void;
    get(): T;
    empty(): boolean;
    close(): void;
  }

  /** ctypes typecodes for `Value` and `Array`: `'i'` int, `'d'` double, `'f'` float, `'l'` long, … */
  export type Typecode = 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'q' | 'Q' | 'f' | 'd';

  /** A number in shared memory, visible to every process; `+=` on `.value` is not atomic: hold `get_lock()`. */
  export class Value {
    /** `Value('i', 0)`: a shared number of that ctypes typecode, with an RLock. */
    constructor(typecode: Typecode, init?: number);
    /** The shared number. */
    value: number;
    /** The RLock guarding it: `using _ = v.get_lock().hold();`. */
    get_lock(): import('threading').RLock;
  }

  /** A fixed-size array of numbers in shared memory, visible to every process. */
  export class Array implements Iterable<number> {
    /** `Array('i', 10)` (zeros) or `Array('d', [1, 2, 3])`, with an RLock. */
    constructor(typecode: Typecode, sizeOrItems: number | readonly number[]);
    /** `a[i]`: reads or writes one element. */
    [index: number]: number;
    /** `len(a)`. */
    readonly length: number;
    /** Iterates over the elements. */
    [Symbol.iterator](): Iterator<number>;
    /** The RLock guarding it: `using _ = a.get_lock().hold();`. */
    get_lock(): import('threading').RLock;
  }

  /** The Process object of the caller (`MainProcess` in the main program). */
  export function current_process(): Process;
  /** The number of CPUs (`navigator.hardwareConcurrency`). */
  export function cpu_count(): number;
  /** The live child processes of the caller (joins the finished ones). */
  export function active_children(): Process[];
  /** The process that started the caller (null in the main program). */
  export function parent_process(): Process | null;
  /** `RawValue`: a `Value` without a lock. */
  export function RawValue(typecode: Typecode, init?: number): Value;
  /** `RawArray`: an `Array` without a lock. */
  export function RawArray(typecode: Typecode, sizeOrItems: number | readonly number[]): Array;

  /**
   * One end of a `Pipe()` (Python's `multiprocessing.connection.Connection`). It behaves as a
   * file descriptor does under fork: a child process gets its own copy, and closing it closes
   * that copy only. Messages are copies. Block form: `using c = conn;` closes it.
   */
  export interface Connection extends Disposable {
    /** Sends a copy of `obj` to the other end; the other end closed in every process → `BrokenPipeError`. */
    send(obj: unknown): void;
    /**
     * Returns the next message, blocking until there is one; `EOFError` once every copy of the
     * other end is closed (or its process has ended) and nothing is left.
     */
    recv(): unknown;
    /** Whether `recv()` would return at once (a message, or the end: `EOFError`), waiting up to `timeout` seconds (default 0, `null`: forever). */
    poll(timeout?: number | null): boolean;
    /** Sends bytes (`buf[offset:offset+size]`) as one message. */
    send_bytes(buf: ArrayBufferView | ArrayBuffer | readonly number[], offset?: number, size?: number | null): void;
    /** Receives one message as bytes; longer than `maxlength` → `OSError`. */
    recv_bytes(maxlength?: number | null): Uint8Array;
    /** Closes this process's copy of this end. */
    close(): void;
    /** True once closed in this process. */
    readonly closed: boolean;
    /** True if it can receive (both ends of a duplex pipe, the first end of a one-way pipe). */
    readonly readable: boolean;
    /** True if it can send. */
    readonly writable: boolean;
  }

  /**
   * Python's `multiprocessing.Pipe(duplex=True)`: two connected ends, `const [a, b] = Pipe();`.
   * `duplex = false`: `a` only receives and `b` only sends. Works between processes and threads;
   * `send` never blocks (unbounded, where CPython's waits once the OS pipe buffer is full).
   */
  export function Pipe(duplex?: boolean): [Connection, Connection];

  /**
   * A list shared by every process (Python's `ListProxy`): `l[i]`, `l[i] = v`, `delete l[i]`
   * (`del l[i]`), `l.length` (`len(l)`), iteration. Items come back as copies: changing one you
   * read does not change the list (`l[0].push(1)` is lost, as in CPython). `print(l)` shows the
   * list; inside another value it shows `<ListProxy object, typeid 'list' at 0x…>`.
   */
  export interface ListProxy<T = unknown> extends Iterable<T> {
    [index: number]: T;
    /** `len(l)`. */
    readonly length: number;
    append(x: T): void;
    extend(items: Iterable<T>): void;
    /** Inserts before position `i` (clamped to the list). */
    insert(i: number, x: T): void;
    /** Removes and returns the item at `i` (default the last). */
    pop(i?: number): T;
    /** Removes the first item equal to `x`; none → `ValueError`. */
    remove(x: T): void;
    /** The position of the first item equal to `x`; none → `ValueError`. */
    index(x: T): number;
    /** How many items equal `x`. */
    count(x: T): number;
    /** `x in l`. */
    includes(x: T): boolean;
    reverse(): void;
    /** Sorts in place (stable, Python's `<`); `sort({key, reverse})` for Python's keyword arguments. */
    sort(options?: { key?: ((x: T) => unknown) | null; reverse?: boolean }): void;
    /** A plain copy of the items (`l[:]`). */
    tolist(): T[];
  }

  /**
   * A dict shared by every process (Python's `DictProxy`): `d[k]`, `d[k] = v`, `delete d[k]`,
   * `k in d`, `Object.keys(d)`; iterating yields the keys. Keys are strings (`d[1]` is `d['1']`,
   * as on a JS object); values come back as copies. A key named like a method (`keys`, `get`…)
   * is read with `d.get('keys')`. `d[k] += 1` is a read then a write: it races between
   * processes, as in CPython (hold a `manager.Lock()`).
   */
  export type DictProxy<V = unknown> = {
    /** `get(k, default = None)`. */
    get(key: string | number, default_?: V | null): V | null;
    /** The keys, in insertion order. */
    keys(): string[];
    /** Copies of the values. */
    values(): V[];
    /** `[key, value]` pairs. */
    items(): [string, V][];
    /** `len(d)`. */
    len(): number;
    /** Adds an object's entries or `[key, value]` pairs. */
    update(other: Record<string, V> | Iterable<readonly [string | number, V]>): void;
    /** Removes `key` and returns its value (or `default_`; without it, absent → `KeyError`). */
    pop(key: string | number, default_?: V): V;
    /** Removes and returns the last `[key, value]` inserted; empty → `KeyError`. */
    popitem(): [string, V];
    /** The value of `key`, storing `default_` first when absent. */
    setdefault(key: string | number, default_?: V | null): V;
    clear(): void;
    /** A plain object with copies of the entries. */
    copy(): Record<string, V>;
    [Symbol.iterator](): Iterator<string>;
  } & {
    // `any`: a key may be any string, and `d.count += 1` must type-check.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    [key: string]: any;
  };

  /** A value shared by every process (`manager.Value('i', 0)`): `.value`, `get()`, `set(v)`; prints `Value('i', 0)`. */
  export interface ValueProxy<T = unknown> {
    value: T;
    get(): T;
    set(value: T): void;
  }

  /**
   * Python's `multiprocessing.Manager()`: lists, dicts, values and namespaces that every process
   * reads and writes (a child's writes are seen by its parent, unlike `shared()`).
   * Block form: `using manager = new Manager();` (`with Manager() as manager:`), which shuts it
   * down at the end of the block: its proxies then raise `BrokenPipeError`.
   */
  export class Manager implements Disposable {
    /** `Manager()`: a started manager. */
    constructor();
    /** `manager.list(seq?)`: a shared list with copies of the items. */
    list<T = unknown>(items?: Iterable<T>): ListProxy<T>;
    /** `manager.dict(mapping?)`: a shared dict (an object's entries or `[key, value]` pairs). */
    dict<V = unknown>(entries?: Record<string, V> | Iterable<readonly [string | number, V]>): DictProxy<V>;
    /** `manager.Namespace()`: shared attributes, `ns.x = 1`; prints `Namespace(x=1)`. */
    Namespace(attrs?: Record<string, unknown>): DictProxy;
    /** `manager.Value(typecode, value)`: one shared value (the typecode is only shown). */
    Value<T>(typecode: string, value: T): ValueProxy<T>;
    /** A Lock shared by every process (a `multiprocessing.Lock`). */
    Lock(): import('threading').Lock;
    RLock(): import('threading').RLock;
    Semaphore(value?: number): import('threading').Semaphore;
    BoundedSemaphore(value?: number): import('threading').BoundedSemaphore;
    Condition(lock?: import('threading').Lock | import('threading').RLock | null): import('threading').Condition;
    Event(): import('threading').Event;
    Barrier(parties: number, action?: (() => unknown) | null, timeout?: number | null): import('threading').Barrier;
    Queue<T = unknown>(maxsize?: number): Queue<T>;
    JoinableQueue<T = unknown>(maxsize?: number): JoinableQueue<T>;
    /** Frees every shared object of this manager; their proxies raise `BrokenPipeError` from then on. */
    shutdown(): void;
    /** End of a `using` block: `shutdown()`. */
    [Symbol.dispose](): void;
  }

  /** The module itself, for `import multiprocessing from 'multiprocessing'`. */
  const _module: typeof import('multiprocessing');
  export default _module;
}

/**
 * Python's `asyncio`, on a CPython-ordered event loop (`call_soon` FIFO, timers by deadline then
 * FIFO, a task's steps as callbacks on that queue).
 *
 * Coroutines are lazy, as in Python: calling an `async function` runs none of its body; it starts
 * when awaited, or when a Task wraps it (`create_task`, `ensure_future`, `gather`, `wait`) and the
 * loop schedules it. The loop is synchronous and blocking: `loop.run_until_complete(aw)` returns
 * the result, `run_forever()` blocks its thread until `stop()`. A blocking call (`time.sleep`,
 * `Lock.acquire`) inside a coroutine blocks its whole loop, as in Python. JS Promises cannot be
 * awaited (they are not Python awaitables). `call_soon_threadsafe` callbacks cross threads and
 * must be module-level functions or methods of runtime objects (`loop.stop`).
 * Block forms: `async with lock:` → `await using _ = await lock.hold();`;
 * `async with asyncio.timeout(1):` → `await using _ = asyncio.timeout(1);`;
 * `async with asyncio.TaskGroup() as tg:` → `await using tg = new asyncio.TaskGroup();`;
 * `async for` → `for await (const x of it)`.
 */
declare module 'asyncio' {
  export import CancelledError = __exceptions.CancelledError;
  export import TimeoutError = __exceptions.TimeoutError;
  export import InvalidStateError = __exceptions.InvalidStateError;
  export import QueueEmpty = __exceptions.QueueEmpty;
  export import QueueFull = __exceptions.QueueFull;
  export import BrokenBarrierError = __exceptions.BrokenBarrierError;

  /**
   * Anything `await` accepts: a coroutine (what an `async function` call returns), a Task or a
   * Future. Typed as PromiseLike so `await` type-checks; at run time Python's rules apply.
   */
  export type Awaitable<T> = PromiseLike<T>;

  /** A coroutine object: what calling an `async function` returns; lazy until awaited or wrapped in a Task. */
  export type Coroutine<T> = PromiseLike<T>;

  /** `wait(..., {return_when: FIRST_COMPLETED})`: return when any awaitable finishes or is cancelled. */
  export const FIRST_COMPLETED: 'FIRST_COMPLETED';
  /** `wait(..., {return_when: FIRST_EXCEPTION})`: return when any raises (else when all finish). */
  export const FIRST_EXCEPTION: 'FIRST_EXCEPTION';
  /** `wait(..., {return_when: ALL_COMPLETED})`: return when all finish or are cancelled (the default). */
  export const ALL_COMPLETED: 'ALL_COMPLETED';

  /** A result that will be set later, awaitable in its loop's coroutines (`await fut` waits for it). */
  export class Future<T = unknown> implements PromiseLike<T> {
    /** `Future()`: a pending future on the current event loop (prefer `loop.create_future()`). */
    constructor();
    /** The result; not done → `InvalidStateError`; cancelled → `CancelledError`; failed → raises its exception. */
    result(): T;
    /** The exception it failed with, or `null`; not done → `InvalidStateError`; cancelled → `CancelledError`. */
    exception(): Error | null;
    /** True if it has a result or an exception, or was cancelled. */
    done(): boolean;
    /** True if it was cancelled. */
    cancelled(): boolean;
    /** Cancels it (a Task gets `CancelledError(msg)` thrown in at its next step); False if already done. */
    cancel(msg?: unknown): boolean;
    /** Schedules `cb(future)` with `call_soon` once it is done (at once if already done). */
    add_done_callback(cb: (future: this) => unknown): void;
    /** Marks it done with a result, waking its awaiters; already done → `InvalidStateError`. */
    set_result(result: T): void;
    /** Marks it done with an exception, waking its awaiters; already done → `InvalidStateError`. */
    set_exception(exception: Error): void;
    /** Typing only (lets `await fut` type-check as `T`): never called; the runtime awaits futures Python's way. */
    then<R1 = T, R2 = never>(
      onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
      onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
    ): PromiseLike<R1 | R2>;
  }

  /** A Future that drives a coroutine on the loop, step by step; created by `create_task` / `ensure_future`. */
  export class Task<T = unknown> extends Future<T> {
    /** `Task(coro, loop=None, name=None)`: schedules `coro` on the loop (prefer `create_task`). */
    constructor(coro: Coroutine<T>, opts?: { loop?: AbstractEventLoop; name?: string });
    /** The task's name (`Task-N` unless given with `{name}`), also its timeline sub-lane. */
    get_name(): string;
  }

  /** A scheduled callback (`call_soon`, `call_later`, `call_at`). */
  export interface Handle {
    /** Cancels the callback if it has not run yet. */
    cancel(): void;
    /** True once cancelled. */
    cancelled(): boolean;
  }

  /** A callback scheduled for a time (`call_later`, `call_at`). */
  export interface TimerHandle extends Handle {
    /** When it is due, in loop time. */
    when(): number;
  }

  /** The event loop: runs tasks and callbacks in one thread, in CPython's order. */
  export interface AbstractEventLoop {
    /** Runs the loop until `future` (a coroutine is wrapped in a Task) is done; returns its result or raises its exception. */
    run_until_complete<T>(future: Awaitable<T>): T;
    /** Runs the loop, blocking this thread, until `stop()` is called. */
    run_forever(): void;
    /** Stops the loop after the callbacks already ready have run; it can be run again. */
    stop(): void;
    /** Closes the loop (it must not be running); pending callbacks are dropped. */
    close(): void;
    /** True while the loop is running. */
    is_running(): boolean;
    /** True once `close()` was called. */
    is_closed(): boolean;
    /** The loop's clock, in seconds (a float; the reference for `call_at`). */
    time(): number;
    /** Schedules `callback(...args)` for the next loop iteration, FIFO. */
    call_soon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
    /** Schedules `callback(...args)` after `delay` seconds (counted from now; callbacks run by due time). */
    call_later<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
    /** Schedules `callback(...args)` at loop time `when` (see `time()`). */
    call_at<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
    /**
     * `call_soon` from another thread: wakes the loop; `callback` must be module-level or a
     * runtime object's method. From the loop's own thread it keeps its place among `call_soon`s.
     */
    call_soon_threadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
    /** Wraps a coroutine in a Task scheduled on this loop; returns the Task. */
    create_task<T>(coro: Coroutine<T>, options?: { name?: string | null }): Task<T>;
    /** A new pending Future bound to this loop. */
    create_future<T = unknown>(): Future<T>;
    /** Runs `fn(...args)` in `executor` (null: a default ThreadPoolExecutor); returns an awaitable Future of its result. */
    run_in_executor<A extends unknown[], R>(
      executor: import('concurrent.futures').Executor | null,
      fn: (...args: A) => R,
      ...args: A
    ): Future<R>;
  }

  /** The event loop class (`asyncio.BaseEventLoop`): `loop instanceof asyncio.BaseEventLoop`. */
  export const BaseEventLoop: { new (): AbstractEventLoop; prototype: AbstractEventLoop };
  export type BaseEventLoop = AbstractEventLoop;
  /** `asyncio.wrap_future(f)`: an asyncio Future of this loop that follows a `concurrent.futures.Future`. */
  export function wrap_future<T>(future: import('concurrent.futures').Future<T>): Future<T>;
  /** True for a coroutine object (what calling an `async function` returns). */
  export function iscoroutine(x: unknown): boolean;
  /** True for an asyncio Future or Task. */
  export function isfuture(x: unknown): x is Future<unknown>;

  /** Runs `main` on a new event loop until it is done, closes the loop, returns the result (the modern entry point). */
  export function run<T>(main: Coroutine<T>): T;
  /** The current thread's event loop (in the main thread, created on first use). */
  export function get_event_loop(): AbstractEventLoop;
  /** A new event loop, not set as current anywhere. */
  export function new_event_loop(): AbstractEventLoop;
  /** Makes `loop` the current thread's event loop. */
  export function set_event_loop(loop: AbstractEventLoop | null): void;
  /** The loop running in this thread; none running → `RuntimeError`. */
  export function get_running_loop(): AbstractEventLoop;

  /** Suspends the calling coroutine for `delay` seconds (0: just yields to the loop once). */
  export function sleep(delay: number): Coroutine<void>;
  /** `sleep(delay, result)`: then returns `result`. */
  export function sleep<T>(delay: number, result: T): Coroutine<T>;
  /** Wraps a coroutine in a Task scheduled on the running loop; no running loop → `RuntimeError`. */
  export function create_task<T>(coro: Coroutine<T>, options?: { name?: string | null }): Task<T>;
  /** Returns a Future/Task unchanged. */
  export function ensure_future<F extends Future<unknown>>(future: F): F;
  /** Wraps a coroutine in a Task on the current loop (even when it is not running yet). */
  export function ensure_future<T>(coro: Coroutine<T>): Task<T>;
  /** `gather(*aws, return_exceptions=True)`: exceptions become results instead of being raised. */
  export function gather<A extends readonly Awaitable<unknown>[]>(
    ...aws: [...A, { return_exceptions?: boolean }]
  ): Future<{ -readonly [K in keyof A]: Awaited<A[K]> | Error }>;
  /** Runs the awaitables concurrently (coroutines become Tasks); results as a list, in argument order; the first exception is raised. */
  export function gather<A extends readonly Awaitable<unknown>[]>(
    ...aws: A
  ): Future<{ -readonly [K in keyof A]: Awaited<A[K]> }>;
  /**
   * Waits for Tasks/Futures until `return_when` (default ALL_COMPLETED) or `timeout`; returns
   * `[done, pending]` (Sets). Bare coroutines are refused (`TypeError`), as in Python 3.11+.
   */
  export function wait<F extends Future<unknown>>(
    aws: Iterable<F>,
    options?: {
      timeout?: number | null;
      return_when?: 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';
    },
  ): Coroutine<[done: Set<F>, pending: Set<F>]>;
  /** Awaits `aw` for at most `timeout` seconds; on timeout it is cancelled and `TimeoutError` raised. */
  export function wait_for<T>(aw: Awaitable<T>, timeout: number | null): Coroutine<T>;
  /** Yields one awaitable per input, each giving the next result to finish (`for (const c of as_completed(ts)) { const r = await c; }`). */
  export function as_completed<T>(aws: Iterable<Awaitable<T>>, timeout?: number | null): IterableIterator<Coroutine<T>>;
  /** Awaits `aw` but protects it from cancellation of the awaiting task. */
  export function shield<T>(aw: Awaitable<T>): Future<T>;
  /** The Task running now, or `null` outside a task. */
  export function current_task(loop?: AbstractEventLoop): Task<unknown> | null;
  /** The loop's (default: the running loop's) tasks that are not done. */
  export function all_tasks(loop?: AbstractEventLoop): Set<Task<unknown>>;
  /**
   * Python 3.11's `asyncio.timeout(delay)`: a deadline `delay` seconds from now (null: none) for
   * the block it opens. `async with asyncio.timeout(1):` → `await using _ = asyncio.timeout(1);`:
   * at the deadline the task is cancelled where it awaits, and leaving the block turns that
   * `CancelledError` into `TimeoutError` (catch it around the block). Outside a running loop →
   * `RuntimeError`.
   */
  export function timeout(delay: number | null): Timeout;
  /** Python 3.11's `asyncio.timeout_at(when)`: as `timeout()`, with a deadline in loop time (`loop.time() + 1`). */
  export function timeout_at(when: number | null): Timeout;

  /**
   * Python 3.11's `asyncio.Timeout`, what `timeout()` and `timeout_at()` return (entered at once
   * inside a task: make it in the `await using` declaration).
   */
  export class Timeout implements AsyncDisposable {
    /** `asyncio.Timeout(when)`: not entered; prefer `timeout()`/`timeout_at()`, which the block form needs. */
    constructor(when: number | null);
    /** The deadline in loop time, or null (none). */
    when(): number | null;
    /** Moves the deadline (null: none); only inside its block, else `RuntimeError`. */
    reschedule(when: number | null): void;
    /** True once the deadline passed inside the block (it cancelled the task). */
    expired(): boolean;
    /** End of the `await using` block: cancels the deadline; its own cancellation becomes `TimeoutError`. */
    [Symbol.asyncDispose](): PromiseLike<void>;
  }

  /**
   * Python 3.11's `asyncio.TaskGroup`: `async with asyncio.TaskGroup() as tg:` →
   * `await using tg = new asyncio.TaskGroup();` (inside an async function). The end of the block
   * waits for every task created with `tg.create_task`. When one fails, the others are cancelled,
   * and so is the block where it awaits; the failures are then raised together as an
   * `ExceptionGroup` (also when the block itself raises).
   */
  export class TaskGroup implements AsyncDisposable {
    /** `asyncio.TaskGroup()`: entered at once inside a task. */
    constructor();
    /** Starts `coro` as a task of the group (as `asyncio.create_task`); the block's end waits for it. After the block → `RuntimeError`. */
    create_task<T>(coro: Coroutine<T>, options?: { name?: string | null }): Task<T>;
    /** End of the `await using` block: waits for the group's tasks, raises their `ExceptionGroup` if any failed. */
    [Symbol.asyncDispose](): PromiseLike<void>;
  }

  /**
   * Python's `asyncio.to_thread(func, *args)`: runs `func(...args)` in a real thread (the loop's
   * default `ThreadPoolExecutor`, as `loop.run_in_executor(null, func, ...args)`) while the loop
   * goes on; returns its result. `func` crosses to that thread: a module-level function.
   */
  export function to_thread<A extends unknown[], R>(func: (...args: A) => R, ...args: A): Coroutine<R>;

  /**
   * From another thread: schedules `coro` on `loop` (which another thread runs); returns a
   * `concurrent.futures.Future`: `result(timeout)` blocks until the coroutine ends and returns its
   * result or raises its exception; `cancel()` cancels the task in the loop.
   */
  export function run_coroutine_threadsafe<T>(
    coro: Coroutine<T>,
    loop: AbstractEventLoop,
  ): import('concurrent.futures').Future<T>;

  /**
   * A coroutine lock (not thread-safe): one task holds it at a time.
   * Block form (`async with lock:`): `await using _ = await lock.hold();`.
   */
  export class Lock {
    /** `asyncio.Lock()`: a new, unlocked lock. */
    constructor();
    /** Waits until unlocked, then locks it; returns True. */
    acquire(): Coroutine<true>;
    /** Unlocks it, waking the first waiter; unlocked → `RuntimeError`. */
    release(): void;
    /** True if it is locked. */
    locked(): boolean;
    /** `async with lock:` → `await using _ = await lock.hold();`: acquires now, releases when the block ends. */
    hold(): Coroutine<AsyncDisposable>;
  }

  /** A flag tasks wait on: `set()` wakes every waiter until `clear()`. */
  export class Event {
    /** `asyncio.Event()`: a new event, not set. */
    constructor();
    /** True if the flag is set. */
    is_set(): boolean;
    /** Sets the flag and wakes every waiting task. */
    set(): void;
    /** Resets the flag: later `wait()`s block again. */
    clear(): void;
    /** Waits until the flag is set; returns True. */
    wait(): Coroutine<true>;
  }

  /**
   * A coroutine condition variable: tasks wait until notified, holding its lock.
   * Block form: `await using _ = await cond.hold();` then `await cond.wait()` / `cond.notify(n)`.
   */
  export class Condition {
    /** `asyncio.Condition(lock=None)`: over the given asyncio Lock, or a new one. */
    constructor(lock?: Lock | null);
    /** Acquires the underlying lock; returns True. */
    acquire(): Coroutine<true>;
    /** Releases the underlying lock. */
    release(): void;
    /** True if the underlying lock is locked. */
    locked(): boolean;
    /** Releases the lock, waits until notified, re-acquires; returns True; lock not held → `RuntimeError`. */
    wait(): Coroutine<true>;
    /** Waits until `predicate()` is truthy; returns its last value. */
    wait_for<T>(predicate: () => T): Coroutine<T>;
    /** Wakes up to `n` (default 1) waiting tasks, oldest first (Python `notify(n=i)` → `notify(i)`); lock not held → `RuntimeError`. */
    notify(n?: number): void;
    /** Wakes every waiting task; lock not held → `RuntimeError`. */
    notify_all(): void;
    /** `async with cond:` → `await using _ = await cond.hold();`: acquires now, releases when the block ends. */
    hold(): Coroutine<AsyncDisposable>;
  }

  /** A coroutine semaphore. Block form: `await using _ = await sem.hold();`. */
  export class Semaphore {
    /** `asyncio.Semaphore(value=1)`: that many permits; `value < 0` → `ValueError`. */
    constructor(value?: number);
    /** Takes a permit, waiting while there is none; returns True. */
    acquire(): Coroutine<true>;
    /** Gives back a permit, waking the first waiter. */
    release(): void;
    /** True if no permit is available now. */
    locked(): boolean;
    /** `async with sem:` → `await using _ = await sem.hold();`: takes a permit now, gives it back when the block ends. */
    hold(): Coroutine<AsyncDisposable>;
  }

  /** A Semaphore whose `release` past its initial value raises `ValueError`. Block form: `await using _ = await sem.hold();`. */
  export class BoundedSemaphore extends Semaphore {}

  /** A coroutine rendezvous: `await barrier.wait()` until `parties` tasks wait, then all go on. */
  export class Barrier {
    /** `asyncio.Barrier(parties)`. */
    constructor(parties: number);
    /** Waits for the other parties; returns an index 0..parties-1, different for each task; broken → `BrokenBarrierError`. */
    wait(): Coroutine<number>;
    /** Returns it to the empty state; waiting tasks get `BrokenBarrierError`. */
    reset(): Coroutine<void>;
    /** Breaks it: current and future waiters get `BrokenBarrierError`. */
    abort(): Coroutine<void>;
    /** The number of tasks needed to pass. */
    readonly parties: number;
    /** The number of tasks waiting now. */
    readonly n_waiting: number;
    /** True if it is broken. */
    readonly broken: boolean;
  }

  /** A FIFO queue between coroutines of one loop: `await q.put(x)` waits while full, `await q.get()` while empty. */
  export class Queue<T = unknown> {
    /** `asyncio.Queue(maxsize=0)`: at most `maxsize` items (0 or less: unbounded). */
    constructor(maxsize?: number);
    /** The bound given to the constructor. */
    readonly maxsize: number;
    /** Adds an item, waiting for a free slot. */
    put(item: T): Coroutine<void>;
    /** Removes and returns an item, waiting for one. */
    get(): Coroutine<T>;
    /** Adds an item now or raises `QueueFull`. */
    put_nowait(item: T): void;
    /** Returns an item now or raises `QueueEmpty`. */
    get_nowait(): T;
    /** Marks one fetched item as processed (for `join()`); more calls than items → `ValueError`. */
    task_done(): void;
    /** Waits until every item put has been marked with `task_done()`. */
    join(): Coroutine<void>;
    /** The number of items. */
    qsize(): number;
    /** True if it is empty. */
    empty(): boolean;
    /** True if it holds `maxsize` items. */
    full(): boolean;
  }

  /** A LIFO asyncio queue: the last item put is the first got. */
  export class LifoQueue<T = unknown> extends Queue<T> {}

  /** A priority asyncio queue: the lowest item first (e.g. `[priority, data]` pairs). */
  export class PriorityQueue<T = unknown> extends Queue<T> {}
}
