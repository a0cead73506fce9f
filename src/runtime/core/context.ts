/**
 * The state one program worker needs everywhere: views of the run's buffer, its own thread id,
 * the clock, the trace ring. One per thread: set by the worker's bootstrap before the thread's
 * program code runs, and again for each later thread the same worker runs (worker.ts).
 */
import { H, HF, T, ThreadState, slotIndex } from '../../protocol/memory-layout';
import { RingWriter } from '../../protocol/ring';
import { writeState, type LaneState } from '../../protocol/trace';
import { RunAborted } from '../errors';
import { programLineOf } from '../traceback';
import { makeFastPath, type FastPath } from './fastpath';
import { perThread } from './perthread';
import { computedUs, det, detWait, noteWait, touchRuntime, traceClock, vclock } from './sched';
import { wallNow } from './wallclock';

export interface WorkerContext {
  sab: SharedArrayBuffer;
  i32: Int32Array;
  f64: Float64Array;
  tid: number;
  /** The process (its main thread's tid) this thread belongs to. */
  pid: number;
  /** Int32 index of this thread's slot. */
  slot: number;
  ring: RingWriter;
  /** Program seconds per wall second. */
  speed: number;
  /** wallNow() value at which the run started, in this worker's clock. */
  startNow: number;
  /** time.time() at run start, program seconds since the epoch. */
  startTime: number;
  tracing: boolean;
  source: string;
  lineOffset: number;
  threadName: string;
  /** Lock and shared-field hot paths (wasm when the buffer is wasm memory). */
  fast: FastPath;
}

let current: WorkerContext | null = null;

export function ctx(): WorkerContext {
  if (current === null) throw new Error('runtime used outside a program worker');
  // The outcome explorer reorders a thread's steps only when they did not use the runtime.
  touchRuntime();
  return current;
}

export function setCtx(c: WorkerContext): void {
  current = c;
}

/** Builds a context for thread `tid` over `sab` (the slot and ring must already exist). */
export function makeContext(
  sab: SharedArrayBuffer,
  tid: number,
  source: string,
  lineOffset: number,
  memory: WebAssembly.Memory | null = null,
): WorkerContext {
  const i32 = new Int32Array(sab);
  const f64 = new Float64Array(sab);
  const slot = slotIndex(tid);
  const t0Epoch = f64[HF.T0_EPOCH_MS] ?? 0;
  // Worker clocks have their own origins: align on the epoch (timeOrigin + now is epoch-based).
  const startNow = t0Epoch - performance.timeOrigin;
  const tracing = (i32[H.TRACING] ?? 1) === 1;
  return {
    sab,
    i32,
    f64,
    tid,
    pid: i32[slot + T.PID] ?? 1,
    slot,
    ring: new RingWriter(i32, i32[slot + T.RING] ?? 0, { tracing, now: nowMicros, waitForRoom, numbered: notKilled }),
    speed: f64[HF.SPEED] ?? 1,
    startNow,
    startTime: f64[HF.START_TIME] ?? Date.now() / 1000,
    tracing,
    source,
    lineOffset,
    threadName: '',
    fast: makeFastPath(sab, memory),
  };
}

/**
 * Microseconds since the run started, the trace's time base: wall time in a parallel run, the
 * virtual clock in a deterministic one (so a replayed run's trace is identical).
 */
export function nowMicros(): number {
  const c = ctx();
  // The trace keeps its unit (µs that the timeline multiplies by the speed to get program
  // time): the virtual clock divided by the speed; `speed=max` draws at speed 1.
  if (det) return Math.round(traceClock() / (Number.isFinite(c.speed) && c.speed > 0 ? c.speed : 1));
  return Math.max(0, Math.round((wallNow() - c.startNow) * 1000));
}

/** Program seconds since the run started (wall time × speed; the virtual clock when deterministic). */
export function programSeconds(): number {
  if (det) return vclock() / 1e6;
  const c = ctx();
  return ((wallNow() - c.startNow) / 1000) * c.speed;
}

/**
 * The clock deadlines are kept in (deadlineFor): this worker's wallNow() ms in a
 * parallel run, program ms on the virtual clock in a deterministic one.
 */
export function clockMs(): number {
  return det ? vclock() / 1000 : wallNow();
}

/** Program seconds from now until `deadline` (a deadlineFor value), at least 0; null: none. */
export function secondsUntil(deadline: number): number | null {
  if (deadline === Infinity) return null;
  const ms = Math.max(0, deadline - clockMs());
  return det ? ms / 1000 : (ms / 1000) * ctx().speed;
}

/** Converts a duration in program seconds to wall milliseconds. */
export function wallMs(programSecondsDuration: number): number {
  return (programSecondsDuration * 1000) / ctx().speed;
}

