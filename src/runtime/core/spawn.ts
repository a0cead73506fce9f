/**
 * Starting a thread or process, and waiting for one to end (`Thread.join`, `Process.join`). A worker created by a worker does not start while its parent is
 * blocked in Atomics.wait (DESIGN.md §2), so the page creates every worker. The starter fills a
 * thread slot, a trace ring and the payload in the heap, then either hands the tid to one of the
 * run's parked standby workers through the spawn queue (no page round trip: a thread starts in
 * about a millisecond) or, when none is parked, posts `spawn` to the page.
 */
import {
  Ev,
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
} from '../../protocol/layout';
import { HeapFullError, alloc, storeString } from '../../protocol/heap';
import { initRing, ringBytes } from '../../protocol/ring';
import { RuntimeError } from '../errors';
import { checkAbort, ctx, deadlineFor, emit, futexWait, setState } from './context';
import { captureInherited } from './inherit';
import { innerLock, innerUnlock } from './innerlock';
import { post } from './port';
import { storeValue } from './values';

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
  emit(Ev.THREAD, [tid, c.tid, process ? tid : c.pid, process ? 2 : 1, o.daemon ? 1 : 0], [o.name]);
  if (!handToStandby(i32, tid)) post({ type: 'spawn', tid });
  return tid;
}

/**
 * Rings of ended threads that the page may still owe the heap before a start() waits for it
 * (4 MB). A thread-per-task loop starts and ends threads faster than a busy page reads their
 * last events: measured on a loaded 2-core machine, 300 rings behind (19 MB). Beyond this
 * many, the loop goes at the page's pace instead of filling the heap.
 */
const MAX_PENDING_RINGS = 64;

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

/** Reserves a parked standby worker and queues `tid` for it; false when none is parked. */
function handToStandby(i32: Int32Array, tid: number): boolean {
  for (;;) {
    const parked = Atomics.load(i32, H.PARKED);
    if (parked <= 0) return false;
    if (Atomics.compareExchange(i32, H.PARKED, parked, parked - 1) === parked) break;
  }
  innerLock(i32, H.SPAWN_MUTEX);
  const tail = i32[H.SPAWN_TAIL] ?? 0;
  i32[H.SPAWN_Q + (tail % SPAWN_Q_LEN)] = tid;
  i32[H.SPAWN_TAIL] = tail + 1;
  innerUnlock(i32, H.SPAWN_MUTEX);
  Atomics.add(i32, H.SPAWN_SEQ, 1);
  Atomics.notify(i32, H.SPAWN_SEQ, 1);
  return true;
}

/**
 * A worker about to wait for a thread: counted in PARK_SLOTS and PARKED, unless SPAWN_Q_LEN
 * workers wait already (false: this worker is not needed). Pair with `leavePark`.
 */
export function enterPark(i32: Int32Array): boolean {
  for (;;) {
    const n = Atomics.load(i32, H.PARK_SLOTS);
    if (n >= SPAWN_Q_LEN) return false;
    if (Atomics.compareExchange(i32, H.PARK_SLOTS, n, n + 1) === n) break;
  }
  Atomics.add(i32, H.PARKED, 1);
  return true;
}

/** The worker has left `takeQueued` (with a tid, or because the run ended). */
export function leavePark(i32: Int32Array): void {
  Atomics.sub(i32, H.PARK_SLOTS, 1);
}

/** A standby worker's side: the next queued tid (the caller was counted by `enterPark`). */
export function takeQueued(i32: Int32Array): number {
  for (;;) {
    const seq = Atomics.load(i32, H.SPAWN_SEQ);
    innerLock(i32, H.SPAWN_MUTEX);
    const head = i32[H.SPAWN_HEAD] ?? 0;
    if (head !== (i32[H.SPAWN_TAIL] ?? 0)) {
      const tid = i32[H.SPAWN_Q + (head % SPAWN_Q_LEN)] ?? 0;
      i32[H.SPAWN_HEAD] = head + 1;
      innerUnlock(i32, H.SPAWN_MUTEX);
      return tid;
    }
    innerUnlock(i32, H.SPAWN_MUTEX);
    Atomics.wait(i32, H.SPAWN_SEQ, seq, 250);
    if (Atomics.load(i32, H.ABORT) !== 0) return 0;
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
  return Atomics.load(ctx().i32, slotIndex(tid) + T.ALIVE) === 1;
}

/**
 * `join()` of a started thread or process (the caller has checked that it may join it): blocks
 * until the one in slot `tid` ends or `timeout` seconds pass, shown as blocked on `obj`'s join;
 * its end is traced as what woke the joiner.
 */
export function joinSlot(tid: number, obj: number, name: string, timeout: number | null): void {
  const c = ctx();
  const alive = slotIndex(tid) + T.ALIVE;
  if (Atomics.load(c.i32, alive) === 0) return;
  setState('blocked', { obj, kind: WaitKind.JOIN, timeout, what: `join ${name}` });
  const deadline = deadlineFor(timeout);
  while (Atomics.load(c.i32, alive) !== 0) {
    if (!futexWait(c.i32, alive, 1, deadline)) break;
  }
  if (Atomics.load(c.i32, alive) === 0 && c.tracing) {
    emit(Ev.WAKE, [tid, c.tid, obj, c.i32[slotIndex(tid) + T.END_T] ?? 0], ['end → join']);
  }
  setState('running');
}
