/**
 * What a program reads from the platform in a deterministic run (docs/deterministic-runs.md):
 * `performance.now()`, `Date.now()` and `new Date()` (and `Date()`) follow the run's virtual
 * clock, and `Math.random()`
 * draws from a stream of the run's seed and the thread's tid (mulberry32), so a replay reads
 * the same values. A parallel run gets the real ones back (a worker serves runs of either kind).
 * The runtime itself never reads these: it uses core/wallclock.ts.
 */
import { FNV_OFFSET, fnv1a, mulberry32 } from '../../protocol/sched';
import { vclock } from './sched';
import { realClocks } from './wallclock';

let installed = false;

export function installProgramClocks(det: boolean, seed: number, tid: number, startTimeS: number): void {
  if (!det) {
    if (installed) {
      delete (performance as { now?: unknown }).now;
      Date.now = realClocks.dateNow;
      globalThis.Date = realClocks.Date;
      Math.random = realClocks.random;
      installed = false;
    }
    return;
  }
  installed = true;
  Object.defineProperty(performance, 'now', { value: () => vclock() / 1000, configurable: true, writable: true });
  const now = (): number => Math.floor(startTimeS * 1000 + vclock() / 1000);
  Date.now = now;
  globalThis.Date = virtualDate(now);
  let state = fnv1a(fnv1a(FNV_OFFSET, seed), tid) | 0;
  Math.random = () => {
    const r = mulberry32(state);
    state = r.state;
    return r.value / 0x100000000;
  };
}

/**
 * `Date` whose "now" is `now()`: `new Date()` and `Date()` read it; every other use (a given
 * time, `Date.UTC`, `instanceof Date`, the prototype) is the real `Date`'s.
 */
function virtualDate(now: () => number): DateConstructor {
  const RealDate = realClocks.Date;
  return new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget: object) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget as DateConstructor) as object,
    apply: () => new RealDate(now()).toString(),
  });
}
