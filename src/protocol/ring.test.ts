import { describe, expect, it } from 'vitest';
import { alloc, initHeap } from './heap';
import { Ev, H, HEAP_AT } from './memory-layout';
import { RingWriter, drainRing, initRing, ringBytes } from './ring';
import type { TraceEvent } from './trace';

function setup(cap: number): { i32: Int32Array; ring: number; w: RingWriter } {
  const i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + (1 << 20)));
  initHeap(i32);
  const ring = alloc(i32, ringBytes(cap));
  initRing(i32, ring, cap);
  return { i32, ring, w: new RingWriter(i32, ring) };
}

describe('trace ring', () => {
  it('decodes what was written, in order, with one run-wide sequence', () => {
    const { i32, ring, w } = setup(256);
    w.write(Ev.THREAD, H.SEQ, 5, [2, 1, 1, 1, 0], ['Thread-1 (f)']);
    w.write(Ev.STATE, H.SEQ, 6, [2, 96, 12, 500000], ['acquire', '']);
    w.write(Ev.PRINT, H.SEQ, 7, [0, 3], ['hello 世界']);
    const out: TraceEvent[] = [];
    expect(drainRing(i32, ring, 2, out)).toBe(0);
    expect(out.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(out[0]).toMatchObject({ k: 'thread', tid: 2, parent: 1, name: 'Thread-1 (f)', kind: 'thread' });
    expect(out[1]).toMatchObject({ k: 'state', state: 'blocked', obj: 96, line: 12, timeout: 0.5, what: 'acquire' });
    expect(out[2]).toMatchObject({ k: 'print', tid: 2, stream: 'stdout', text: 'hello 世界', line: 3 });
  });

  it('wraps around with padding and drops (without taking a sequence number) when full', () => {
    const { i32, ring, w } = setup(64);
    const out: TraceEvent[] = [];
    let written = 0;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 3; k++) if (w.write(Ev.PRINT, H.SEQ, round, [0, 0], [`line ${round}.${k}`])) written++;
      drainRing(i32, ring, 1, out);
    }
    expect(out).toHaveLength(written);
    expect(out.map((e) => e.seq)).toEqual(out.map((_, k) => k));
    // Fill without draining: later writes fail and are counted as dropped.
    let failed = 0;
    for (let k = 0; k < 40; k++) {
      if (!w.write(Ev.PRINT, H.SEQ, 0, [0, 0], ['x'.repeat(20)])) {
        w.drop();
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
    const rest: TraceEvent[] = [];
    expect(drainRing(i32, ring, 1, rest)).toBe(failed);
    expect(rest.map((e) => e.seq)).toEqual(rest.map((_, k) => written + k));
  });
});
