/**
 * The real clocks, taken before a deterministic run points the program's `performance.now`,
 * `Date.now` and `Math.random` at the run's virtual clock and seed (core/detglobals.ts). The
 * runtime's own timing (sliced waits, spins, pacing, trace sampling) always uses these.
 */
const perf = performance;
const realPerfNow = perf.now.bind(perf);
const realDateNow = Date.now.bind(Date);
const realRandom = Math.random.bind(Math);

/** `performance.now()` of this worker, whatever the program sees. */
export function wallNow(): number {
  return realPerfNow();
}

export const realClocks = { perfNow: realPerfNow, dateNow: realDateNow, random: realRandom, Date };
