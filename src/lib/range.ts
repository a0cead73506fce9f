/**
 * Python's `range`: an immutable, re-iterable arithmetic sequence. Ports write
 * `for (const i of range(10))`, `[...range(3)]` and `e.map(fn, range(10))`, so every
 * `[Symbol.iterator]()` call starts a fresh pass.
 */

function toInt(v: unknown, what: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // Python: TypeError: 'float' object cannot be interpreted as an integer
  const type = typeof v === 'number' ? 'float' : v === null || v === undefined ? 'NoneType' : typeof v === 'string' ? 'str' : typeof v;
  throw new TypeError(`'${type}' object cannot be interpreted as an integer (range() ${what})`);
}

/** A class-based iterator: cheaper than a generator in `for...of` hot loops. */
class RangeIterator implements IterableIterator<number> {
  private next_: number;
  private left: number;
  constructor(
    start: number,
    private readonly step: number,
    length: number,
  ) {
    this.next_ = start;
    this.left = length;
  }
  next(): IteratorResult<number> {
    if (this.left <= 0) return { value: undefined, done: true };
    this.left--;
    const value = this.next_;
    this.next_ += this.step;
    return { value, done: false };
  }
  [Symbol.iterator](): IterableIterator<number> {
    return this;
  }
}

export class PyRange implements Iterable<number> {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
  /** Python's `len(r)`. */
  readonly length: number;

  constructor(start: number, stop: number, step = 1) {
    if (step === 0) throw new RangeError('range() arg 3 must not be zero');
    this.start = start;
    this.stop = stop;
    this.step = step;
    const span = step > 0 ? stop - start : start - stop;
    const abs = step > 0 ? step : -step;
    this.length = span <= 0 ? 0 : Math.floor((span - 1) / abs) + 1;
  }

  [Symbol.iterator](): IterableIterator<number> {
    return new RangeIterator(this.start, this.step, this.length);
  }

  /** Python's `r[i]` (negative indexes count from the end); `IndexError`-like on overflow. */
  at(i: number): number {
    const j = i < 0 ? i + this.length : i;
    if (!Number.isInteger(j) || j < 0 || j >= this.length) throw new RangeError('range object index out of range');
    return this.start + j * this.step;
  }

  /** Python's `x in r`. */
  includes(x: unknown): boolean {
    if (typeof x !== 'number' || !Number.isInteger(x)) return false;
    const off = x - this.start;
    if (off % this.step !== 0) return false;
    const k = off / this.step;
    return k >= 0 && k < this.length;
  }

  /** Python's `r.index(x)`; throws (ValueError-like) when absent. */
  index(x: number): number {
    if (!this.includes(x)) throw new RangeError(`${String(x)} is not in range`);
    return (x - this.start) / this.step;
  }

  /** Python's `r.count(x)`: 0 or 1. */
  count(x: unknown): number {
    return this.includes(x) ? 1 : 0;
  }

  toArray(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0, v = this.start; i < this.length; i++, v += this.step) out[i] = v;
    return out;
  }

  __repr__(): string {
    return this.step === 1 ? `range(${this.start}, ${this.stop})` : `range(${this.start}, ${this.stop}, ${this.step})`;
  }

  __str__(): string {
    return this.__repr__();
  }

  toString(): string {
    return this.__repr__();
  }
}

/** `range(stop)` or `range(start, stop, step = 1)`, callable without `new` as in Python. */
export function range(stop: number): PyRange;
export function range(start: number, stop: number, step?: number): PyRange;
export function range(a: number, b?: number, c?: number): PyRange {
  if (b === undefined) return new PyRange(0, toInt(a, 'stop'));
  return new PyRange(toInt(a, 'start'), toInt(b, 'stop'), c === undefined ? 1 : toInt(c, 'step'));
}
