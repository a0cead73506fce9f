/**
 * Coroutines as the compiler lowers them: an `async function` becomes a generator function whose
 * every `await E` is `(yield* __rt.await(E))`. This file holds the helpers the compiled code calls
 * (`coroutineHelpers`):
 *
 * - `async(thisArg, args, genFn, fn, name)` → a lazy {@link Coroutine}: as in Python, calling an
 *   async function runs none of its body; the generator is created on the first step.
 * - `await(x)` → an iterator for `yield*`. A Coroutine hands over its own generator (native
 *   `yield*` delegation: no wrapper per await); objects with `__await__()` are used as Python
 *   does (a Future's yields the Future once when not done); Promises are refused.
 * - `asyncgen`/`agyield`/`aiter`/`adispose` for `async function*`, `for await` and `await using`.
 *
 * What travels up a chain of `yield*` to the Task is exactly what CPython's `Task.__step` sees:
 * a Future (with `_asyncio_future_blocking` set) or `undefined` for a bare yield (`__sleep0`).
 *
 * Futures and Tasks (core.ts) are built on coroutines, so this module does not import them: as in
 * Python, a coroutine awaits a Future through the `__await__` protocol, and an op coroutine marks
 * the future it yields with `_asyncio_future_blocking` (what CPython's `isfuture` tests).
 */
import { RuntimeError, StopAsyncIteration } from '../errors';
import { pyRepr, pyTypeName } from '../../lib/pyrepr';
import { host } from '../host';
import { addressOf } from './repr';
import { debugOn, made, untrack, type Origin } from './debug';

/** The generator a compiled coroutine body becomes. */
export type CoroGen = Generator<unknown, unknown, unknown>;
/** A compiled body: `function* __co_f() {…}`, called with the async function's `this`/arguments. */
export type GenFn = (this: unknown, ...args: never[]) => CoroGen;
/** Any function (kept for the threading runtime's by-name encoding of coroutines). */
export type AnyFn = (...args: never[]) => unknown;

const CREATED = 0;
const STARTED = 1;
const CLOSED = 2;
const EMPTY_ARGS: readonly unknown[] = [];

/**
 * Python's coroutine object: the part every coroutine has, the program's (GenCoroutine) and the
 * runtime's own (OpCoroutine). It keeps only what all of them need: a 100,000-task gather keeps
 * 100,000 `sleep(0)` coroutines alive, and each word here is copied by every young-generation GC
 * that meets them (bench/README.md, "100,000 tasks in one gather").
 *
 * The hot classes of asyncio (coroutines, futures, tasks, handles) declare their fields and set
 * them in the constructor: a class field initializer (define semantics, ES2022) costs V8 two to
 * three times an assignment, and these objects are made once or twice per await.
 */
export abstract class Coroutine {
  declare readonly name: string;
  /** @internal */ declare _gen: CoroGen | null;
  /** @internal */ declare _state: number;
  /** @internal The Task wrapping it, if any (gather's duplicate detection; set by core.ts's Task). */
  declare _task: object | null;
  /** True while a send/throw runs it (CPython's `cr_running`). */
  declare cr_running: boolean;
  /** @internal Debug mode: where it was made (debug.ts), null: not located. */
  declare _origin: Origin | null;
  /** @internal Debug mode: which loop's close says it was never awaited (debug.ts Tracked). */
  declare _scope: object | null | false;

  constructor(name: string) {
    this.name = name;
    this._gen = null;
    this._state = CREATED;
    this._task = null;
    this.cr_running = false;
    this._origin = null;
    this._scope = false;
  }

  get __name__(): string {
    return this.name;
  }

  /** @internal How a call that made it reads in the step controls (`sleep(1)`, `worker('A', …)`). */
  _callText(): string {
    return callText(this.name, EMPTY_ARGS);
  }

  get __qualname__(): string {
    return this.name;
  }

  /** `cr_frame is None` in CPython once the coroutine has finished. */
  get finished(): boolean {
    return this._state === CLOSED;
  }

  get started(): boolean {
    return this._state !== CREATED;
  }

  /**
   * Creates the generator. A coroutine is run by exactly one driver (one `await` or one Task); a
   * second one gets CPython's error, which is what `await coro` twice raises.
   * @internal
   */
  abstract _start(): CoroGen;

