/**
 * What asyncio's own reprs need beyond Python's `repr()` (`lib/pyrepr.ts`, which they use for the
 * values they show): a callback's name as CPython's handle reprs show it, and a stable fake
 * address per object (`<Task finished name='Task-1' coro=<work() done> result='Done after 1s'>`,
 * `<coroutine object f at 0x7f…>`).
 */
import { pyRepr } from '../../lib/pyrepr';

/** `<callback name>` as CPython's handle reprs show it (`hello()` for `hello`). */
export function callableName(fn: unknown): string {
  if (typeof fn === 'function') return fn.name === '' ? '<lambda>' : fn.name.replace(/^bound /, '');
  return pyRepr(fn);
}

/** A stable fake address per object, for `<coroutine object f at 0x7f…>`. */
let nextAddr = 0x7f0a1c2b3000;
const addrs = new WeakMap<object, number>();
export function addressOf(o: object): string {
  let a = addrs.get(o);
  if (a === undefined) {
    a = nextAddr;
    nextAddr += 0x30;
    addrs.set(o, a);
  }
  return `0x${a.toString(16)}`;
}
