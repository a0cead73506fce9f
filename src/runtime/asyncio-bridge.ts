/**
 * Where asyncio meets threads. asyncio itself (src/runtime/asyncio) is single-threaded; this
 * file lets a loop cross to another thread (DESIGN.md §3: "runtime objects are the same object in
 * every thread"), so the seed's "dynamic coroutines" examples work: MainThread creates a loop,
 * Thread-1 runs it forever, MainThread feeds it with call_soon_threadsafe and
 * run_coroutine_threadsafe.
 *
 * - A loop crosses as its doorbell's heap address; each thread decodes its own BaseEventLoop over
 *   the same SharedLoopChannel. Only the thread that runs it uses its local queues.
 * - call_soon_threadsafe from a thread that is not running the loop posts through the doorbell
 *   (the callback crosses: a module-level function, or a method of the loop such as `loop.stop`).
 * - A coroutine crosses by function name and arguments (coroutines are lazy: nothing ran yet).
 */
import { ObjType } from '../protocol/layout';
import {
  BaseEventLoop,
  Coroutine,
  Handle,
  asyncioModule,
  resetAsyncioForThread,
  setRunCoroutineThreadsafe,
  setUnhandledReporter,
  reportUnretrievedExceptions,
} from './asyncio';
import { ctx } from './core/context';
import { SharedLoopChannel } from './core/loopchannel';
import { perThread } from './core/perthread';
import { registerBuiltin, registerDecoder, closureMessage } from './core/values';
import { printErr } from './program';

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

/** Runs in the loop's thread: schedules a coroutine sent by run_coroutine_threadsafe. */
function startCoroutine(coro: unknown): void {
  ensure_future(coro as Coroutine);
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

export function installAsyncioBridge(isMainThread: boolean, threadName: string): void {
  resetAsyncioForThread({ isMainThread, threadName });
  setUnhandledReporter((_ctx, formatted) => printErr(formatted.split('\n')));
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
      if (!this.fn) throw new TypeError(closureMessage({ name: this.name }));
      return { tag: 'coro', data: [this.fn, Array.from(this.args)] };
    },
  });
  registerDecoder('coro', (data) => {
    const [fn, args] = data as [(...a: unknown[]) => unknown, unknown[]];
    return fn(...args);
  });

  const local = BaseEventLoop.prototype.call_soon_threadsafe;
  BaseEventLoop.prototype.call_soon_threadsafe = function (this: BaseEventLoop, cb, ...args) {
    if (this.is_running()) return local.call(this, cb, ...args);
    // Not running in this thread: another thread runs it (or will); hand the callback over.
    const name = methodNameOf(this, cb);
    const item = name
      ? { fn: loopMethod as (...a: unknown[]) => unknown, args: [name, ...args], from: ctx().tid }
      : { fn: cb as (...a: unknown[]) => unknown, args, from: ctx().tid };
    this.channel.post(item);
    return new Handle(cb, args, this);
  };

  setRunCoroutineThreadsafe((coro, loop) => {
    if (!(coro instanceof Coroutine)) throw new TypeError('A coroutine object is required');
    loop.call_soon_threadsafe(startCoroutine, coro);
    return null;
  });
}

export function finishAsyncio(): void {
  reportUnretrievedExceptions();
}

export const LOOP_TYPE = ObjType.EventLoop;
