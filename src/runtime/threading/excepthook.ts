/**
 * `threading.excepthook`: what runs when a thread's `run()` raises (CPython 3.8+). The default
 * prints `Exception in thread NAME:` and the traceback to stderr; a program may assign its own
 * `threading.excepthook = hook` (the `threading` module object has an accessor for it), called
 * with an `ExceptHookArgs`.
 *
 * Every thread is a worker with its own module objects, so the hook a thread uses is the one its
 * starter had when it called `start()` (core/inherit.ts): set it in the main thread before
 * starting threads, as CPython programs do. It crosses like a thread target: a module-level
 * function (or a builtin, or a method of a runtime object); a closure makes `start()` raise
 * `TypeError`. A child process takes over its parent's hook for its own threads (fork copies
 * module state); a process's own crash is reported by multiprocessing, not by this hook.
 * As in CPython, `threading.excepthook = null` (None) makes `Thread()` raise `RuntimeError`.
 */
import { pyRepr } from '../../lib/pyrepr';
import { RunAborted, RuntimeError } from '../errors';
import { ctx } from '../core/context';
import { registerInherited } from '../core/inherit';
import { printErr } from '../program';
import { formatTraceback } from '../traceback';

type Hook = (args: ExceptHookArgs) => unknown;

/** The exception's traceback (CPython's traceback object): here only printable. */
export class TracebackType {
  __repr__(): string {
    return '<traceback object>';
  }
}

/** `threading.ExceptHookArgs`: what the hook receives (CPython's `_thread._ExceptHookArgs`). */
export class ExceptHookArgs {
  /** The exception's class (`args.exc_type.name` is its Python name). */
  readonly exc_type: unknown;
  /** The exception raised by `run()`. */
  readonly exc_value: unknown;
  /** Its traceback. */
  readonly exc_traceback: TracebackType | null;
  /** The Thread whose `run()` raised. */
  readonly thread: unknown;

  /** `ExceptHookArgs([exc_type, exc_value, exc_traceback, thread])`, as CPython's structseq. */
  constructor(args: readonly unknown[]) {
    if (!Array.isArray(args) || args.length !== 4) {
      throw new TypeError(`_thread._ExceptHookArgs() takes a 4-sequence (${Array.isArray(args) ? args.length : 0}-sequence given)`);
    }
    this.exc_type = args[0];
    this.exc_value = args[1];
    this.exc_traceback = (args[2] as TracebackType | null) ?? null;
    this.thread = args[3];
  }

  __repr__(): string {
    return (
      `_thread._ExceptHookArgs(exc_type=${pyRepr(this.exc_type)}, exc_value=${pyRepr(this.exc_value)}, ` +
      `exc_traceback=${pyRepr(this.exc_traceback)}, thread=${pyRepr(this.thread)})`
    );
  }
}

function traceback(err: unknown, header?: string): string[] {
  const c = ctx();
  return formatTraceback(err, { source: c.source, lineOffset: c.lineOffset, ...(header ? { header } : {}) });
}

function threadName(thread: unknown): string {
  const name = (thread as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : String(ctx().tid);
}

/** CPython's default `threading.excepthook`: `Exception in thread NAME:` and the traceback. */
export function excepthook(args: ExceptHookArgs): void {
  printErr(traceback(args.exc_value, `Exception in thread ${threadName(args.thread)}:`));
}

let hook: Hook | null = excepthook;

/** The hook in force in this thread (what `threading.excepthook` reads). */
export function getExcepthook(): Hook | null {
  return hook;
}

/** `threading.excepthook = fn`; `null` is CPython's `None` (then `Thread()` refuses to be made). */
export function setExcepthook(fn: unknown): void {
  hook = fn === undefined ? excepthook : (fn as Hook | null);
}

/** CPython's `_make_invoke_excepthook`, run by `Thread()`: no thread without a hook. */
export function checkExcepthook(): void {
  if (hook === null) throw new RuntimeError('threading.excepthook is None');
}

/**
 * Called by the worker when the thread's `run()` raised `err` (CPython's
 * `_make_invoke_excepthook`): the hook gets the args; if the hook itself raises, its own error
 * is printed after `Exception in threading.excepthook:`.
 */
export function invokeExcepthook(err: unknown, thread: unknown): void {
  const type = err !== null && typeof err === 'object' ? (Object.getPrototypeOf(err) as { constructor?: unknown } | null)?.constructor ?? null : null;
  const args = new ExceptHookArgs([type, err, new TracebackType(), thread]);
  // None since the thread was made: CPython falls back on the hook of that time (the default here).
  const fn = hook ?? excepthook;
  try {
    if (typeof fn !== 'function') throw new TypeError(`'${pyRepr(fn)}' object is not callable`);
    fn(args);
  } catch (e) {
    if (e instanceof RunAborted) throw e;
    printErr(traceback(e, 'Exception in threading.excepthook:'));
  }
}

registerInherited('excepthook', {
  label: 'threading.excepthook',
  capture: () => (hook === excepthook ? null : hook),
  restore(v) {
    hook = typeof v === 'function' ? (v as Hook) : excepthook;
  },
});
