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

/**
 * A host on virtual time (as the deterministic runs' clock, and the Go playground's): the loop's
 * clock stands still while callbacks run and jumps by the timeout when the loop would wait with
 * nothing to do, so what a test sees never depends on how busy the machine is. A loop that
 * would wait forever, or for more than an hour of program time, fails the test instead.
 */
export function virtualHost(): Host {
  let now = 0;
  return {
    ...defaultHost,
    monotonic: () => now,
    newLoopChannel(): LoopChannel {
      const ch = defaultHost.newLoopChannel();
      return {
        wait(timeout) {
          if (ch.wait(0)) return true;
          if (timeout === null) throw new Error('test: the event loop would block forever');
          if (timeout > 3600) throw new Error(`test: the event loop would block for ${timeout}s`);
          now += Math.max(0, timeout);
          return false;
        },
        drain: () => ch.drain(),
        ring: () => ch.ring(),
        post: (item) => ch.post(item),
      };
    },
  };
}

export const testHost: Host = { ...defaultHost, newLoopChannel: safeChannel };

/** Installs the test host and fresh asyncio state; returns the list unhandled reports go to. */
export function setup(host: Host = virtualHost()): string[] {
  setHost(host);
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
