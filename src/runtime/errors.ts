/**
 * Python's exception classes, as the program sees them (globals and module exports). Each keeps
 * Python's name in `name`, so `String(err)` and tracebacks read `ValueError: msg`. JS's own
 * `TypeError` and `RangeError` are used as they are.
 *
 * `remoteTraceback` holds the formatted traceback of an exception that crossed from another
 * thread or process (a pool task's failure), as CPython's `_RemoteTraceback` does.
 */
import type { ExceptionName } from '../protocol/program';

export class PyException extends Error {
  remoteTraceback?: string;
  constructor(message = '') {
    super(message);
    // An own `pyName` (set below for the runtime's classes, whose JS names a minifier may
    // shorten); a program's own subclasses are not minified and keep their class name.
    this.name = Object.hasOwn(new.target, 'pyName') ? (new.target.pyName ?? new.target.name) : new.target.name;
  }
  /** Python's class name (own property of each runtime exception class). */
  static pyName?: string;
}

/** Python's `Exception`, exported to programs under that name. */
export class Exception extends PyException {}
export class RuntimeError extends Exception {}
export class ValueError extends Exception {}
export class KeyError extends Exception {}
export class IndexError extends Exception {}
export class AssertionError extends Exception {}
export class ZeroDivisionError extends Exception {}
export class NotImplementedError extends RuntimeError {}
export class ModuleNotFoundError extends Exception {}
export class OSError extends Exception {}
/** `EOFError`: `Connection.recv()` when the other end is closed and nothing is left to read. */
export class EOFError extends Exception {}
/** `ConnectionError` (an `OSError`), the base of `BrokenPipeError`. */
export class ConnectionError extends OSError {}
/** `BrokenPipeError`: writing to a pipe whose reading end is closed, or using a shut down Manager. */
export class BrokenPipeError extends ConnectionError {}
/** Builtin `TimeoutError`; since 3.11 also `asyncio.TimeoutError` and `concurrent.futures.TimeoutError`. */
export class TimeoutError extends OSError {}
export class BrokenBarrierError extends RuntimeError {}
export class StopAsyncIteration extends Exception {}
/** `queue.Empty` / `queue.Full` (also raised by `multiprocessing.Queue`). */
export class Empty extends Exception {}
export class Full extends Exception {}
/** `asyncio.QueueEmpty` / `asyncio.QueueFull`. */
export class QueueEmpty extends Exception {}
export class QueueFull extends Exception {}
/** `asyncio.CancelledError` (a BaseException in Python: `except Exception` does not catch it). */
export class CancelledError extends PyException {}
/** `asyncio.InvalidStateError` and `concurrent.futures.InvalidStateError`. */
export class InvalidStateError extends Exception {}
/** `concurrent.futures.BrokenExecutor` family. */
export class BrokenExecutor extends RuntimeError {}
/**
 * Python's `ExceptionGroup(message, exceptions)` (what a TaskGroup raises when tasks fail):
 * `message` is the message as given, `exceptions` the sub-exceptions; printed (`str`) as
 * `message (N sub-exceptions)`, and its traceback is drawn as Python draws groups.
 */
export class ExceptionGroup extends Exception {
  readonly exceptions: readonly unknown[];
  // Both are optional only in the type: the codec rebuilds errors from their message alone.
  constructor(message?: string, exceptions?: Iterable<unknown>) {
    if (exceptions === undefined) throw new TypeError('BaseExceptionGroup.__new__() takes exactly 2 arguments (1 given)');
    if (typeof message !== 'string') throw new TypeError('argument 1 must be str');
    const list = [...exceptions];
    if (list.length === 0) throw new ValueError('second argument (exceptions) must be a non-empty sequence');
    const bad = list.findIndex((x) => !(x instanceof Error));
    if (bad >= 0) throw new ValueError(`Item ${bad} of second argument (exceptions) is not an exception`);
    super(message);
    this.exceptions = Object.freeze(list);
  }

  __str__(): string {
    const n = this.exceptions.length;
    return `${this.message} (${n} sub-exception${n === 1 ? '' : 's'})`;
  }

  override toString(): string {
    return `${this.name}: ${this.__str__()}`;
  }
}

/** Raised in a thread's stack when the run is stopped; never shown to the user as an error. */
export class RunAborted extends Error {
  constructor() {
    super('run aborted');
    this.name = 'RunAborted';
  }
}

/**
 * Every class a program may name or receive, by Python name (for the codec and for globals):
 * exactly the contract's `EXCEPTION_NAMES` (`protocol/program.ts`), which `satisfies` checks both ways.
 */
export const exceptionClasses = {
  Exception,
  RuntimeError,
  ValueError,
  KeyError,
  IndexError,
  AssertionError,
  ZeroDivisionError,
  NotImplementedError,
  ModuleNotFoundError,
  OSError,
  EOFError,
  ConnectionError,
  BrokenPipeError,
  TimeoutError,
  BrokenBarrierError,
  StopAsyncIteration,
  Empty,
  Full,
  QueueEmpty,
  QueueFull,
  CancelledError,
  InvalidStateError,
  BrokenExecutor,
  ExceptionGroup,
} as const satisfies Record<ExceptionName, abstract new (...args: never[]) => Error>;

for (const [name, cls] of Object.entries(exceptionClasses)) {
  Object.defineProperty(cls, 'pyName', { value: name });
  Object.defineProperty(cls, 'name', { value: name });
}
Object.defineProperty(PyException, 'pyName', { value: 'BaseException' });
