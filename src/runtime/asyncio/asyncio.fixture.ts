/**
 * Test-only helpers (imported by the *.test.ts files): a host whose loops refuse to block forever
 * (a bug would otherwise hang the Vitest worker inside Atomics.wait, beyond any test timeout), and
 * short names for the compiled-coroutine helpers.
 */
import { defaultHost, setHost, type Host, type LoopChannel } from '../host';
import { coroutineHelpers, resetAsyncioForThread, setUnhandledReporter } from './index';
import type { Coroutine } from './coroutine';

function safeChannel(): LoopChannel {
  const ch = defaultHost.newLoopChannel();
  return {
    wait(timeout) {
      if (timeout === null) {
        if (ch.wait(0)) return true;
        throw new Error('test: the event loop would block forever');
      }
      if (timeout > 10) throw new Error(`test: the event loop would block for ${timeout}s`);
      return ch.wait(timeout);
    },
    drain: () => ch.drain(),
    ring: () => ch.ring(),
    post: (item) => ch.post(item),
  };
}

export const testHost: Host = { ...defaultHost, newLoopChannel: safeChannel };

/** Installs the test host and fresh asyncio state; returns the list unhandled reports go to. */
export function setup(): string[] {
  setHost(testHost);
  resetAsyncioForThread({ isMainThread: true, threadName: 'MainThread' });
  const reports: string[] = [];
  setUnhandledReporter((_ctx, formatted) => reports.push(formatted));
  return reports;
}

/** `async function` as the compiler lowers it, for tests: `co(function* () {…}, 'name')`. */
export function co(body: () => Generator<unknown, unknown, unknown>, name = 'coro'): Coroutine {
  return coroutineHelpers.async(undefined, [], body, undefined, name);
}

/** `await x` inside a test coroutine: `yield* aw(x)`. */
export const aw = coroutineHelpers.await;
