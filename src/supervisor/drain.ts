/**
 * Drains every thread's trace ring and releases the events in run-wide sequence order. Rings are
 * drained one after another, so an event with a lower sequence number may still be on its way
 * (taken but not yet committed); the next expected number is waited for up to GAP_MS, then skipped.
 */
import { free } from '../protocol/heap';
import { H, MAX_THREADS, T, ThreadState, slotIndex } from '../protocol/memory-layout';
import { drainRing } from '../protocol/ring';
import type { TraceEvent } from '../protocol/trace';

const GAP_MS = 60;

export class Drainer {
  private pending: TraceEvent[] = [];
  private nextSeq = 0;
  private gapSince: number | null = null;
  /** Events the workers could not log because a ring was full. */
  dropped = 0;
  /** Threads of killed processes (and ended threads): their rings are no longer read. */
  private readonly retired = new Set<number>();
  /** Events the page itself records (e.g. a killed process's end), merged by sequence. */
  private injected: TraceEvent[] = [];

  constructor(private readonly i32: Int32Array) {}

  /**
   * A killed process's thread: what it printed before the kill is read now (merged by sequence
   * at the next drain: a loaded page may not have drained it yet), and its ring is not read
   * again. Its worker may run on, but prints nothing more (runtime/core/context.ts notKilled).
   */
  retire(tid: number): void {
    if (this.retired.has(tid)) return;
    const ring = this.i32[slotIndex(tid) + T.RING] ?? 0;
    if (ring !== 0) this.dropped += drainRing(this.i32, ring, tid, this.injected);
    this.retired.add(tid);
  }

  /**
   * Thread `tid` has ended and written its last event: reads what is left in its ring (merged
   * by sequence at the next drain) and stops reading it. Returns the ring's address, now the
   * caller's to free (0 if it had none).
   */
  close(tid: number): number {
    const slot = slotIndex(tid);
    const ring = this.i32[slot + T.RING] ?? 0;
    if (ring === 0 || this.retired.has(tid)) return 0;
    this.dropped += drainRing(this.i32, ring, tid, this.injected);
    this.retired.add(tid);
    this.i32[slot + T.RING] = 0;
    return ring;
  }

  /** Adds an event made by the page; its `seq` must come from the run's sequence counter. */
  inject(ev: TraceEvent): void {
    this.injected.push(ev);
  }

  /** Returns the events that are ready, in sequence order. `final` releases everything. */
  drain(final = false): TraceEvent[] {
    const i32 = this.i32;
    const n = Math.min(Atomics.load(i32, H.NEXT_TID), 1 << 20);
    const fresh: TraceEvent[] = this.injected;
    this.injected = [];
    for (let tid = 1; tid < n; tid++) {
      if (this.retired.has(tid)) continue;
      const ring = i32[slotIndex(tid) + T.RING] ?? 0;
      if (ring) this.dropped += drainRing(i32, ring, tid, fresh);
    }
    Atomics.add(i32, H.DRAINED, 1);
    Atomics.notify(i32, H.DRAINED);
    if (fresh.length === 0 && this.pending.length === 0) return [];
    const all = this.pending.length ? this.pending.concat(fresh) : fresh;
    all.sort((a, b) => a.seq - b.seq);
    if (final) {
      this.pending = [];
      const last = all[all.length - 1];
      if (last) this.nextSeq = last.seq + 1;
      return all;
    }
    let k = 0;
    const now = performance.now();
    while (k < all.length) {
      const seq = (all[k] as TraceEvent).seq;
      if (seq <= this.nextSeq) {
        this.nextSeq = Math.max(this.nextSeq, seq + 1);
        this.gapSince = null;
        k++;
      } else if (this.gapSince === null) {
        this.gapSince = now;
        break;
      } else if (now - this.gapSince > GAP_MS) {
        this.nextSeq = seq; // the missing event is not coming (its worker was terminated)
      } else break;
    }
    const out = all.slice(0, k);
    this.pending = all.slice(k);
    return out;
  }
}

/**
 * Thread `tid` has ended (its worker said `ended`): the rest of its ring is read and the ring
 * goes back to the heap (a thread-per-task loop must not fill it).
 */
export function freeRing(i32: Int32Array, drainer: Drainer, tid: number): void {
  const ring = drainer.close(tid);
  if (ring === 0) return;
  free(i32, ring);
  // A start() may be waiting for room (spawn.ts allocForThread).
  Atomics.add(i32, H.DRAINED, 1);
  Atomics.notify(i32, H.DRAINED);
}

/**
 * terminate()/kill() of process `pid`: marks its live threads KILLED (they unwind at their next
 * check) and hands each to `end` (the page ends its worker). Returns their tids.
 */
export function killThreads(i32: Int32Array, pid: number, end: (tid: number) => void): number[] {
  const n = Atomics.load(i32, H.NEXT_TID);
  const victims: number[] = [];
  for (let tid = 1; tid < n && tid < MAX_THREADS; tid++) {
    const s = slotIndex(tid);
    if ((i32[s + T.PID] ?? 0) !== pid || Atomics.load(i32, s + T.ALIVE) !== 1) continue;
    Atomics.store(i32, s + T.KILLED, 1);
    end(tid);
    victims.push(tid);
  }
  return victims;
}

/**
 * The killed threads have ended, as far as the run is concerned: their rings are no longer read,
 * their lanes end (`t`: µs since the start), and whoever joins them or waits for the run's
 * threads to end is told.
 */
export function endKilled(i32: Int32Array, drainer: Drainer, victims: readonly number[], pid: number, exitcode: number, t: number): void {
  for (const tid of victims) {
    const s = slotIndex(tid);
    drainer.retire(tid);
    drainer.inject({ k: 'state', seq: Atomics.add(i32, H.SEQ, 1), t, tid, state: 'done', what: `terminated (exit code ${exitcode})` });
    if (tid === pid) i32[s + T.EXITCODE] = exitcode;
    i32[s + T.END_T] = t;
    Atomics.store(i32, s + T.STATE, ThreadState.DONE);
    Atomics.store(i32, s + T.ALIVE, 0);
    Atomics.notify(i32, s + T.ALIVE);
    Atomics.sub(i32, H.LIVE, 1);
  }
  Atomics.add(i32, H.EXITS, 1);
  Atomics.notify(i32, H.EXITS);
}
