import { describe, expect, it } from 'vitest';
import { pyEq, pyLess, siftdown, siftup } from './order';

/** heapq.heappush / heappop over a JS array, as PriorityQueue uses them. */
function push(heap: unknown[], x: unknown): void {
  heap.push(x);
  siftdown(heap, 0, heap.length - 1, pyLess);
}

function pop(heap: unknown[]): unknown {
  const last = heap.pop();
  if (heap.length === 0) return last;
  const top = heap[0];
  heap[0] = last;
  siftup(heap, 0, pyLess);
  return top;
}

describe('Python ordering', () => {
  it('compares numbers, bools and strings as Python does', () => {
    expect(pyLess(1, 2)).toBe(true);
    expect(pyLess(2.5, 2)).toBe(false);
    expect(pyLess(false, 1)).toBe(true);
    expect(pyLess('apple', 'banana')).toBe(true);
    expect(pyLess('B', 'a')).toBe(true);
  });

  it('compares lists lexicographically, shorter first on a common prefix', () => {
    expect(pyLess([1, 'b'], [1, 'c'])).toBe(true);
    expect(pyLess([0, 'x'], [0, 'x', 1])).toBe(true);
    expect(pyLess([2], [1, 9])).toBe(false);
    expect(pyLess([1, [2, 3]], [1, [2, 4]])).toBe(true);
  });

  it('raises TypeError with CPython wording for unorderable types', () => {
    expect(() => pyLess('a', 1)).toThrow("'<' not supported between instances of 'str' and 'int'");
    expect(() => pyLess(null, 1)).toThrow("'<' not supported between instances of 'NoneType' and 'int'");
    expect(() => pyLess([1, { a: 1 }], [1, { a: 2 }])).toThrow("instances of 'dict' and 'dict'");
  });

  it('only reaches an unorderable element when the prefix is equal', () => {
    expect(pyLess([1, { a: 1 }], [2, { a: 1 }])).toBe(true);
    expect(pyEq([1, { a: [1] }], [1, { a: [1] }])).toBe(true);
  });
});

describe('heapq order', () => {
  it('pops in sorted order', () => {
    const heap: unknown[] = [];
    const xs = [5, 3, 9, 1, 1, 7, 2, 8, 0, 6];
    for (const x of xs) push(heap, x);
    const out: unknown[] = [];
    while (heap.length) out.push(pop(heap));
    expect(out).toEqual([...xs].sort((a, b) => a - b));
  });

  it('keeps the heap invariant of CPython (same layout after the same pushes)', () => {
    const heap: unknown[] = [];
    for (const x of [5, 3, 9, 1, 7]) push(heap, x);
    // heapq.heappush over [5, 3, 9, 1, 7] in CPython gives [1, 3, 9, 5, 7].
    expect(heap).toEqual([1, 3, 9, 5, 7]);
    expect(pop(heap)).toBe(1);
    // heapq.heappop then leaves [3, 5, 9, 7].
    expect(heap).toEqual([3, 5, 9, 7]);
  });
});
