import { describe, expect, it } from 'vitest';
import { alloc, initHeap } from '../protocol/heap';
import { H, HEAP_AT, T, slotIndex } from '../protocol/memory-layout';
import { RingWriter, initRing, ringBytes } from '../protocol/ring';
import { Ev, writePrint } from '../protocol/trace';
import { Drainer } from './drain';

function threadRing(i32: Int32Array, tid: number): RingWriter {
  const ring = alloc(i32, ringBytes(1024));
  initRing(i32, ring, 1024);
  i32[slotIndex(tid) + T.RING] = ring;
  return new RingWriter(i32, ring);
}

describe('Drainer', () => {
  it('merges the rings of all threads into one sequence order', () => {
    const i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + (1 << 20)));
    initHeap(i32);
    i32[H.NEXT_TID] = 3;
    const a = threadRing(i32, 1);
    const b = threadRing(i32, 2);
    writePrint(a, 'stdout', 0, 'a0');
    writePrint(b, 'stdout', 0, 'b1');
    writePrint(a, 'stdout', 0, 'a2');
    writePrint(b, 'stdout', 0, 'b3');
    const d = new Drainer(i32);
    const out = d.drain();
    expect(out.map((e) => (e.k === 'print' ? e.text : ''))).toEqual(['a0', 'b1', 'a2', 'b3']);
  });

  it('holds back events after a gap until the missing one arrives', () => {
    const i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + (1 << 20)));
    initHeap(i32);
    i32[H.NEXT_TID] = 3;
    const a = threadRing(i32, 1);
    const b = threadRing(i32, 2);
    writePrint(a, 'stdout', 0, 'a0');
    const gap = Atomics.add(i32, H.SEQ, 1); // taken by b, not yet committed
    writePrint(a, 'stdout', 0, 'a2');
    const d = new Drainer(i32);
    expect(d.drain().map((e) => e.seq)).toEqual([0]);
    // b commits its record (simulated with the reserved number).
    const at = b.reserve(4);
    i32[at] = Ev.DROPPED | (4 << 8);
    i32[at + 1] = gap;
    i32[at + 2] = 2;
    i32[at + 3] = 1;
    b.commit();
    expect(d.drain().map((e) => e.seq)).toEqual([1, 2]);
  });
});
