/**
 * Drains every thread's trace ring and releases the events in run-wide sequence order. Rings are
 * drained one after another, so an event with a lower sequence number may still be on its way
 * (taken but not yet committed); the next expected number is waited for up to GAP_MS, then skipped.
 */
import { H, T, slotIndex } from '../protocol/memory-layout';
import { drainRing } from '../protocol/ring';
import type { TraceEvent } from '../protocol/trace';

const GAP_MS = 60;

export class Drainer {
  private pending: TraceEvent[] = [];
  private nextSeq = 0;
  private gapSince: number | null = null;
  /** Events the workers could not log because a ring was full. */
  dropped = 0;
  /** Threads of killed processes: their rings are no longer read (their workers may run on). */
  private readonly retired = new Set<number>();
  /** Events the page itself records (e.g. a killed process's end), merged by sequence. */
  private injected: TraceEvent[] = [];

  constructor(private readonly i32: Int32Array) {}

  retire(tid: number): void {
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
