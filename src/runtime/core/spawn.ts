/**
 * Starting a thread or process. A worker created by a worker does not start while its parent is
 * blocked in Atomics.wait (DESIGN.md §2), so the page creates every worker: the starter fills a
 * thread slot and a trace ring, then posts `spawn` to the page, which hands a warm worker the
 * slot's tid and the payload.
 */
import { Ev, H, MAX_THREADS, RING_WORDS_THREAD, T, ThreadFlag, ThreadState, slotIndex } from '../../protocol/layout';
import { alloc, storeString } from '../../protocol/heap';
import { initRing, ringBytes } from '../../protocol/ring';
import { RuntimeError } from '../errors';
import { ctx, emit } from './context';
import { post } from './port';

/** What a new worker receives, besides the run itself. */
export interface SpawnPayload {
  /** The module snapshot: binding name → encoded value (decoded lazily, in source order). */
  scope: Record<string, Uint8Array>;
  /** The encoded `{target, args, kwargs}` or `{self}` to run, decoded after the module. */
  run: Uint8Array;
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
  emit(Ev.THREAD, [tid, c.tid, process ? tid : c.pid, process ? 2 : 1, o.daemon ? 1 : 0], [o.name]);
  post({ type: 'spawn', tid, payload: o.payload });
  return tid;
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
