/**
 * Growable typed columns. The model keeps one column per field (struct-of-arrays) so that 100,000+
 * events cost a few flat buffers instead of 100,000 objects, and so a visible-range query is a
 * binary search over a contiguous Float64Array.
 */

/** A growable Float64Array. `data` may be longer than `length`; read only below `length`. */
export class F64Column {
  data: Float64Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  /** Reads index `i` (callers check bounds; out of range gives NaN rather than undefined). */
  at(i: number): number {
    return this.data[i] ?? NaN;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  private grow(): void {
    const next = new Float64Array(Math.max(16, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** A growable Int32Array (object ids, lines, string-table indices, lane indices). */
export class I32Column {
  data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  at(i: number): number {
    return this.data[i] ?? -1;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  private grow(): void {
    const next = new Int32Array(Math.max(16, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** A growable Uint8Array (state codes). */
export class U8Column {
  data: Uint8Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Uint8Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  at(i: number): number {
    return this.data[i] ?? 0;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  private grow(): void {
    const next = new Uint8Array(Math.max(16, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/**
 * Index of the last element of the sorted prefix `a[0..n)` that is `<= t`, or -1 when every
 * element is greater (or n is 0).
 */
export function lastAtOrBefore(a: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n; // invariant: a[<lo] <= t, a[>=hi] > t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? Infinity) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first element of the sorted prefix `a[0..n)` that is `>= t` (n when none). */
export function firstAtOrAfter(a: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Interns repeated strings ("acquire", "get", task names) so columns hold small integers. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];

  intern(s: string | undefined): number {
    if (s === undefined) return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  get(id: number): string | undefined {
    return id < 0 ? undefined : this.strings[id];
  }
}
