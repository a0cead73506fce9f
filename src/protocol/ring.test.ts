import { describe, expect, it } from 'vitest';
import { alloc, initHeap } from './heap';
import { HEAP_AT } from './memory-layout';
import { RingWriter, drainRing, initRing, ringBytes, type RingWriterOptions } from './ring';
import { writeCounter, writePrint, writeState, writeThread, type TraceEvent } from './trace';

function setup(cap: number, opts: RingWriterOptions = {}): { i32: Int32Array; ring: number; w: RingWriter } {
  const i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + (1 << 20)));
  initHeap(i32);
  const ring = alloc(i32, ringBytes(cap));
  initRing(i32, ring, cap);
  return { i32, ring, w: new RingWriter(i32, ring, opts) };
}

describe('trace ring', () => {
  it('decodes what was written, in order, with one run-wide sequence', () => {
    let t = 5;
    const { i32, ring, w } = setup(256, { now: () => t++ });
    writeThread(w, 2, 1, 1, 'thread', false, 'Thread-1 (f)');
    writeState(w, 'blocked', 96, 12, 0.5, 'acquire', '');
    writePrint(w, 'stdout', 3, 'hello 世界');
    const out: TraceEvent[] = [];
    expect(drainRing(i32, ring, 2, out)).toBe(0);
    expect(out.map((e) => [e.seq, e.t])).toEqual([
      [0, 5],
      [1, 6],
      [2, 7],
    ]);
    expect(out[0]).toMatchObject({ k: 'thread', tid: 2, parent: 1, name: 'Thread-1 (f)', kind: 'thread' });
    expect(out[1]).toMatchObject({ k: 'state', state: 'blocked', obj: 96, line: 12, timeout: 0.5, what: 'acquire' });
    expect(out[2]).toMatchObject({ k: 'print', tid: 2, stream: 'stdout', text: 'hello 世界', line: 3 });
  });

  it('wraps around with padding and drops (without taking a sequence number) when full', () => {
    const { i32, ring, w } = setup(64);
    const out: TraceEvent[] = [];
    let attempts = 0;
    let dropped = 0;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 3; k++, attempts++) writeCounter(w, round, k, `line ${round}.${k}`);
      dropped += drainRing(i32, ring, 1, out);
    }
    expect(dropped).toBe(0);
    expect(out).toHaveLength(attempts);
    expect(out.map((e) => e.seq)).toEqual(out.map((_, k) => k));
    // Fill without draining: later writes do not fit and are counted as dropped.
    for (let k = 0; k < 40; k++) writeCounter(w, 0, k, 'x'.repeat(20));
    const rest: TraceEvent[] = [];
    const failed = drainRing(i32, ring, 1, rest);
    expect(failed).toBeGreaterThan(0);
    expect(rest.length + failed).toBe(40);
    expect(rest.map((e) => e.seq)).toEqual(rest.map((_, k) => attempts + k));
  });

  it('makes a lossless record (printed text) wait for room instead of dropping it', () => {
    const calls: boolean[] = [];
    const drained: TraceEvent[] = [];
    const { i32, ring, w } = setup(64, {
      // Stands in for the worker's wait for the page: the "page" drains when asked.
      waitForRoom: (full) => {
        calls.push(full);
        if (full) drainRing(i32, ring, 1, drained);
      },
    });
    for (let k = 0; k < 5; k++) writeCounter(w, 0, k, 'x'.repeat(20)); // 16 words each: 4 fit
    writePrint(w, 'stdout', 0, 'must arrive');
    drainRing(i32, ring, 1, drained);
    expect(calls).toEqual([false, true]);
    expect(drained.filter((e) => e.k === 'print').map((e) => (e.k === 'print' ? e.text : ''))).toEqual(['must arrive']);
    expect(drained).toHaveLength(5);
  });

  it('gives up a lossless record when waitForRoom throws (a killed process prints nothing more)', () => {
    const { i32, ring, w } = setup(64, {
      waitForRoom: () => {
        throw new Error('killed');
      },
    });
    expect(() => writePrint(w, 'stdout', 0, 'late')).toThrow('killed');
    const out: TraceEvent[] = [];
    expect(drainRing(i32, ring, 1, out)).toBe(0);
    expect(out).toEqual([]);
  });

  it('gives up a lossless record killed after it took its sequence number; later ones are published', () => {
    let killed = false;
    const { i32, ring, w } = setup(64, {
      numbered: () => {
        if (killed) throw new Error('killed');
      },
    });
    writePrint(w, 'stdout', 0, 'before');
    killed = true;
    expect(() => writePrint(w, 'stdout', 0, 'late')).toThrow('killed');
    killed = false;
    writePrint(w, 'stdout', 0, 'after');
    const out: TraceEvent[] = [];
    drainRing(i32, ring, 1, out);
    expect(out.map((e) => (e.k === 'print' ? e.text : e.k))).toEqual(['before', 'after']);
    // The given-up record's number is a gap the page waits out (supervisor/drain.ts).
    expect(out.map((e) => e.seq)).toEqual([out[0]!.seq, out[0]!.seq + 2]);
  });
});