/** Unwinds this thread (RunAborted) when the run was stopped or its process was killed. */
export function checkAbort(): void {
  if (aborting()) throw new RunAborted();
}

/**
 * The run was stopped or this thread's process killed: the thread is unwinding, and nothing it
 * does from here on is the program's (false outside a program worker).
 */
export function aborting(): boolean {
  const c = current;
  return c !== null && (Atomics.load(c.i32, H.ABORT) !== 0 || Atomics.load(c.i32, c.slot + T.KILLED) !== 0);
}

/**
 * A record that must not be lost (printed text) waits for the page to drain a full ring, so a
 * print flood slows the printer instead of losing lines (RingWriter's LOSSLESS delivery).
 */
function waitForRoom(full: boolean): void {
  const c = ctx();
  if (full) {
    const drained = Atomics.load(c.i32, H.DRAINED);
    Atomics.wait(c.i32, H.DRAINED, drained, 50);
    checkAbort();
  } else if (Atomics.load(c.i32, c.slot + T.KILLED) !== 0) {
    // A killed process's worker may still be running: it must print nothing more.
    throw new RunAborted();
  }
}

/**
 * A printed line has its sequence number: if this thread's process was killed meanwhile, the
 * line is given up. A kill (terminate() stores KILLED, then its caller goes on to print) and
 * this check are both sequentially consistent: either this line's number came first, and it
 * sorts before anything printed after terminate() returned, or this load sees KILLED.
 */
function notKilled(): void {
  const c = ctx();
  if (Atomics.load(c.i32, c.slot + T.KILLED) !== 0) throw new RunAborted();
}

let lastLineAt = 0;
let lastLine: number | undefined;
perThread(() => {
  lastLineAt = 0;
  lastLine = undefined;
});

/**
 * The program line this thread is at. Reading a stack costs microseconds, so under heavy
 * contention it is sampled at most every 2 ms and the last value reused.
 */
export function currentLine(force = false): number | undefined {
  const now = wallNow();
  // Deterministic runs read it every time: a sampled line would depend on the machine's speed
  // (and it reaches what the run prints, e.g. a deadlock report's lines).
  if (!force && !det && now - lastLineAt < 2) return lastLine;
  lastLineAt = now;
  lastLine = programLineOf(new Error().stack ?? '', ctx().lineOffset);
  return lastLine;
}

const slotStates: Record<LaneState, number> = {
  running: ThreadState.RUNNING,
  ready: ThreadState.RUNNING,
  blocked: ThreadState.BLOCKED,
  sleeping: ThreadState.SLEEPING,
  done: ThreadState.DONE,
  crashed: ThreadState.CRASHED,
};

/**
 * Moves this thread to `state`: updates its slot (what the deadlock detector reads) and logs
 * the change (unless `log` is false: heavy contention is sampled). `timeout` in program seconds;
 * `essential`: written with tracing off too (a thread's beginning, see writeState).
 */
export function setState(
  state: LaneState,
  opts: { obj?: number; kind?: number; timeout?: number | null; what?: string; error?: string; line?: number; essential?: boolean } = {},
  log = true,
): void {
  const c = ctx();
  const s = c.slot;
  const i32 = c.i32;
  i32[s + T.WAIT_OBJ] = opts.obj ?? 0;
  i32[s + T.WAIT_KIND] = opts.kind ?? 0;
  i32[s + T.TIMED] = opts.timeout !== undefined && opts.timeout !== null ? 1 : 0;
  const line = opts.line ?? (log && (state === 'blocked' || state === 'sleeping') ? currentLine() : undefined);
  i32[s + T.LINE] = line ?? 0;
  if (det && (state === 'blocked' || state === 'sleeping')) noteWait(opts.what ?? '', opts.obj ?? 0, line ?? 0);
  Atomics.store(i32, s + T.STATE, slotStates[state]);
  Atomics.add(i32, s + T.ACTIVITY, 1);
  // Thread.start() of the thread that started this one may be waiting for it to block.
  if (Atomics.load(i32, s + T.STATE_WATCH) !== 0) Atomics.notify(i32, s + T.STATE);
  // writeState writes a lane's end with tracing off too.
  if (log) writeState(c.ring, state, opts.obj ?? 0, line ?? 0, opts.timeout, opts.what ?? '', opts.error ?? '', opts.essential);
}

/** A deadline on clockMs()'s clock, from a timeout in program seconds. */
export function deadlineFor(timeout: number | null | undefined): number {
  if (timeout === null || timeout === undefined) return Infinity;
  if (det) return vclock() / 1000 + Math.max(0, timeout * 1000);
  const ms = Math.max(0, wallMs(timeout));
  lastDeadline = wallNow() + ms;
  lastTimeoutMs = ms;
  return lastDeadline;
}

