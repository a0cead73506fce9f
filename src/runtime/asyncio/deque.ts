/**
 * A growable ring buffer: the `collections.deque` CPython's event loop and asyncio primitives use
 * (`loop._ready`, waiter queues, `asyncio.Queue._queue`). `push`/`shift` are O(1) with no array
 * copies, which matters because every task step goes through the loop's ready queue.
 */
export class Deque<T> implements Iterable<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private len = 0;
  private mask: number;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  get length(): number {
    return this.len;
  }

  /** `append`. */
  push(x: T): void {
    if (this.len > this.mask) this.grow();
    this.buf[(this.head + this.len) & this.mask] = x;
    this.len++;
  }

  /** `appendleft`. */
  unshift(x: T): void {
    if (this.len > this.mask) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = x;
    this.len++;
  }

  /** `popleft`; undefined when empty. */
  shift(): T | undefined {
    if (this.len === 0) return undefined;
    const i = this.head;
    const x = this.buf[i];
    this.buf[i] = undefined; // let the GC have it
    this.head = (i + 1) & this.mask;
    this.len--;
    return x;
  }

  /** `pop` (from the right); undefined when empty. */
  pop(): T | undefined {
    if (this.len === 0) return undefined;
    this.len--;
    const i = (this.head + this.len) & this.mask;
    const x = this.buf[i];
    this.buf[i] = undefined;
    return x;
  }

  /** The leftmost item (`d[0]`). */
  peek(): T | undefined {
    return this.len === 0 ? undefined : this.buf[this.head];
  }

  at(i: number): T | undefined {
    if (i < 0 || i >= this.len) return undefined;
    return this.buf[(this.head + i) & this.mask];
  }

  /** `deque.remove(x)`: the first occurrence; false when absent (CPython raises ValueError). */
  remove(x: T): boolean {
    const n = this.len;
    for (let i = 0; i < n; i++) {
      if (this.buf[(this.head + i) & this.mask] === x) {
        // Close the gap by shifting the tail left: waiter queues are short.
        for (let j = i; j < n - 1; j++) {
          this.buf[(this.head + j) & this.mask] = this.buf[(this.head + j + 1) & this.mask];
        }
        this.buf[(this.head + n - 1) & this.mask] = undefined;
        this.len--;
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.buf = new Array<T | undefined>(16);
    this.mask = 15;
    this.head = 0;
    this.len = 0;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.len; i++) out.push(this.buf[(this.head + i) & this.mask] as T);
    return out;
  }

  /** Iterates a snapshot-free view; callers must not mutate while iterating (as with deque). */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask] as T;
  }

  private grow(): void {
    const old = this.buf;
    const cap = old.length * 2;
    const buf = new Array<T | undefined>(cap);
    for (let i = 0; i < this.len; i++) buf[i] = old[(this.head + i) & this.mask];
    this.buf = buf;
    this.head = 0;
    this.mask = cap - 1;
  }
}
