/**
 * Where asyncio meets threads. asyncio itself (src/runtime/asyncio) is single-threaded; this
 * file lets a loop cross to another thread (docs/program-model.md: "runtime objects are the same object in
 * every thread"), so the seed's "dynamic coroutines" examples work: MainThread creates a loop,
 * Thread-1 runs it forever, MainThread feeds it with call_soon_threadsafe and
 * run_coroutine_threadsafe.
 *
 * - A loop crosses as its doorbell's heap address; each thread decodes its own BaseEventLoop over
 *   the same SharedLoopChannel. Only the thread that runs it uses its local queues.
 * - call_soon_threadsafe from a thread that is not running the loop posts through the doorbell
 *   (the callback crosses: a module-level function, or a method of the loop such as `loop.stop`);
 *   asyncio's core keeps the call's place among this thread's own call_soon's (core.ts).
 * - A coroutine crosses by function name and arguments (coroutines are lazy: nothing ran yet);
 *   run_coroutine_threadsafe returns a `concurrent.futures.Future` (in the shared heap) that the
 *   loop's thread completes, as CPython's.
 */
import {
  BaseEventLoop,
  Coroutine,
  Future,
  GenCoroutine,
  asyncioModule,
  resetAsyncioForThread,
  setCrossing,
  setRunCoroutineThreadsafe,
  setUnhandledReporter,
  setAsyncioDebug,
  reportAtThreadEnd,
} from './asyncio';
import { Detect } from '../protocol/memory-layout';
import { busySeconds, ctx, longestWaitLineSince } from './core/context';
import { detect, warn } from './core/warn';
import { programLineOf } from './traceback';
import { SharedLoopChannel } from './core/loopchannel';
import { perThread } from './core/perthread';
import { registerBuiltin, registerDecoder, closureMessage } from './core/values';
import { printErr } from './program';
import { Future as ConcurrentFuture } from './futures/future';

/** Loops decoded in this worker: a loop the previous thread ran here is not the next thread's. */
const loops = new Map<number, BaseEventLoop>();
perThread(() => loops.clear());
const { ensure_future, get_running_loop } = asyncioModule;

function channelAddr(loop: BaseEventLoop): number {
  const ch = loop.channel;
  if (!(ch instanceof SharedLoopChannel)) throw new TypeError('this event loop cannot cross threads');
  return ch.addr;
}

/** Runs in the loop's thread: a method of the running loop named by a crossing callback. */
function loopMethod(name: string, ...args: unknown[]): unknown {
  const loop = get_running_loop() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const f = loop[name];
  if (typeof f !== 'function') throw new TypeError(`event loop has no method ${name}`);
  return f.apply(loop, args);
}

/**
 * Runs in the loop's thread: schedules a coroutine sent by run_coroutine_threadsafe and chains
 * its task to the caller's `concurrent.futures.Future` (CPython's `_chain_future`): the task's
 * outcome completes the future; cancelling the future cancels the task.
 */
function startCoroutine(coro: unknown, future?: ConcurrentFuture): void {
  let task: Future;
  try {
    task = ensure_future(coro as Coroutine);
  } catch (e) {
    if (future?.set_running_or_notify_cancel() === true) future.set_exception(e);
    throw e;
  }
  if (future === undefined) return;
  // A closure: the future is completed (cancelled) in another thread, which posts it back here.
  future.add_done_callback((f) => {
    if (f.cancelled()) task.cancel();
  });
  task.add_done_callback(() => setConcurrentState(future, task));
}

/** `futures._set_concurrent_future_state`. */
function setConcurrentState(future: ConcurrentFuture, task: Future): void {
  if (task.cancelled()) future.cancel();
  if (!future.set_running_or_notify_cancel()) return;
  const exc = task.exception();
  if (exc !== null) {
    future.set_exception(exc);
    return;
  }
  try {
    future.set_result(task.result());
  } catch (e) {
    // The result cannot cross to the waiting thread (a closure…): the waiter gets why.
    if (!(e instanceof TypeError)) throw e;
    future.set_exception(e);
  }
}

function methodNameOf(loop: BaseEventLoop, f: unknown): string | undefined {
  if (typeof f !== 'function') return undefined;
  let proto: object | null = Object.getPrototypeOf(loop) as object | null;
  while (proto && proto !== Object.prototype) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      if ((proto as Record<string, unknown>)[k] === f) return k;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return undefined;
}

let installed = false;

/** asyncio's debug mode in a program worker (asyncio/debug.ts): warnings, lines, the busy clock. */
const debugHooks = {
  warn: (text: string, line: number) => warn('asyncio', text, line),
  lineOf: (stack: string) => programLineOf(stack, ctx().lineOffset),
  busy: busySeconds,
  busyLine: longestWaitLineSince,
};

export function installAsyncioBridge(isMainThread: boolean, threadName: string): void {
  resetAsyncioForThread({ isMainThread, threadName });
  setUnhandledReporter((_ctx, formatted) => printErr(formatted.split('\n')));
  // `detect` was read as the thread began (worker.ts beginDetectors).
  setAsyncioDebug((detect & Detect.ASYNCIO) !== 0 ? debugHooks : null);
  if (installed) return;
  installed = true;
  registerBuiltin('asyncio.__loop_method__', loopMethod);
  registerBuiltin('asyncio.__start_coroutine__', startCoroutine);

  Object.defineProperty(BaseEventLoop.prototype, '__cross__', {
    value(this: BaseEventLoop) {
      return { tag: 'loop', data: channelAddr(this) };
    },
  });
  registerDecoder('loop', (addr) => {
    const a = addr as number;
    let loop = loops.get(a);
    if (!loop) {
      loop = new BaseEventLoop(new SharedLoopChannel(a));
      loops.set(a, loop);
    }
    return loop;
  });

  Object.defineProperty(Coroutine.prototype, '__cross__', {
    value(this: Coroutine) {
      // Made again there from its function and arguments: a runtime op (sleep, Queue.get) or a
      // closure has none to send.
      if (!(this instanceof GenCoroutine) || !this.fn) throw new TypeError(closureMessage({ name: this.name }));
      this._crossed();
      return { tag: 'coro', data: [this.fn, Array.from(this.args)] };
    },
  });
  registerDecoder('coro', (data) => {
    const [fn, args] = data as [(...a: unknown[]) => unknown, unknown[]];
    return fn(...args);
  });

  // What call_soon_threadsafe posts for a loop this thread does not run: the callback itself
  // (a module-level function crosses by name), or a method of the loop by its name.
  setCrossing((loop, cb, args) => {
    const name = methodNameOf(loop, cb);
    return name
      ? { fn: loopMethod as (...a: unknown[]) => unknown, args: [name, ...args], from: ctx().tid }
      : { fn: cb as (...a: unknown[]) => unknown, args, from: ctx().tid };
  });

  setRunCoroutineThreadsafe((coro, loop) => {
    if (!(coro instanceof Coroutine)) throw new TypeError('A coroutine object is required');
    const future = new ConcurrentFuture();
    loop.call_soon_threadsafe(startCoroutine, coro, future);
    return future;
  });
}

/** The thread's program has ended normally: what asyncio says of what it drops (asyncio/index.ts reportAtThreadEnd). */
export function finishAsyncio(): void {
  reportAtThreadEnd();
}