  /** @internal `_start`'s check: a second driver gets CPython's error. */
  protected _claim(): void {
    if (this._state !== CREATED) throw new RuntimeError('cannot reuse already awaited coroutine');
    this._state = STARTED;
    if (debugOn) untrack(this);
  }

  /**
   * One step for a Task: `coro.send(value)`. Returns the generator's IteratorResult (done ⇔
   * CPython's StopIteration with `value`); exceptions from the body propagate.
   */
  send(value: unknown): IteratorResult<unknown, unknown> {
    if (this._gen === null && value !== undefined && value !== null) {
      throw new TypeError("can't send non-None value to a just-started coroutine");
    }
    return this._resume(this._gen ?? this._start(), false, value);
  }

  /** `coro.throw(exc)`: raises `exc` at the suspension point (or before the body if unstarted). */
  throw(exc: unknown): IteratorResult<unknown, unknown> {
    if (this._state === CREATED) {
      // Python: throwing into an unstarted coroutine closes it without running the body.
      this._state = CLOSED;
      throw exc;
    }
    const g = this._gen;
    if (g === null || this._state === CLOSED) throw exc;
    return this._resume(g, true, exc);
  }

  /** Runs the body to its next suspension: `g.next(v)`, or `g.throw(v)` when `throwing`. */
  private _resume(g: CoroGen, throwing: boolean, v: unknown): IteratorResult<unknown, unknown> {
    if (this.cr_running) throw new RuntimeError('coroutine already executing');
    this.cr_running = true;
    try {
      const r = throwing ? g.throw(v) : g.next(v);
      if (r.done === true) this._state = CLOSED;
      return r;
    } catch (e) {
      this._state = CLOSED;
      throw e;
    } finally {
      this.cr_running = false;
    }
  }

  /** `coro.close()`: runs pending `finally` blocks (JS `return()` stands in for GeneratorExit). */
  close(): void {
    if (this._state === STARTED && this._gen !== null) {
      const r = this._gen.return(undefined);
      if (r.done !== true) {
        this._state = CLOSED;
        throw new RuntimeError('coroutine ignored GeneratorExit');
      }
    }
    this._state = CLOSED;
  }

  __await__(): CoroGen {
    return this._start();
  }

  /**
   * @internal It crossed to another thread, which makes its own from the same function and
   * arguments and runs that one: this one is not reported as never awaited.
   */
  _crossed(): void {
    this._scope = false;
  }

  __repr__(): string {
    return `<coroutine object ${this.name} at ${addressOf(this)}>`;
  }

  toString(): string {
    return this.__repr__();
  }
}

/**
 * A coroutine whose body is a compiled generator function: what calling an `async function`
 * returns (`__rt.async`), and the runtime's generator-written coroutines (`coro`). `fn`,
 * `thisArg` and `args` stay on it so that the threading runtime can re-create it in another
 * thread (`run_coroutine_threadsafe`) by function name and arguments.
 */
export class GenCoroutine extends Coroutine {
  declare readonly thisArg: unknown;
  declare readonly args: ArrayLike<unknown>;
  declare readonly genFn: GenFn;
  declare readonly fn: AnyFn | undefined;

  constructor(thisArg: unknown, args: ArrayLike<unknown>, genFn: GenFn, fn: AnyFn | undefined, name: string) {
    super(name);
    this.thisArg = thisArg;
    this.args = args;
    this.genFn = genFn;
    this.fn = fn;
  }

  override _callText(): string {
    return callText(this.name, this.args);
  }

  _start(): CoroGen {
    this._claim();
    const g = Reflect.apply(this.genFn, this.thisArg, this.args) as CoroGen;
    this._gen = g;
    return g;
  }
}

/**
 * A coroutine of the runtime's own (`asyncio.sleep`, `Queue.put`…) that is its own iterator: a
 * small state machine in `_next`/`_throw` instead of a generator function, so awaiting it costs
 * no generator object, frame or argument array (these run once per item in hot loops). The
 * Coroutine API (`send`/`throw`/`close`, laziness, reuse errors) is unchanged; `yield*` drives
 * it through `next`/`throw`/`return`.
 */
