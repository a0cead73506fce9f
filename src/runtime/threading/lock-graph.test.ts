/**
 * The lock-order graph on a bare run buffer: which new edge closes a cycle, with which threads,
 * and that each cycle is found once. Real locks and threads: lock-order.test.ts and
 * e2e/diagnostics-lock-order.spec.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { initHeap } from '../../protocol/heap';
import { H, HEAP_AT } from '../../protocol/memory-layout';
import { MAX_REPORTS, addEdge, assignThreads, edgeKnown, type CycleEdge, type EdgeMaker } from './lock-graph';

let i32: Int32Array;
/** Lock "addresses": any distinct multiples of 8 (the graph only keys on them). */
const A = 8000;
const B = 8008;
const C = 8016;
const D = 8024;
const by = (tid: number, line = 0, holdLine = 0): EdgeMaker => ({ tid, line, holdLine, t: tid * 100 });
const shape = (cycle: CycleEdge[] | null) => cycle?.map((e) => `${e.from}>${e.to}@${e.by.tid}`) ?? null;

beforeEach(() => {
  i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + (1 << 20)));
  initHeap(i32);
});

describe('lock-order graph', () => {
  it('two threads in opposite order: the second edge closes the cycle, its edge last', () => {
    expect(addEdge(i32, A, B, by(2, 12, 11))).toBeNull();
    const cycle = addEdge(i32, B, A, by(3, 19, 18));
    expect(shape(cycle)).toEqual([`${A}>${B}@2`, `${B}>${A}@3`]);
    expect(cycle?.[0]?.by).toEqual({ tid: 2, line: 12, holdLine: 11, t: 200 });
    expect(cycle?.[1]?.by).toEqual({ tid: 3, line: 19, holdLine: 18, t: 300 });
  });

  it('a consistent order never closes a cycle', () => {
    for (const tid of [2, 3, 4]) {
      expect(addEdge(i32, A, B, by(tid))).toBeNull();
      expect(addEdge(i32, B, C, by(tid))).toBeNull();
      expect(addEdge(i32, A, C, by(tid))).toBeNull();
    }
  });

  it('one thread in both orders is no deadlock, until another thread takes one of the orders', () => {
    expect(addEdge(i32, A, B, by(2))).toBeNull();
    expect(addEdge(i32, B, A, by(2))).toBeNull();
    expect(shape(addEdge(i32, B, A, by(3)))).toEqual([`${A}>${B}@2`, `${B}>${A}@3`]);
    // Once found, the same cycle is not reported again, whoever else takes either order.
    expect(addEdge(i32, A, B, by(4))).toBeNull();
    expect(addEdge(i32, B, A, by(5))).toBeNull();
  });

  it('a longer cycle needs a distinct thread for every edge (dining philosophers)', () => {
    expect(addEdge(i32, A, B, by(2))).toBeNull();
    expect(addEdge(i32, B, C, by(3))).toBeNull();
    expect(addEdge(i32, C, D, by(4))).toBeNull();
    expect(shape(addEdge(i32, D, A, by(5)))).toEqual([`${A}>${B}@2`, `${B}>${C}@3`, `${C}>${D}@4`, `${D}>${A}@5`]);
  });

  it('a cycle whose edges only two threads made, three of them by one, is not reported', () => {
    addEdge(i32, A, B, by(2));
    addEdge(i32, B, C, by(2));
    expect(addEdge(i32, C, A, by(3))).toBeNull();
    // A third thread on one of thread 2's edges gives every edge its own thread.
    expect(shape(addEdge(i32, B, C, by(4)))).toEqual([`${C}>${A}@3`, `${A}>${B}@2`, `${B}>${C}@4`]);
  });

  it('finds the shortest cycle through the new edge', () => {
    addEdge(i32, B, C, by(2));
    addEdge(i32, C, A, by(3));
    addEdge(i32, B, A, by(4));
    expect(shape(addEdge(i32, A, B, by(5)))).toEqual([`${B}>${A}@4`, `${A}>${B}@5`]);
  });

  it('edgeKnown: per thread, without the spin lock; an edge with three threads counts as known', () => {
    expect(edgeKnown(i32, A, B, 2)).toBe(false);
    addEdge(i32, A, B, by(2));
    expect(edgeKnown(i32, A, B, 2)).toBe(true);
    expect(edgeKnown(i32, A, B, 3)).toBe(false);
    expect(edgeKnown(i32, B, A, 2)).toBe(false);
    addEdge(i32, A, B, by(3));
    addEdge(i32, A, B, by(4));
    expect(edgeKnown(i32, A, B, 9)).toBe(true);
    expect(Atomics.load(i32, H.LOCK_GRAPH)).not.toBe(0);
  });

  it(`reports at most ${MAX_REPORTS} cycles a run`, () => {
    let reported = 0;
    for (let k = 0; k < MAX_REPORTS + 5; k++) {
      const x = 16000 + k * 16;
      addEdge(i32, x, x + 8, by(2));
      if (addEdge(i32, x + 8, x, by(3)) !== null) reported++;
    }
    expect(reported).toBe(MAX_REPORTS);
  });

  it('a full heap: the edge is not recorded, the graph stays whole and usable', () => {
    const small = new Int32Array(new SharedArrayBuffer(HEAP_AT + 64 * 1024));
    initHeap(small);
    expect(addEdge(small, A, B, by(2))).toBeNull();
    let full = '';
    let added = 0;
    try {
      for (; added < 10_000; added++) addEdge(small, A, 24000 + added * 8, by(2));
    } catch (e) {
      full = (e as Error).name;
    }
    expect(full).toBe('HeapFullError');
    expect(added).toBeGreaterThan(100);
    expect(edgeKnown(small, A, B, 2)).toBe(true);
    expect(edgeKnown(small, A, 24000 + added * 8, 2)).toBe(false);
    // The spin lock was given back: more edges to known nodes still go in (and throw cleanly).
    expect(() => addEdge(small, A, 24000 + added * 8, by(2))).toThrow('shared memory is full');
    expect(edgeKnown(small, A, 24000 + (added - 1) * 8, 2)).toBe(true);
  });
});

describe('assignThreads', () => {
  it('gives each edge a distinct thread when one exists', () => {
    expect(assignThreads([[by(2), by(3)], [by(2)]])?.map((m) => m.tid)).toEqual([3, 2]);
    expect(assignThreads([[by(2)], [by(2)]])).toBeNull();
    expect(assignThreads([[by(2), by(3)], [by(2), by(3)], [by(3)]])).toBeNull();
    expect(assignThreads([[by(2), by(3)], [by(3), by(4)], [by(2)]])?.map((m) => m.tid)).toEqual([3, 4, 2]);
  });
});
