/**
 * A stand-in for the worker runtime's `__rt`, for the compiler's tests: it runs a compiled body
 * and drives coroutines synchronously by stepping their generators, so the tests can check what
 * the compiled code does without a worker or an event loop.
 */
import { compile } from './compile';
import { range } from '../lib/range';
import { EXCEPTION_NAMES, RT_PARAM, type CoroutineBody, type ExceptionName, type ProgramRt } from '../protocol/program';

/** What a test's "event loop" resolves when a coroutine yields it. */
/** The ES2023 lib this project targets does not declare it; Node 20 and Chromium define it. */
export const ASYNC_DISPOSE: symbol = (Symbol as unknown as { asyncDispose: symbol }).asyncDispose;

export class Fut {
  done = false;
  result: unknown = undefined;
  error: unknown = undefined;
  constructor(private readonly settle: (f: Fut) => void = () => {}) {}
  resolveNow(): void {
    if (!this.done) {
      this.done = true;
      this.settle(this);
    }
  }
}

class AgYield {
  constructor(readonly value: unknown) {}
}

export class Coro {
  started = false;
  private gen: Generator<unknown, unknown, unknown> | null = null;
  constructor(
    private readonly make: () => Generator<unknown, unknown, unknown>,
    readonly self: unknown,
    readonly name: string,
  ) {}
  generator(): Generator<unknown, unknown, unknown> {
    if (this.gen) throw new Error(`coroutine ${this.name} awaited twice`);
    this.started = true;
    this.gen = this.make();
    return this.gen;
  }
}

export interface Harness {
  rt: ProgramRt;
  out: string[];
  js: string;
  scope: () => Record<string, unknown>;
  /** Runs a coroutine (or awaitable) to completion, resolving each yielded Fut at once. */
  run: (aw: unknown) => unknown;
  /** How many times the program called `__rt.point()` (its scheduling-point countdown ran out). */
  pointCalls: () => number;
}

function format(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(format).join(', ')}]`;
  return String(v);
}

function* awaitIter(x: unknown): Generator<unknown, unknown, unknown> {
  if (x instanceof Coro) return yield* x.generator();
  if (x instanceof Fut) {
    if (!x.done) yield x;
    if (x.error !== undefined) throw x.error;
    return x.result;
  }
  throw new TypeError(`object ${String(x)} can't be used in 'await' expression`);
}

function drive(aw: unknown): unknown {
  const gen = awaitIter(aw);
  let step = gen.next();
  for (;;) {
    if (step.done) return step.value;
    const f = step.value;
    if (!(f instanceof Fut)) throw new Error(`coroutine yielded a non-future: ${String(f)}`);
    f.resolveNow();
    step = f.error !== undefined ? gen.throw(f.error) : gen.next(f.result);
  }
}

/** Python's `async def` generator object, as far as `async for` needs it. */
class AsyncGen {
  private gen: Generator<unknown, unknown, unknown> | null = null;
  private finished = false;
  constructor(
    private readonly make: () => Generator<unknown, unknown, unknown>,
    readonly name: string,
  ) {}
  [Symbol.asyncIterator](): this {
    return this;
  }
  next(sent?: unknown): Coro {
    const self = this;
    return new Coro(
      function* () {
        if (self.finished) return { done: true, value: undefined };
        self.gen ??= self.make();
        const gen = self.gen;
        let step = gen.next(sent);
        for (;;) {
          if (step.done) {
            self.finished = true;
            return { done: true, value: undefined };
          }
          if (step.value instanceof AgYield) return { done: false, value: step.value.value };
          let res: unknown;
          try {
            res = yield step.value;
          } catch (e) {
            step = gen.throw(e);
            continue;
          }
          step = gen.next(res);
        }
      },
      undefined,
      `${this.name}.__anext__`,
    );
  }
}

class TestError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface RunOptions {
  isMain?: boolean;
  bindings?: Record<string, unknown>;
  modules?: Record<string, Record<string, unknown>>;
  extraGlobals?: Record<string, unknown>;
  /**
   * What the fake `__rt.pointBudget()` and `__rt.point()` return. By default 0: every
   * scheduling point calls `point()`, so every test runs the points' slow path too.
   */
  pointBudget?: number;
  /** Each call of `__rt.point()` also prints `·`, to show where the points run. */
  logPoints?: boolean;
}

export function sleep(_delay: number, result?: unknown): Fut {
  return new Fut((f) => {
    f.result = result;
  });
}

