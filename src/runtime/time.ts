/**
 * Python's `time`, in program time: at speed 10 a `sleep(1)` takes 0.1 s of wall time and
 * `time()` still advances 1 s (docs/program-model.md "Time and speed").
 */
import { T, WaitKind } from '../protocol/memory-layout';
import { ValueError } from './errors';
import { ctx, deadlineFor, futexWait, programSeconds, setState } from './core/context';
import { det, opPoint } from './core/sched';

export function sleep(secs: number): void {
  if (typeof secs !== 'number' || Number.isNaN(secs)) throw new TypeError("'sleep' requires a number");
  if (secs < 0) throw new ValueError('sleep length must be non-negative');
  const c = ctx();
  if (det) opPoint(`sleep ${secs}`);
  setState('sleeping', { kind: WaitKind.SLEEP, timeout: secs, what: `sleep ${secs}` });
  const deadline = deadlineFor(secs);
  // The SLEEP word is never notified: a sleep always runs to its deadline.
  while (futexWait(c.i32, c.slot + T.SLEEP, 0, deadline)) {
    /* spurious wake: keep sleeping */
  }
  setState('running');
}

export function time(): number {
  return ctx().startTime + programSeconds();
}

export function perf_counter(): number {
  return programSeconds();
}

export function monotonic(): number {
  return programSeconds();
}

/**
 * The `_ns` clocks return `bigint`, as CPython returns an int: `time_ns()` is about 1.7e18, past
 * the 2^53 up to which a JS number is exact (and a number that large prints as a float). A
 * bigint prints as Python's int does, and differences of two readings are bigints too
 * (`Number(t1 - t0) / 1e9` gives seconds).
 */
function nanos(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1e9));
}

/** `time.perf_counter_ns()`: `perf_counter()` in integer nanoseconds. */
export function perf_counter_ns(): bigint {
  return nanos(programSeconds());
}

/** `time.monotonic_ns()`: `monotonic()` in integer nanoseconds. */
export function monotonic_ns(): bigint {
  return nanos(programSeconds());
}

/**
 * `time.time_ns()`: `time()` in integer nanoseconds. The epoch start (µs, exact as a number) and
 * the program seconds since are converted apart: their float sum would lose the last ~8 bits.
 */
export function time_ns(): bigint {
  const start = ctx().startTime;
  const startMicros = Math.round(start * 1e6);
  return BigInt(startMicros) * 1000n + nanos(programSeconds() + (start - startMicros / 1e6));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `time.ctime(secs?)`: e.g. `Sat Jul 13 10:39:27 2019` (local time, day padded with a space). */
export function ctime(secs?: number | null): string {
  const d = new Date((secs ?? time()) * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  // A deterministic run replays the same text on any machine: UTC, not the machine's zone.
  const [day, month, date, h, m, s, y] = det
    ? [d.getUTCDay(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCFullYear()]
    : [d.getDay(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getFullYear()];
  return `${DAYS[day]} ${MONTHS[month]} ${String(date).padStart(2, ' ')} ${pad(h)}:${pad(m)}:${pad(s)} ${y}`;
}

export const timeModule = { sleep, time, perf_counter, monotonic, ctime, perf_counter_ns, monotonic_ns, time_ns };