export abstract class OpCoroutine extends Coroutine implements Generator<unknown, unknown, unknown> {
  /** It is its own IteratorResult (see FutureIter): `_yield`/`_done` set these and return it. */
  declare done: boolean;
  declare value: unknown;

  constructor(name: string) {
    super(name);
    this.done = false;
    this.value = undefined;
    if (debugOn) this._scope = made(this, name, 0);
  }

  /** `yield self` of the future `f` (the Task sees it blocking). */
  protected _yield(f: { _asyncio_future_blocking: boolean }): IteratorResult<unknown, unknown> {
    f._asyncio_future_blocking = true;
    this.value = f;
    return this;
  }

  /** `return value`. */
  protected _done(value: unknown): IteratorResult<unknown, unknown> {
    this.done = true;
    this.value = value;
    return this;
  }

  /** The next step, given what the awaited future's await sent back (nothing). */
  protected abstract _next(): IteratorResult<unknown, unknown>;
  /** `exc` thrown in where it waits: clean up, then raise (or go on waiting: return a yield). */
  protected abstract _throw(exc: unknown): IteratorResult<unknown, unknown>;
  /** Closed where it waits (GeneratorExit): clean up. */
  protected _return(): void {}

  _start(): CoroGen {
    this._claim();
    this._gen = this;
    return this;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<unknown, unknown> {
    if (this._state === CLOSED) return { done: true, value: undefined };
    try {
      const r = this._next();
      if (r.done === true) this._state = CLOSED;
      return r;
    } catch (e) {
      this._state = CLOSED;
      throw e;
    }
  }

  /** Both `coro.throw(exc)` (a Task) and the iterator's `throw` (an outer `yield*`). */
  override throw(exc: unknown): IteratorResult<unknown, unknown> {
    if (this._state !== STARTED) {
      this._state = CLOSED;
      throw exc;
    }
    try {
      const r = this._throw(exc);
      if (r.done === true) this._state = CLOSED;
      return r;
    } catch (e) {
      this._state = CLOSED;
      throw e;
    }
  }

  return(value: unknown): IteratorResult<unknown, unknown> {
    if (this._state === STARTED) this._return();
    this._state = CLOSED;
    return { done: true, value };
  }
}

/** A bare `yield` (CPython's `__sleep0`: give the loop one turn). */
export const BARE_YIELD: IteratorResult<unknown, unknown> = Object.freeze({ done: false, value: undefined });

/** `__rt.async(this, arguments, function* () {…}, f, "f")`: the lazy coroutine object. */
function makeAsync(thisArg: unknown, args: ArrayLike<unknown>, genFn: GenFn, fn?: AnyFn, name?: string): GenCoroutine {
  const c = new GenCoroutine(thisArg, args, genFn, fn, name ?? fn?.name ?? genFn.name.replace(/^__co_/, ''));
  if (debugOn) c._scope = made(c, c.name, 1);
  return c;
}

/** An internal coroutine (sleep, lock.acquire, …) from a generator function and its arguments. */
export function coro(genFn: GenFn, name: string, args: ArrayLike<unknown> = EMPTY_ARGS, thisArg?: unknown): Coroutine {
  const c = new GenCoroutine(thisArg, args, genFn, undefined, name);
  if (debugOn) c._scope = made(c, name, 0);
  return c;
}

function* wrapIterator(it: Iterator<unknown, unknown, unknown>): CoroGen {
  return yield* { [Symbol.iterator]: () => it };
}

/** A call as the step controls show it: short Python reprs of plain arguments, `…` for the rest. */
export function callText(name: string, args: ArrayLike<unknown>): string {
  const shown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const plain = a === null || a === undefined || ['number', 'string', 'boolean', 'bigint'].includes(typeof a);
    const r = plain ? pyRepr(a) : '…';
    shown.push(r.length > 16 ? `${r.slice(0, 15)}…` : r);
  }
  return `${name}(${shown.join(', ')})`;
}

/**
 * Step mode (docs/deterministic-runs.md): the program's last `await` — what it awaited and a
 * stack of where — which the task that suspends there keeps (core.ts Task), so that the step
 * controls can say where each ready task is (`await sleep(1)`, line 5). Null outside step mode.
 */