export function failing(error: unknown): Fut {
  return new Fut((f) => {
    f.error = error;
  });
}

export function runProgram(source: string, opts: RunOptions = {}): Harness {
  const res = compile(source);
  if (!res.ok) throw new Error(`compile failed: ${JSON.stringify(res.errors)}`);
  const out: string[] = [];
  const exceptions = Object.fromEntries(EXCEPTION_NAMES.map((n) => [n, class extends TestError {}])) as Record<ExceptionName, typeof TestError>;
  const globals: ProgramRt['globals'] = {
    print: (...vals: unknown[]) => out.push(vals.map(format).join(' ')),
    range,
    shared: (o: object) => o,
    __name__: opts.isMain === false ? '__mp_main__' : '__main__',
    ...exceptions,
  };
  let scope: (() => Record<string, unknown>) | null = null;
  // The runtime's `aexc`/`adispose` pair: the exception leaving an `await using` block.
  const leaving = new WeakMap<object, unknown>();
  const modules: Record<string, Record<string, unknown>> = {
    asyncio: { sleep, run: drive, Fut },
    time: { sleep: (s: number) => out.push(`slept ${s}`), time: () => 0 },
    threading: { Lock: class Lock {}, Thread: class Thread {} },
    queue: { Queue: class Queue {} },
    multiprocessing: {},
    'concurrent.futures': {},
    ...opts.modules,
  };
  const budget = opts.pointBudget ?? 0;
  let pointCalls = 0;
  const rt = {
    globals,
    pointBudget: () => budget,
    point: () => {
      pointCalls++;
      if (opts.logPoints) out.push('·');
      return budget;
    },
    isMain: opts.isMain ?? true,
    module: (name: string) => {
      const m = modules[name];
      if (!m) throw new Error(`no module ${name}`);
      return m;
    },
    scope: (getter: () => Record<string, unknown>) => {
      scope = getter;
    },
    binding: (name: string) => {
      const b = opts.bindings ?? {};
      if (!(name in b)) throw new Error(`no binding ${name}`);
      return b[name];
    },
    async: (thisArg: unknown, args: ArrayLike<unknown>, body: CoroutineBody, self: unknown, name: string) =>
      new Coro(() => body.apply(thisArg, Array.from(args) as never[]), self, name),
    asyncgen: (thisArg: unknown, args: ArrayLike<unknown>, body: CoroutineBody, _self: unknown, name: string) =>
      new AsyncGen(() => body.apply(thisArg, Array.from(args) as never[]), name),
    await: awaitIter,
    agyield: (v: unknown) => new AgYield(v),
    aiter: (x: unknown) => {
      const it = (x as { [Symbol.asyncIterator]?: () => unknown })[Symbol.asyncIterator];
      if (typeof it !== 'function') throw new TypeError("'async for' requires an object with __aiter__ method");
      return it.call(x) as { next(): unknown };
    },
    dispose: (x: unknown) => {
      if (x === null || x === undefined) return;
      const d = (x as Record<symbol, unknown>)[Symbol.for('nodejs.dispose')] ?? (x as Record<symbol, unknown>)[(Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose')];
      if (typeof d !== 'function') throw new TypeError('object does not support the context manager protocol');
      d.call(x);
    },
    aexc: (x: unknown, e: unknown) => {
      if (x !== null && typeof x === 'object') leaving.set(x, e);
      return e;
    },
    adispose: (x: unknown) => {
      if (x === null || x === undefined) {
        const f = new Fut();
        f.done = true;
        return f;
      }
      const d = (x as Record<symbol, unknown>)[ASYNC_DISPOSE];
      if (typeof d !== 'function') throw new TypeError('object does not support the asynchronous context manager protocol');
      if (!leaving.has(x)) return d.call(x);
      const e = leaving.get(x);
      leaving.delete(x);
      return d.call(x, e);
    },
  } satisfies ProgramRt;
  const body = new Function(RT_PARAM, res.js) as (rt: ProgramRt) => void;
  body(rt);
  return {
    rt,
    out,
    js: res.js,
    scope: () => {
      if (!scope) throw new Error('scope() was never called');
      return scope();
    },
    run: drive,
    pointCalls: () => pointCalls,
  };
}

/** The stack of what running `source` throws ('' if it throws nothing). */
export function thrownStack(source: string, opts: RunOptions = {}): string {
  try {
    runProgram(source, opts);
  } catch (e) {
    return (e as Error).stack ?? '';
  }
  return '';
}
