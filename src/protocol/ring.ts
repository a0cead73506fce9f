/**
 * Trace rings: one per thread, written only by that thread, drained only by the page. The ring's
 * framing is documented next to `RING` in memory-layout.ts; the records themselves (their writers and
 * decoders) in trace.ts. Capacity is a power of two so the free-running counters stay consistent
 * across 2^32 wrap-around.
 */
import { H, RING } from './memory-layout';
import { Delivery, Ev, recordDecoders, type TraceEvent, type TraceOut } from './trace';

export interface RingWriterOptions {
  /** The run's tracing option (default on): off, OPTIONAL records are not written. */
  tracing?: boolean;
  /** The time stamped on each record, µs since the run started (default 0). */
  now?: () => number;
  /**
   * For LOSSLESS records: called before the first attempt (`full` false) and after each attempt
   * that found the ring full (`full` true, to wait for the page to drain). It may throw to give
   * up. Without it, a LOSSLESS record that does not fit is dropped like any other.
   */
  waitForRoom?: (full: boolean) => void;
  /**
   * For LOSSLESS records: called once the record has its sequence number, before it is
   * written; it may throw to give the record up (then it is never published, and the page
   * sees a gap in the sequence, which it waits out as it does for a terminated worker's).
   */
  numbered?: () => void;
}

/** Producer side (the owning worker). Not thread-safe by design: one writer per ring. */
export class RingWriter implements TraceOut {
  readonly tracing: boolean;
  private readonly hdr: number;
  private readonly data: number;
  private readonly mask: number;
  private readonly now: () => number;
  private readonly waitForRoom: ((full: boolean) => void) | undefined;
  private readonly numbered: (() => void) | undefined;
  private pending = 0;

  constructor(
    readonly i32: Int32Array,
    ringAddr: number,
    opts: RingWriterOptions = {},
  ) {
    this.hdr = ringAddr >> 2;
    this.data = this.hdr + RING.DATA;
    this.mask = (i32[this.hdr + RING.CAP] ?? 0) - 1;
    this.tracing = opts.tracing ?? true;
    this.now = opts.now ?? (() => 0);
    this.waitForRoom = opts.waitForRoom;
    this.numbered = opts.numbered;
  }

  /**
   * Reserves `n` words and returns the Int32 index to write them at, or -1 when the ring is full
   * (the caller drops the event and counts it, or waits for the page to drain).
   */
  reserve(n: number): number {
    const i32 = this.i32;
    const cap = this.mask + 1;
    const head = (i32[this.hdr + RING.HEAD] ?? 0) >>> 0;
    const tail = Atomics.load(i32, this.hdr + RING.TAIL) >>> 0;
    const used = (head - tail) >>> 0;
    const pos = head & this.mask;
    const pad = pos + n > cap ? cap - pos : 0;
    if (used + pad + n > cap || n > cap) return -1;
    if (pad > 0) i32[this.data + pos] = Ev.PAD | (pad << 8);
    this.pending = (head + pad + n) >>> 0;
    return this.data + ((pos + pad) & this.mask);
  }

  /** Publishes the reserved record. */
  commit(): void {
    Atomics.store(this.i32, this.hdr + RING.HEAD, this.pending | 0);
  }

  /** Counts an event that did not fit. */
  drop(): void {
    Atomics.add(this.i32, this.hdr + RING.DROPPED, 1);
  }

  /** Total words the ring can hold. */
  get capacity(): number {
    return this.mask + 1;
  }

  /**
   * TraceOut: reserves a record of `kind` with `words` payload words, stamps it with the
   * run-wide sequence number (header word H.SEQ, taken only once room is reserved, so a dropped
   * event leaves no gap in the page's ordering) and the time, and returns the payload's index;
   * -1 when the record is not written (OPTIONAL with tracing off; full: counted as dropped).
   */
  open(kind: number, words: number, delivery: Delivery): number {
    if (delivery === Delivery.OPTIONAL && !this.tracing) return -1;
    const n = 3 + words;
    const wait = delivery === Delivery.LOSSLESS ? this.waitForRoom : undefined;
    wait?.(false);
    let at = this.reserve(n);
    while (at < 0 && wait !== undefined) {
      wait(true);
      at = this.reserve(n);
    }
    if (at < 0) {
      this.drop();
      return -1;
    }
    const i32 = this.i32;
    i32[at] = kind | (n << 8);
    i32[at + 1] = Atomics.add(i32, H.SEQ, 1);
    if (delivery === Delivery.LOSSLESS) this.numbered?.();
    i32[at + 2] = this.now() | 0;
    return at + 3;
  }
}

/** Initialises a ring's header at `addr` (page or worker, before the ring is used). */
export function initRing(i32: Int32Array, addr: number, capWords: number): void {
  const hdr = addr >> 2;
  i32[hdr + RING.HEAD] = 0;
  i32[hdr + RING.TAIL] = 0;
  i32[hdr + RING.DROPPED] = 0;
  i32[hdr + RING.CAP] = capWords;
}

export function ringBytes(capWords: number): number {
  return (RING.DATA + capWords) * 4;
}

/**
 * Consumer side: decodes every committed record of one ring into `out` and frees the space.
 * Returns the number of events dropped by the producer since the last drain.
 */
export function drainRing(i32: Int32Array, ringAddr: number, tid: number, out: TraceEvent[]): number {
  const hdr = ringAddr >> 2;
  const data = hdr + RING.DATA;
  const cap = i32[hdr + RING.CAP] ?? 0;
  if (cap === 0) return 0;
  const mask = cap - 1;
  const head = Atomics.load(i32, hdr + RING.HEAD) >>> 0;
  let tail = Atomics.load(i32, hdr + RING.TAIL) >>> 0;
  while (tail !== head) {
    const at = data + (tail & mask);
    const w0 = i32[at] ?? 0;
    const kind = w0 & 0xff;
    const len = w0 >>> 8;
    if (len === 0) break; // defensive: a torn record would loop forever
    if (kind !== Ev.PAD) {
      const ev = decodeRecord(i32, at, kind, tid);
      if (ev) out.push(ev);
    }
    tail = (tail + len) >>> 0;
  }
  Atomics.store(i32, hdr + RING.TAIL, tail | 0);
  const dropped = Atomics.exchange(i32, hdr + RING.DROPPED, 0);
  return dropped;
}

/** A record's header (sequence number, time) and its kind's decoder (trace.ts). */
function decodeRecord(i32: Int32Array, at: number, kind: number, tid: number): TraceEvent | null {
  const decode = recordDecoders[kind];
  return decode ? decode(i32, at + 3, i32[at + 1] ?? 0, (i32[at + 2] ?? 0) >>> 0, tid) : null;
}