export const lastAwait: { what: unknown; at: Error | null } = { what: null, at: null };

/** `__rt.await(x)` in the program: awaitValue, noting the await in step mode. */
function programAwait(x: unknown): CoroGen {
  if (host.points && host.stepping) {
    lastAwait.what = x;
    lastAwait.at = new Error();
  }
  return awaitValue(x);
}

/**
 * `__rt.await(x)`: the iterator `yield*` delegates to. See the file comment for the cases.
 */
export function awaitValue(x: unknown): CoroGen {
  if (x instanceof Coroutine) return x._start();
  // A Future's `__await__` returns its FutureIter, which takes the first branch below.
  if (x !== null && (typeof x === 'object' || typeof x === 'function')) {
    const aw = (x as { __await__?: unknown }).__await__;
    if (typeof aw === 'function') {
      const it: unknown = aw.call(x);
      if (it !== null && typeof it === 'object') {
        if (typeof (it as { throw?: unknown }).throw === 'function' && Symbol.iterator in it) return it as CoroGen;
        if (typeof (it as { next?: unknown }).next === 'function') {
          return wrapIterator(it as Iterator<unknown, unknown, unknown>);
        }
      }
      throw new TypeError(`__await__() returned non-iterator of type '${pyTypeName(it)}'`);
    }
    if (typeof (x as { then?: unknown }).then === 'function') {
      throw new TypeError(
        'cannot await a JavaScript Promise here: coroutines run on the Python-style event loop, ' +
          'which never waits for Promises; use asyncio.sleep / asyncio futures',
      );
    }
  }
  throw new TypeError(`object ${pyTypeName(x)} can't be used in 'await' expression`);
}

// ---------------------------------------------------------------------------------------------
// Async generators

/** The marker a compiled `async function*` yields for a value (`yield __rt.agyield(v)`). */
export class AgYield {
  constructor(readonly value: unknown) {}
}

function agyield(v: unknown): AgYield {
  return new AgYield(v);
}

function isAsyncGen(x: unknown): x is AsyncGen {
  return x instanceof AsyncGen;
}

/**
 * Python's async generator object. The underlying generator yields Futures/undefined (from
 * awaits: passed up to the Task) and {@link AgYield} markers (values for the consumer).
 * `asend/athrow/aclose/__anext__` use Python's protocol (StopAsyncIteration at the end);
 * `next/return/throw` are JS's async-iterator protocol ({done, value}) for `for await`.
 */
export class AsyncGen {
  /** @internal */ _gen: CoroGen | null = null;
  /** @internal */ _running = false;
  /** @internal */ _finished = false;

  constructor(
    private readonly thisArg: unknown,
    private readonly args: ArrayLike<unknown>,
    private readonly genFn: GenFn,
    readonly fn: AnyFn | undefined,
    readonly name: string,
  ) {}

  get ag_running(): boolean {
    return this._running;
  }

