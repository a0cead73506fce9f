/**
 * The contract between a compiled program and the runtime that runs it (ARCHITECTURE.md,
 * "Program → compiled body"), written once: the compiler emits `__rt.<member>` calls and
 * imports of the modules named here, the worker runtime builds `__rt` with
 * `satisfies ProgramRt`, and the tests' stand-ins for the runtime do the same. A member renamed
 * or retyped here fails to compile in all three.
 *
 * The runtime's side is typed without runtime code (its coroutine objects are `unknown` here):
 * what the compiled code does with each value is all the compiler relies on.
 */

/** The name the compiled body knows the runtime by: it runs as `new Function(RT_PARAM, body)`. */
export const RT_PARAM = '__rt';

/** The modules a program can import (`import {Lock} from 'threading'`); any other is a compile error. */
export const RUNTIME_MODULES = [
  'threading',
  'multiprocessing',
  'concurrent.futures',
  'queue',
  'asyncio',
  'time',
  'random',
  'os',
] as const;
export type RuntimeModuleName = (typeof RUNTIME_MODULES)[number];

/** Python's exception classes a program names without importing them (its builtins). */
export const EXCEPTION_NAMES = [
  'Exception',
  'RuntimeError',
  'ValueError',
  'KeyError',
  'IndexError',
  'AssertionError',
  'ZeroDivisionError',
  'NotImplementedError',
  'ModuleNotFoundError',
  'OSError',
  'EOFError',
  'ConnectionError',
  'BrokenPipeError',
  'TimeoutError',
  'BrokenBarrierError',
  'StopAsyncIteration',
  'Empty',
  'Full',
  'QueueEmpty',
  'QueueFull',
  'CancelledError',
  'InvalidStateError',
  'BrokenExecutor',
  'ExceptionGroup',
] as const;
export type ExceptionName = (typeof EXCEPTION_NAMES)[number];

/** Every global a program sees, in the order the prelude destructures them from `__rt.globals`. */
export const GLOBAL_NAMES = ['print', 'range', 'shared', '__name__', ...EXCEPTION_NAMES] as const;
export type GlobalName = (typeof GLOBAL_NAMES)[number];

/** A compiled `async function` body: `function* __co_f() {…}`, called with the function's `this` and arguments. */
export type CoroutineBody = (this: unknown, ...args: never[]) => Generator<unknown, unknown, unknown>;

/**
 * `__rt`: what a compiled body calls. Members are function-typed properties (not methods) so that
 * an implementation whose parameters accept less than the compiler passes fails to compile.
 */
export interface ProgramRt {
  /** The program's globals (`const {print, range, …} = __rt.globals;` on line 1). */
  readonly globals: Readonly<Record<GlobalName, unknown>>;
  /** True in MainThread: the top level runs; false in a thread that re-evaluates the module's declarations. */
  readonly isMain: boolean;
  /** `import … from name`: the module object. */
  readonly module: (name: RuntimeModuleName) => unknown;
  /** Called once at the top: a getter of every top-level binding, for `Thread.start()`'s snapshot. */
  readonly scope: (getter: () => Record<string, unknown>) => void;
  /** Outside MainThread: the value of top-level binding `name` as the starting thread saw it. */
  readonly binding: (name: string) => unknown;
  /** `async function f(a) {B}` → `return __rt.async(this, arguments, function* () {B'}, f, "f")`: the coroutine object. */
  readonly async: (thisArg: unknown, args: ArrayLike<unknown>, body: CoroutineBody, fn: ((...args: never[]) => unknown) | undefined, name: string) => unknown;
  /** `await E` → `(yield* __rt.await(E))`: the iterator the coroutine's generator delegates to. */
  readonly await: (awaitable: unknown) => Iterator<unknown, unknown, unknown>;
  /** `async function*`: as `async`, giving the async generator object. */
  readonly asyncgen: (thisArg: unknown, args: ArrayLike<unknown>, body: CoroutineBody, fn: ((...args: never[]) => unknown) | undefined, name: string) => unknown;
  /** A value `yield`ed by an `async function*` body: `(yield __rt.agyield(v))`. */
  readonly agyield: (value: unknown) => unknown;
  /** `for await (P of E)` → a loop over `__rt.aiter(E)`, awaiting each `next()`. */
  readonly aiter: (iterable: unknown) => { next(): unknown };
  /** `await using x`: the exception `e` leaves the block; returns it to be rethrown. */
  readonly aexc: (resource: unknown, e: unknown) => unknown;
  /** `await using x`: the awaitable that disposes `x` at the end of the block. */
  readonly adispose: (resource: unknown) => unknown;
  /** `using x = E` → `const x = E; try {…} finally {__rt.dispose(x);}` (try/finally: V8's native `using` is slower). */
  readonly dispose: (resource: unknown) => void;
  /** Scheduling points (docs/deterministic-runs.md): `let __pc = __rt.pointBudget();` in the prelude. */
  readonly pointBudget: () => number;
  /** `if (--__pc < 0) __pc = __rt.point();` at loop iterations and function entries: the next budget. */
  readonly point: () => number;
}

/** A compile error at the program's own line and column (1-based), with Python's wording where it has one. */
export interface CompileError {
  line: number;
  column: number;
  message: string;
}

/**
 * What the compiler gives: `js`, the body of `new Function(RT_PARAM, js)`, and the program's
 * top-level bindings; or the errors.
 */
export type CompileResult = { ok: true; js: string; bindings: string[] } | { ok: false; errors: CompileError[] };
