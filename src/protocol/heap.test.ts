import { describe, expect, it } from 'vitest';
import { HeapFullError, alloc, blockBytes, free, initHeap, readString, storeString } from './heap';
import { H, HEAP_AT } from './memory-layout';

function heap(bytes = HEAP_AT + 64 * 1024): Int32Array {
  const i32 = new Int32Array(new SharedArrayBuffer(bytes));
  initHeap(i32);
  return i32;
}

describe('shared heap', () => {
  it('hands out 8-aligned, zeroed, disjoint blocks and remembers their size', () => {
    const i32 = heap();
    const a = alloc(i32, 12);
    const b = alloc(i32, 100);
    expect(a % 8).toBe(0);
    expect(b % 8).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 16);
    expect(blockBytes(i32, b)).toBe(100);
    i32.fill(7, a >> 2, (a >> 2) + 3);
    free(i32, a);
    const c = alloc(i32, 10);
    expect(c).toBe(a); // reused from its size class
    expect(Array.from(i32.subarray(c >> 2, (c >> 2) + 3))).toEqual([0, 0, 0]);
  });

  it('tracks bytes in use and refuses what does not fit', () => {
    const i32 = heap(HEAP_AT + 4096);
    const used0 = i32[H.HEAP_USED];
    const a = alloc(i32, 1000);
    expect(i32[H.HEAP_USED]).toBeGreaterThan(used0 ?? 0);
    expect(() => alloc(i32, 8000)).toThrow(HeapFullError);
    free(i32, a);
    expect(i32[H.HEAP_USED]).toBe(used0);
  });

  it('round-trips strings, including odd lengths and non-Latin text', () => {
    const i32 = heap();
    for (const s of ['', 'a', 'MainThread', 'Thread-1 (func)', '第一个 协程运行完..', '😀x']) {
      expect(readString(i32, storeString(i32, s))).toBe(s);
    }
  });
});
