/**
 * Starting a thread or process, and waiting for one to end (`Thread.join`, `Process.join`). A worker created by a worker does not start while its parent is
 * blocked in Atomics.wait (ARCHITECTURE.md), so the page creates every worker. The starter fills a
 * thread slot, a trace ring and the payload in the heap, then either hands the tid to one of the
 * run's parked standby workers through the spawn queue (no page round trip: a thread starts in
 * about a millisecond) or, when none is parked, posts `spawn` to the page.
 */
import {
  H,
  MAX_THREADS,
  MAX_WAITERS,
  RING_WORDS_THREAD,
  SPAWN_Q_LEN,
  T,
  ThreadFlag,
  ThreadState,
  WaitKind,
  slotIndex,
} from '../../protocol/memory-layout';
import { HeapFullError, alloc, storeString } from '../../protocol/heap';
import { initRing, ringBytes } from '../../protocol/ring';
import { writeThread, writeWake } from '../../protocol/trace';
import { RuntimeError } from '../errors';
import { checkAbort, ctx, deadlineFor, futexWait, setState } from './context';
import { captureInherited } from './inherit';
import { innerLock, innerUnlock } from './innerlock';
import { post } from './port';
import { storeValue } from './values';
import { wallNow } from './wallclock';
import { det } from './sched';
import { endKey, hbAcquire, hbRelease, startKey } from './race';

/** What a new worker runs, stored in the heap at its slot's PAYLOAD. */
export interface SpawnPayload {
  /** The module snapshot: binding name → encoded value (decoded lazily, in source order). */
  scope: Record<string, Uint8Array>;
  /** The encoded `{target, args, kwargs}` or `{self}` to run, decoded after the module. */
  run: Uint8Array;
  /** Runtime state the new thread takes over from its starter (core/inherit.ts). */
  inherit?: Record<string, Uint8Array>;
}

export interface SpawnOptions {
  kind: 'thread' | 'process';
  name: string;
  daemon: boolean;
  /** Heap address of the Thread/Process record. */
  obj: number;
  payload: SpawnPayload;
  pool?: boolean;
}

/** Reserves a slot and ring, logs the new lane, asks the page for a worker. Returns the tid. */
export function spawn(o: SpawnOptions): number {
  const c = ctx();
  const i32 = c.i32;
  // Before anything is reserved: a hand-over value that cannot cross fails start() cleanly.
  const inherit = captureInherited(o.kind === 'process');
  const maxLive = Math.min(i32[H.MAX_LIVE] || 256, MAX_WAITERS);
  if (Atomics.add(i32, H.LIVE, 1) >= maxLive) {
    Atomics.sub(i32, H.LIVE, 1);
    throw new RuntimeError(
      `can't start new ${o.kind}: the playground allows at most ${maxLive} threads and processes alive at once`,
    );
  }
  const tid = Atomics.add(i32, H.NEXT_TID, 1);
  if (tid >= MAX_THREADS) {
    Atomics.sub(i32, H.LIVE, 1);
    throw new RuntimeError(`can't start new ${o.kind}: the playground allows at most ${MAX_THREADS - 1} per run`);
  }
  const s = slotIndex(tid);
  let ring: number;
  try {
    waitForRingRoom(i32);
    ring = allocForThread(i32, ringBytes(RING_WORDS_THREAD));
  } catch (e) {
    Atomics.sub(i32, H.LIVE, 1);
    throw e;
  }
  initRing(i32, ring, RING_WORDS_THREAD);
  const process = o.kind === 'process';
  i32[s + T.FLAGS] = (o.daemon ? ThreadFlag.DAEMON : 0) | (process ? ThreadFlag.PROCESS : 0) | (o.pool ? ThreadFlag.POOL : 0);
  i32[s + T.PID] = process ? tid : c.pid;
  i32[s + T.OWNER] = c.pid;
  i32[s + T.PARENT] = c.tid;
  i32[s + T.NAME] = storeString(i32, o.name);
  i32[s + T.OBJ] = o.obj;
  if (process) {
    // fork(): the child's counters start where the parent's are.
    i32[s + T.NAME_COUNTER] = i32[slotIndex(c.pid) + T.NAME_COUNTER] ?? 0;
  }
  i32[s + T.ALIVE] = 1;
  i32[s + T.RING] = ring;
  Atomics.store(i32, s + T.STATE, ThreadState.STARTING);
  i32[s + T.PAYLOAD] = storeValue({ ...o.payload, inherit });
  writeThread(c.ring, tid, c.tid, process ? tid : c.pid, process ? 'process' : 'thread', o.daemon, o.name);
  // The race detector: everything the starter did so far happens before the new thread's code.
  hbRelease(startKey(tid));
  if (!handToStandby(i32, tid)) post({ type: 'spawn', tid });
  return tid;
}