  /** @internal */
  _g(): CoroGen {
    let g = this._gen;
    if (g === null) {
      g = Reflect.apply(this.genFn, this.thisArg, this.args) as CoroGen;
      this._gen = g;
    }
    return g;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  __aiter__(): this {
    return this;
  }

  __anext__(): Coroutine {
    return this.asend(undefined);
  }

  asend(value: unknown): Coroutine {
    return coro(agSend, 'asend', [this, value, false]);
  }

  athrow(exc: unknown): Coroutine {
    return coro(agSend, 'athrow', [this, exc, true]);
  }

  aclose(): Coroutine {
    return coro(agClose, 'aclose', [this]);
  }

  /** JS protocol: resolves to `{done, value}`; the end of the generator is `{done: true}`. */
  next(value?: unknown): Coroutine {
    return coro(iterResult, 'anext', [agSend(this, value, false), true]);
  }

  throw(exc: unknown): Coroutine {
    return coro(iterResult, 'athrow', [agSend(this, exc, true), true]);
  }

  return(value?: unknown): Coroutine {
    return coro(agReturn, 'aclose', [this, value]);
  }

  __repr__(): string {
    return `<async_generator object ${this.name} at ${addressOf(this)}>`;
  }
}

function* agSend(this: unknown, ag: AsyncGen, value: unknown, throwing: boolean): CoroGen {
  if (ag._running) throw new RuntimeError('anext(): asynchronous generator is already running');
  if (ag._finished) {
    if (throwing) throw value;
    throw new StopAsyncIteration();
  }
  const g = ag._g();
  let v = value;
  let thr = throwing;
  for (;;) {
    const r = agStep(ag, g, v, thr);
    if (r.done === true) {
      ag._finished = true;
      throw new StopAsyncIteration();
    }
    const y = r.value;
    if (y instanceof AgYield) return y.value;
    // An await inside the generator: hand the future up to the Task, send its outcome back.
    try {
      v = yield y;
      thr = false;
    } catch (e) {
      v = e;
      thr = true;
    }
  }
}

/**
 * JS's async-iterator protocol over Python's: `{done: false, value}` for what awaiting `step`
 * gives (or, unwrapped, the `{done, value}` it gives), `{done: true}` when it raises
 * StopAsyncIteration. `step` is a generator not yet started, so nothing runs before the first send.
 */
function* iterResult(this: unknown, step: CoroGen, wrap: boolean): CoroGen {
  try {
    const v = yield* step;
    return wrap ? { done: false, value: v } : v;
  } catch (e) {
    if (e instanceof StopAsyncIteration) return { done: true, value: undefined };
    throw e;
  }
}

function* agClose(this: unknown, ag: AsyncGen): CoroGen {
  if (ag._running) throw new RuntimeError('aclose(): asynchronous generator is already running');
  if (ag._finished || ag._gen === null) {
    ag._finished = true;
    return undefined;
  }
  const g = ag._gen;
  // GeneratorExit is JS's return(): finally blocks run, and may still await.
  let r: IteratorResult<unknown, unknown>;
  ag._running = true;
  try {
    r = g.return(undefined);
  } finally {
    ag._running = false;
  }
  while (r.done !== true) {
    if (r.value instanceof AgYield) {
      ag._finished = true;
      throw new RuntimeError('async generator ignored GeneratorExit');
    }
    let v: unknown;
    let thr = false;
    try {
      v = yield r.value;
    } catch (e) {
      v = e;
      thr = true;
    }
    r = agStep(ag, g, v, thr);
  }
  ag._finished = true;
  return undefined;
}

/** One step of the async generator's body (sending `v`, or throwing it); an exception out of the body finishes it. */
function agStep(ag: AsyncGen, g: CoroGen, v: unknown, thr: boolean): IteratorResult<unknown, unknown> {
  ag._running = true;
  try {
    return thr ? g.throw(v) : g.next(v);
  } catch (e) {
    ag._finished = true;
    throw e;
  } finally {
    ag._running = false;
  }
}

function* agReturn(this: unknown, ag: AsyncGen, value: unknown): CoroGen {
  yield* agClose(ag);
  return { done: true, value };
}

function makeAsyncGen(thisArg: unknown, args: ArrayLike<unknown>, genFn: GenFn, fn?: AnyFn, name?: string): AsyncGen {
  return new AsyncGen(thisArg, args, genFn, fn, name ?? fn?.name ?? genFn.name.replace(/^__co_/, ''));
}

// ---------------------------------------------------------------------------------------------
// for await / await using

/** What `for await` drives: `next()` returns an awaitable of `{done, value}`. */
export interface AwaitableIterator {
  next(): unknown;
  return?(value?: unknown): unknown;
}

class PyAsyncIter implements AwaitableIterator {
  constructor(private readonly it: { __anext__(): unknown }) {}
  next(): Coroutine {
    return coro(pyAnext, 'anext', [this.it]);
  }
  return(value?: unknown): Coroutine {
    return coro(pyAclose, 'aclose', [this.it, value]);
  }
}

function* pyAnext(this: unknown, it: { __anext__(): unknown }): CoroGen {
  return yield* iterResult(awaitValue(it.__anext__()), true);
}

function* pyAclose(this: unknown, it: { aclose?: unknown }, value: unknown): CoroGen {
  if (typeof it.aclose === 'function') yield* awaitValue((it.aclose as () => unknown).call(it));
  return { done: true, value };
}

/** JS async iterators whose `next()` returns our awaitables; StopAsyncIteration also ends them. */
class JsAsyncIter implements AwaitableIterator {
  constructor(private readonly it: { next(): unknown; return?: unknown }) {}
  next(): Coroutine {
    return coro(jsAnext, 'anext', [this.it]);
  }
  return(value?: unknown): unknown {
    const r = this.it.return;
    if (typeof r === 'function') return (r as (v: unknown) => unknown).call(this.it, value);
    return new DoneAwaitable({ done: true, value });
  }
}

function* jsAnext(this: unknown, it: { next(): unknown }): CoroGen {
  return yield* iterResult(awaitValue(it.next()), false);
}

/** An awaitable that is already done (what `await` of a finished step returns immediately). */
export class DoneAwaitable {
  constructor(private readonly value: unknown) {}
  __await__(): CoroGen {
    return doneGen(this.value);
  }
}

// eslint-disable-next-line require-yield
function* doneGen(this: unknown, v: unknown): CoroGen {
  return v;
}

/** `__rt.aiter(E)` for `for await (P of E)`. */
function aiter(x: unknown): AwaitableIterator {
  if (isAsyncGen(x)) return x;
  if (x !== null && typeof x === 'object') {
    const ai = (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator];
    if (typeof ai === 'function') {
      const it: unknown = ai.call(x);
      if (isAsyncGen(it)) return it;
      if (it !== null && typeof it === 'object' && typeof (it as { next?: unknown }).next === 'function') {
        return new JsAsyncIter(it as { next(): unknown });
      }
    }
    const pa = (x as { __aiter__?: unknown }).__aiter__;
    if (typeof pa === 'function') {
      const it: unknown = pa.call(x);
      if (isAsyncGen(it)) return it;
      if (it !== null && typeof it === 'object' && typeof (it as { __anext__?: unknown }).__anext__ === 'function') {
        return new PyAsyncIter(it as { __anext__(): unknown });
      }
    }
  }
  throw new TypeError(`'async for' requires an object with __aiter__ method, got ${pyTypeName(x)}`);
}

/** Exceptions leaving `await using` blocks, by resource, until the block's disposal takes them. */
const leaving = new WeakMap<object, unknown>();
let leavingCount = 0;

/**
 * `__rt.aexc(x, e)`: the exception `e` is leaving the block of `await using x` (the compiler's
 * catch clause); returns it to be rethrown. Its disposal gets it (see adispose).
 */
function aexc(x: unknown, e: unknown): unknown {
  if (x !== null && (typeof x === 'object' || typeof x === 'function') && !leaving.has(x)) {
    leaving.set(x, e);
    leavingCount++;
  }
  return e;
}

/**
 * `__rt.adispose(x)` for `await using`: the awaitable `x[Symbol.asyncDispose]()` returns. When an
 * exception is leaving the block it is passed as the one argument, as Python passes it to
 * `__aexit__`: `asyncio.timeout()` turns its own cancellation into TimeoutError, a TaskGroup
 * cancels its tasks. Other disposers ignore the argument.
 */
function adispose(x: unknown): unknown {
  if (x === null || x === undefined) return new DoneAwaitable(undefined);
  const d = (x as { [Symbol.asyncDispose]?: unknown })[Symbol.asyncDispose];
  let exc: unknown[] = EMPTY_ARGS as unknown[];
  if (leavingCount > 0 && (typeof x === 'object' || typeof x === 'function') && leaving.has(x)) {
    exc = [leaving.get(x)];
    leaving.delete(x);
    leavingCount--;
  }
  if (typeof d === 'function') {
    const r: unknown = exc.length === 0 ? d.call(x) : d.call(x, exc[0]);
    return r === undefined ? new DoneAwaitable(undefined) : r;
  }
  const s = (x as { [Symbol.dispose]?: unknown })[Symbol.dispose];
  if (typeof s === 'function') {
    s.call(x);
    return new DoneAwaitable(undefined);
  }
  throw new TypeError(`'${pyTypeName(x)}' object does not support the asynchronous context manager protocol`);
}

export const coroutineHelpers = {
  async: makeAsync,
  await: programAwait,
  asyncgen: makeAsyncGen,
  agyield,
  aiter,
  aexc,
  adispose,
};

export function iscoroutine(x: unknown): x is Coroutine {
  return x instanceof Coroutine;
}
