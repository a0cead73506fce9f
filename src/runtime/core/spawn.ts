/**
 * Starting a thread or process. A worker created by a worker does not start while its parent is
 * blocked in Atomics.wait (DESIGN.md §2), so the page creates every worker. The starter fills a
 * thread slot, a trace ring and the payload in the heap, then either hands the tid to one of the
 * run's parked standby workers through the spawn queue (no page round trip: a thread starts in
 * about a millisecond) or, when none is parked, posts `spawn` to the page.
 */
import {
  Ev,
  H,
  MAX_THREADS,
  RING_WORDS_THREAD,
  SPAWN_Q_LEN,
  T,
  ThreadFlag,
  ThreadState,
  slotIndex,
} from '../../protocol/layout';
import { alloc, storeString } from '../../protocol/heap';
import { initRing, ringBytes } from '../../protocol/ring';
import { RuntimeError } from '../errors';
import { ctx, emit } from './context';
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
  const maxLive = i32[H.MAX_LIVE] || 256;
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
  const ring = alloc(i32, ringBytes(RING_WORDS_THREAD));
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

/** A standby worker's side: the next queued tid (the caller was counted in PARKED). */
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