/**
 * Rings of ended threads that the page may still owe the heap before a start() waits for it
 * (8 MB of the run's 48). A thread-per-task loop starts and ends threads faster than a busy page
 * reads their last events: measured on a loaded 2-core machine, 300 rings behind (19 MB). Beyond
 * this many, the loop goes at the page's pace instead of filling the heap. At 64, a fresh page's
 * first run of 200 quick starts waited 11-44 ms at the 64th start in 2 of 4 pages (the page's
 * main thread is busiest then): the worst start of the run, on a quiet machine.
 */
const MAX_PENDING_RINGS = 128;

function waitForRingRoom(i32: Int32Array): void {
  while (Atomics.load(i32, H.RINGS_PENDING) >= MAX_PENDING_RINGS) {
    const drained = Atomics.load(i32, H.DRAINED);
    if (Atomics.load(i32, H.RINGS_PENDING) < MAX_PENDING_RINGS) break;
    Atomics.wait(i32, H.DRAINED, drained, 50);
    checkAbort();
  }
}

/**
 * `alloc` for a new thread's ring. When the heap is full while the page still has rings of
 * ended threads to free (H.RINGS_PENDING), waits for it instead of failing.
 */
function allocForThread(i32: Int32Array, bytes: number): number {
  for (let waited = 0; ; waited++) {
    try {
      return alloc(i32, bytes);
    } catch (e) {
      if (!(e instanceof HeapFullError) || Atomics.load(i32, H.RINGS_PENDING) <= 0 || waited >= 200) throw e;
      const drained = Atomics.load(i32, H.DRAINED);
      Atomics.wait(i32, H.DRAINED, drained, 50);
      checkAbort();
    }
  }
}

/** Hands `tid` to the most recently parked worker; false when none is parked. */
function handToStandby(i32: Int32Array, tid: number): boolean {
  if (Atomics.load(i32, H.PARKED) <= 0) return false;
  innerLock(i32, H.SPAWN_MUTEX);
  const depth = i32[H.PARKED] ?? 0;
  if (depth <= 0) {
    innerUnlock(i32, H.SPAWN_MUTEX);
    return false;
  }
  const cell = (i32[H.SPAWN_Q + depth - 1] ?? 0) >> 2;
  Atomics.store(i32, H.PARKED, depth - 1);
  innerUnlock(i32, H.SPAWN_MUTEX);
  Atomics.store(i32, cell, tid);
  Atomics.notify(i32, cell, 1);
  return true;
}

/**
 * How long a parked worker watches its cell before it sleeps: in a thread-per-task loop the next
 * start() comes a few microseconds after the join, and a worker that never slept wakes at once.
 */
const PARK_SPIN_MS = 0.1;

/**
 * A worker's side: parks on the stack until a starter hands it a tid. `cell` is this worker's
 * wake cell (a heap address). 0: the run ended, or SPAWN_Q_LEN workers are parked already (this
 * one is not needed).
 */
export function parkForThread(i32: Int32Array, cell: number): number {
  return joinParkStack(i32, cell) ? awaitHandedTid(i32, cell) : 0;
}

/**
 * Puts this worker's wake cell on top of the park stack, where the next start() finds it; false
 * when SPAWN_Q_LEN workers are parked already. A starter may hand it a tid from here on: the
 * worker sees it in awaitHandedTid, whenever it gets there.
 */
export function joinParkStack(i32: Int32Array, cell: number): boolean {
  Atomics.store(i32, cell >> 2, 0);
  innerLock(i32, H.SPAWN_MUTEX);
  const depth = i32[H.PARKED] ?? 0;
  if (depth >= SPAWN_Q_LEN) {
    innerUnlock(i32, H.SPAWN_MUTEX);
    return false;
  }
  i32[H.SPAWN_Q + depth] = cell;
  Atomics.store(i32, H.PARKED, depth + 1);
  innerUnlock(i32, H.SPAWN_MUTEX);
  return true;
}

