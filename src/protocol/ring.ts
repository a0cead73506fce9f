/**
 * Trace rings: one per thread, written only by that thread, drained only by the page. The record
 * format is documented next to `RING` and `Ev` in memory-layout.ts. Capacity is a power of two so the
 * free-running counters stay consistent across 2^32 wrap-around.
 */
import { AsyncioObjType, Ev, ObjType, RING, laneStates, taskStates } from './memory-layout';
import { readStringAt, stringWords, writeStringAt } from './heap';
import type { ObjectType, TraceEvent } from './trace';

/** Producer side (the owning worker). Not thread-safe by design: one writer per ring. */
export class RingWriter {
  private readonly hdr: number;
  private readonly data: number;
  private readonly mask: number;
  private pending = 0;

  constructor(
    private readonly i32: Int32Array,
    ringAddr: number,
  ) {
    this.hdr = ringAddr >> 2;
    this.data = this.hdr + RING.DATA;
    this.mask = (i32[this.hdr + RING.CAP] ?? 0) - 1;
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
   * Writes a whole record of int payload + strings; false if it did not fit. The run-wide
   * sequence number (header word `seqIndex`) is taken only once room is reserved, so a dropped
   * event leaves no gap in the page's ordering.
   */
  write(kind: number, seqIndex: number, t: number, ints: readonly number[], strs: readonly string[]): boolean {
    let n = 3 + ints.length;
    for (const s of strs) n += stringWords(s);
    const at = this.reserve(n);
    if (at < 0) return false;
    const i32 = this.i32;
    i32[at] = kind | (n << 8);
    i32[at + 1] = Atomics.add(i32, seqIndex, 1);
    i32[at + 2] = t | 0;
    let w = at + 3;
    for (const v of ints) i32[w++] = v;
    for (const s of strs) w += writeStringAt(i32, w, s);
    this.commit();
    return true;
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

function decodeRecord(i32: Int32Array, at: number, kind: number, tid: number): TraceEvent | null {
  const seq = i32[at + 1] ?? 0;
  const t = (i32[at + 2] ?? 0) >>> 0;
  const p = at + 3;
  const int = (k: number): number => i32[p + k] ?? 0;
  const str = (wordIndex: number): [string, number] => [
    readStringAt(i32, wordIndex),
    1 + (((i32[wordIndex] ?? 0) + 1) >> 1),
  ];
  switch (kind) {
    case Ev.THREAD: {
      const [name] = str(p + 5);
      const k = int(3);
      return {
        k: 'thread',
        seq,
        t,
        tid: int(0),
        parent: int(1) || null,
        pid: int(2),
        kind: k === 0 ? 'main' : k === 2 ? 'process' : 'thread',
        daemon: int(4) === 1,
        name,
      };
    }
    case Ev.STATE: {
      const [what, wlen] = str(p + 4);
      const [error] = str(p + 4 + wlen);
      const timeout = int(3);
      return {
        k: 'state',
        seq,
        t,
        tid,
        state: laneStates[int(0)] ?? 'running',
        ...(int(1) ? { obj: int(1) } : {}),
        ...(int(2) ? { line: int(2) } : {}),
        ...(timeout >= 0 ? { timeout: timeout / 1e6 } : {}),
        ...(what ? { what } : {}),
        ...(error ? { error } : {}),
      };
    }
    case Ev.OBJ: {
      const [name] = str(p + 3);
      return {
        k: 'obj',
        seq,
        t,
        obj: int(0),
        type: objTypeName(int(1)),
        name,
        tid,
        ...(int(2) ? { capacity: int(2) } : {}),
      };
    }
    case Ev.HOLD:
      return { k: 'hold', seq, t, obj: int(0), holder: int(1) || null };
    case Ev.GAUGE:
      return { k: 'gauge', seq, t, obj: int(0), value: int(1) };
    case Ev.WAKE: {
      const [what] = str(p + 4);
      return { k: 'wake', seq, t, from: int(0), to: int(1), obj: int(2), fromT: int(3) >>> 0, what };
    }
    case Ev.PRINT: {
      const [text] = str(p + 2);
      return {
        k: 'print',
        seq,
        t,
        tid,
        stream: int(0) === 1 ? 'stderr' : 'stdout',
        text,
        ...(int(1) ? { line: int(1) } : {}),
      };
    }
    case Ev.TASK: {
      const [name, nlen] = str(p + 4);
      const [what] = str(p + 4 + nlen);
      const parent = int(2);
      return {
        k: 'task',
        seq,
        t,
        tid,
        task: int(0),
        state: taskStates[int(1)] ?? 'running',
        name,
        ...(parent >= 0 ? { parentTask: parent || null } : {}),
        ...(int(3) ? { line: int(3) } : {}),
        ...(what ? { what } : {}),
      };
    }
    case Ev.COUNTER: {
      const [what] = str(p + 2);
      return { k: 'counter', seq, t, tid, obj: int(0), count: int(1), what };
    }
    case Ev.DROPPED:
      return { k: 'dropped', seq, t, tid, count: int(0) };
    default:
      return null;
  }
}

/**
 * Trace object types by code: the heap records of memory-layout.ts that the timeline draws (Lock …
 * Array) and the asyncio ones. Other codes (shared records, locals…) decode as before.
 */
const traceTypes: Record<number, ObjectType> = Object.fromEntries([
  ...Object.entries(ObjType)
    .filter(([, code]) => code <= ObjType.Array)
    .map(([name, code]) => [code, name as ObjectType]),
  ...Object.entries(AsyncioObjType).map(([name, code]) => [code, name as ObjectType]),
]);

function objTypeName(code: number): ObjectType {
  return traceTypes[code] ?? 'Lock';
}
