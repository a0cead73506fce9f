/**
 * What a program reads from the platform in a deterministic run (docs/deterministic-runs.md):
 * `performance.now()` and `Date.now()` follow the run's virtual clock, and `Math.random()`
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
      Math.random = realClocks.random;
      installed = false;
    }
    return;
  }
  installed = true;
  Object.defineProperty(performance, 'now', { value: () => vclock() / 1000, configurable: true, writable: true });
  Date.now = () => Math.floor(startTimeS * 1000 + vclock() / 1000);
  let state = fnv1a(fnv1a(FNV_OFFSET, seed), tid) | 0;
  Math.random = () => {
    const r = mulberry32(state);
    state = r.state;
    return r.value / 0x100000000;
  };
}
