/**
 * Python's `<` and `==` on the values a PriorityQueue holds, and `heapq`'s push/pop (so equal
 * priorities come out in exactly CPython's order, which depends on the heap's shape).
 */
import { pyTypeName } from '../../lib/pyrepr';

function isNum(v: unknown): v is number | boolean | bigint {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';
}

function num(v: number | boolean | bigint): number | bigint {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** Python `a == b` for plain data (numbers, strings, lists, dicts, None). */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNum(a) && isNum(b)) return num(a) == num(b);
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const pa: unknown = Object.getPrototypeOf(a);
    const pb: unknown = Object.getPrototypeOf(b);
    if (pa !== Object.prototype || pb !== Object.prototype) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && pyEq((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Python `a < b`: numbers, strings, and lists/tuples lexicographically; anything else → TypeError. */
export function pyLess(a: unknown, b: unknown): boolean {
  if (isNum(a) && isNum(b)) return num(a) < num(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEq(a[i], b[i])) return pyLess(a[i], b[i]);
    }
    return a.length < b.length;
  }
  const lt = (a as { __lt__?: (o: unknown) => unknown } | null)?.__lt__;
  if (typeof lt === 'function') return Boolean(lt.call(a, b));
  throw new TypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** `heapq`'s `_siftdown`: moves heap[pos] up towards startpos. */
export function siftdown<T>(heap: T[], startpos: number, pos: number, less: (a: T, b: T) => boolean): void {
  const newitem = heap[pos] as T;
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    const parent = heap[parentpos] as T;
    if (less(newitem, parent)) {
      heap[pos] = parent;
      pos = parentpos;
      continue;
    }
    break;
  }
  heap[pos] = newitem;
}

/** `heapq`'s `_siftup`: moves the smaller child up until a leaf, then sifts down. */
export function siftup<T>(heap: T[], pos: number, less: (a: T, b: T) => boolean): void {
  const endpos = heap.length;
  const startpos = pos;
  const newitem = heap[pos] as T;
  let childpos = 2 * pos + 1;
  while (childpos < endpos) {
    const rightpos = childpos + 1;
    if (rightpos < endpos && !less(heap[childpos] as T, heap[rightpos] as T)) childpos = rightpos;
    heap[pos] = heap[childpos] as T;
    pos = childpos;
    childpos = 2 * pos + 1;
  }
  heap[pos] = newitem;
  siftdown(heap, startpos, pos, less);
}