/** After joinParkStack: the tid a starter hands this worker, or 0 when the run ended. */
export function awaitHandedTid(i32: Int32Array, cell: number): number {
  const w = cell >> 2;
  // A start() may be a few microseconds away.
  spinWhile(i32, w, 0, PARK_SPIN_MS);
  for (;;) {
    const tid = Atomics.load(i32, w);
    if (tid !== 0) return tid;
    // A run that ended before this worker parked (the explorer reuses its workers at once).
    if (Atomics.load(i32, H.ABORT) !== 0) return 0;
    Atomics.wait(i32, w, 0, 250);
  }
}

/** Next `Thread-N` number of the calling process. */
export function nextThreadNumber(): number {
  const c = ctx();
  return Atomics.add(c.i32, slotIndex(c.pid) + T.NAME_COUNTER, 1) + 1;
}

/** Next `Process-N` number among the calling process's children. */
export function nextProcessNumber(): number {
  const c = ctx();
  return Atomics.add(c.i32, slotIndex(c.pid) + T.CHILD_COUNTER, 1) + 1;
}

/** Whether the thread or process in slot `tid` is still running (its worker has not ended). */
export function slotAlive(tid: number): boolean {
  const alive = Atomics.load(ctx().i32, slotIndex(tid) + T.ALIVE) === 1;
  // Seeing it ended orders the caller after all it did, as join() does (the race detector).
  if (!alive) hbAcquire(endKey(tid));
  return alive;
}

/** Busy-watches `i32[index]` while it holds `value`, at most `ms` (wall). */
export function spinWhile(i32: Int32Array, index: number, value: number, ms: number): void {
  const until = wallNow() + ms;
  while (Atomics.load(i32, index) === value && wallNow() < until) {
    /* watching */
  }
}

/**
 * How long join() watches a thread that is still alive before it sleeps on it. start() returns
 * when the new thread's state leaves RUNNING, and a thread that has just said `done` clears ALIVE
 * a few microseconds later: a `start(); join()` loop would otherwise sleep and be woken (0.3-1 ms
 * on a busy 2-core machine) at every join.
 */
const JOIN_SPIN_MS = 0.05;

/**
 * `join()` of a started thread or process (the caller has checked that it may join it): blocks
 * until the one in slot `tid` ends or `timeout` seconds pass, shown as blocked on `obj`'s join;
 * its end is traced as what woke the joiner.
 */
export function joinSlot(tid: number, obj: number, name: string, timeout: number | null): void {
  const c = ctx();
  const alive = slotIndex(tid) + T.ALIVE;
  // Not in a deterministic run: the joined thread cannot move while this one holds the token.
  if (!det && timeout !== 0) spinWhile(c.i32, alive, 1, JOIN_SPIN_MS);
  if (Atomics.load(c.i32, alive) === 0) {
    hbAcquire(endKey(tid));
    return;
  }
  setState('blocked', { obj, kind: WaitKind.JOIN, timeout, what: `join ${name}` });
  const deadline = deadlineFor(timeout);
  while (Atomics.load(c.i32, alive) !== 0) {
    if (!futexWait(c.i32, alive, 1, deadline)) break;
  }
  if (Atomics.load(c.i32, alive) === 0) {
    hbAcquire(endKey(tid));
    writeWake(c.ring, tid, c.tid, obj, c.i32[slotIndex(tid) + T.END_T] ?? 0, 'end → join');
  }
  setState('running');
}

/**
 * Waits, with no timeout, until every thread or process in `tids` has ended (a pool's or an
 * executor's shutdown), shown as blocked on the join of the first one still running (`what`).
 */
export function joinEvery(tids: Iterable<number>, what: string): void {
  const i32 = ctx().i32;
  let blocked = false;
  for (const tid of tids) {
    const alive = slotIndex(tid) + T.ALIVE;
    while (Atomics.load(i32, alive) !== 0) {
      if (!blocked) {
        blocked = true;
        setState('blocked', { obj: i32[slotIndex(tid) + T.OBJ] ?? 0, kind: WaitKind.JOIN, what });
      }
      futexWait(i32, alive, 1, Infinity);
    }
    hbAcquire(endKey(tid));
  }
  if (blocked) setState('running');
}
