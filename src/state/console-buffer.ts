import type { ConsoleLine } from '../supervisor/types';

/** Console lines kept for display (docs/quality-bars.md: N ≥ 20,000). */
export const CONSOLE_CAP = 20_000;

/**
 * The last `cap` console lines, in a ring. Mutable on purpose: an output flood appends
 * thousands of lines per frame, and copying a 20,000-element array per batch (what an
 * immutable store update would do) would cost more than drawing them. The store carries a
 * version number that changes whenever the buffer does.
 */
export class ConsoleBuffer {
  private ring: ConsoleLine[] = [];
  /** Index in `ring` of the oldest line once the ring is full. */
  private head = 0;
  /** Lines pushed out of the ring since the last clear. */
  dropped = 0;
  /** Warning lines kept now (the console's filter shows the count). */
  warnings = 0;

  constructor(readonly cap = CONSOLE_CAP) {}

  get length(): number {
    return this.ring.length;
  }

  push(lines: readonly ConsoleLine[]): void {
    // A single batch bigger than the ring: only its tail can survive.
    let start = 0;
    if (lines.length > this.cap) {
      start = lines.length - this.cap;
      this.dropped += start;
    }
    for (let i = start; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.stream === 'warning') this.warnings++;
      if (this.ring.length < this.cap) {
        this.ring.push(line);
      } else {
        if (this.ring[this.head]!.stream === 'warning') this.warnings--;
        this.ring[this.head] = line;
        this.head = (this.head + 1) % this.cap;
        this.dropped++;
      }
    }
  }

  /** The i-th kept line, oldest first. */
  at(i: number): ConsoleLine | undefined {
    if (i < 0 || i >= this.ring.length) return undefined;
    return this.ring[(this.head + i) % this.ring.length];
  }

  toArray(): ConsoleLine[] {
    return this.ring.slice(this.head).concat(this.ring.slice(0, this.head));
  }

  /** Index of the kept line with sequence number `seq` (lines are in seq order), or -1. */
  indexOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.ring.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.at(mid)!.seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  clear(): void {
    this.ring = [];
    this.head = 0;
    this.warnings = 0;
    this.dropped = 0;
  }
}