/**
 * The last parallel deadline made and the timeout it came from (wall ms): a wait on it that
 * times out counts on the busy clock as exactly that long (see countBlocked's callers).
 */
let lastDeadline = NaN;
let lastTimeoutMs = 0;

/** Longest single Atomics.wait: waits are sliced so a stopped run unwinds promptly. */
const SLICE_MS = 250;

/**
 * Waits while `i32[index] === expected` until notified or `deadline` (performance.now ms).
 * Returns false only when the deadline passed. Spurious returns are the caller's to re-check.
 */
export function futexWait(i32: Int32Array, index: number, expected: number, deadline: number): boolean {
  const c = current;
  // Only waits on the run's own buffer are the deadlock detector's business.
  const mine = c !== null && i32.buffer === c.sab ? c : null;
  // Deterministic runs: the scheduler waits, handing the token on (core/sched.ts).
  if (det && mine) {
    const v0 = vclock();
    try {
      return detWait(index, expected, deadline, (i, v) => markFutex(mine, i, v));
    } finally {
      countBlocked(vclock() - v0);
    }
  }
  if (mine) markFutex(mine, index, expected);
  // How long the program asked this wait to be (wall ms): the timeout it was made from, or what
  // was left of it when this wait began (a wait resumed on the same deadline).
  let planned: number | null = null;
  if (deadline === lastDeadline) {
    planned = lastTimeoutMs;
    lastDeadline = NaN;
  }
  try {
    for (;;) {
      const left = deadline - wallNow();
      planned ??= left;
      if (left <= 0) {
        // Timed out: the busy clock counts the wait as the program asked for it (see below).
        if (mine) countBlocked(Math.max(0, planned) * 1000 * mine.speed);
        return false;
      }
      const r = Atomics.wait(i32, index, expected, Math.min(left, SLICE_MS));
      checkAbort();
      if (r !== 'timed-out') return true;
      if (Atomics.load(i32, index) !== expected) return true;
    }
  } finally {
    if (mine) markFutex(mine, -1, 0);
  }
}

// ---- The busy clock: what asyncio's slow-step warning measures (docs/diagnostics.md "asyncio") ----

/**
 * Program µs this thread has spent in waits that count on its busy clock. A deterministic run
 * counts every wait on the virtual clock (immune to the machine's load). A parallel run counts
 * only waits that timed out (a `time.sleep`, a `get(timeout=…)` that expired), and as long as
 * the program asked them to be: a wait another thread ends lasts as long as that thread takes on
 * a busy machine, and a step is not slow because the machine is.
 */
let blockedUs = 0;
/** Waits this long (program µs) or longer keep their program line, for the warning to point at. */
const LONG_WAIT_US = 10_000;
/** The last few long waits: [busy clock at its end (µs), its length (µs), its program line]… */
const longWaits: number[] = [];
const LONG_WAITS_KEPT = 8;
perThread(() => {
  blockedUs = 0;
  longWaits.length = 0;
  lastDeadline = NaN;
});

function countBlocked(us: number): void {
  if (!(us > 0)) return;
  blockedUs += us;
  if (us < LONG_WAIT_US) return;
  if (longWaits.length >= 3 * LONG_WAITS_KEPT) longWaits.splice(0, 3);
  longWaits.push(busyUs(), us, currentLine(true) ?? 0);
}

function busyUs(): number {
  return blockedUs + (det ? computedUs() : 0);
}

/**
 * This thread's busy clock, in program seconds: the time it spent in the waits counted above,
 * plus, in a deterministic run, its own computing (its scheduling points on the virtual clock).
 * Time it spent preempted (another thread holding the token) or stopped for the learner is not
 * its own. asyncio reads it before and after each callback.
 */
export function busySeconds(): number {
  return busyUs() / 1e6;
}

/** The program line of the longest wait that ended after the busy clock read `since` (0: none). */
export function longestWaitLineSince(since: number): number {
  const from = since * 1e6;
  let best = 0;
  let line = 0;
  for (let i = 0; i < longWaits.length; i += 3) {
    const us = longWaits[i + 1] ?? 0;
    if ((longWaits[i] ?? 0) > from && us > best) {
      best = us;
      line = longWaits[i + 2] ?? 0;
    }
  }
  return line;
}

/** Records in the slot which word this thread sleeps on (memory-layout.ts T.FUTEX); -1: none. */
export function markFutex(c: WorkerContext, index: number, expected: number): void {
  c.i32[c.slot + T.FUTEX_VAL] = expected;
  Atomics.store(c.i32, c.slot + T.FUTEX, index + 1);
}
