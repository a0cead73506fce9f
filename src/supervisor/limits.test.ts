import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { TraceModel } from '../timeline';
import { LastLines, RunClock, TraceWindow, deadlockEvents, isHeapCrash, pythonMemoryLine } from './limits';

describe('RunClock', () => {
  it('asks once at the limit, ends after the grace period', () => {
    const c = new RunClock(1000, 30, 20);
    expect(c.check(1000 + 29_999)).toBe('ok');
    expect(c.check(1000 + 30_000)).toBe('ask');
    expect(c.asking).toBe(true);
    expect(c.check(1000 + 40_000)).toBe('ok');
    expect(c.endsAtMs).toBe(1000 + 50_000);
    expect(c.check(1000 + 50_000)).toBe('end');
  });

  it('Keep running doubles the limit from the answer', () => {
    const c = new RunClock(0, 30, 20);
    expect(c.check(30_000)).toBe('ask');
    c.extend(35_000);
    expect(c.asking).toBe(false);
    expect(c.currentLimitS).toBe(60);
    expect(c.check(94_999)).toBe('ok');
    expect(c.check(95_000)).toBe('ask');
  });

  it('a limit of 0 never asks', () => {
    const c = new RunClock(0, 0);
    expect(c.check(1e12)).toBe('ok');
  });
});

describe('shared memory messages', () => {
  it('names a full heap as Python does', () => {
    expect(pythonMemoryLine('__main__.HeapFullError: shared memory is full (asked for 1000000 bytes)')).toBe(
      'MemoryError: shared memory is full (asked for 1000000 bytes)',
    );
    expect(pythonMemoryLine('HeapFullError: shared memory is full (asked for 8 bytes)')).toBe(
      'MemoryError: shared memory is full (asked for 8 bytes)',
    );
    // A program's own text that merely mentions it is left alone.
    expect(pythonMemoryLine('print: HeapFullError: shared memory is full')).toBeNull();
  });

  it('recognizes a lane that crashed on it', () => {
    const base = { seq: 1, t: 0, tid: 2 };
    expect(isHeapCrash({ ...base, k: 'state', state: 'crashed', error: 'HeapFullError: shared memory is full (asked for 8 bytes)' })).toBe(true);
    expect(isHeapCrash({ ...base, k: 'state', state: 'crashed', error: 'ValueError: x' })).toBe(false);
    expect(isHeapCrash({ ...base, k: 'state', state: 'running' })).toBe(false);
  });
});

/** A long run: two threads ping-ponging on a lock, with prints and counters. */
function pingPong(rounds: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  let seq = 0;
  const ev = (e: Record<string, unknown>) => out.push({ seq: seq++, t: seq * 10, ...e } as unknown as TraceEvent);
  ev({ k: 'thread', tid: 1, name: 'MainThread', kind: 'main', parent: null, pid: 1, daemon: false });
  ev({ k: 'thread', tid: 2, name: 'Thread-1 (f)', kind: 'thread', parent: 1, pid: 1, daemon: false });
  ev({ k: 'obj', obj: 100, type: 'Lock', name: 'Lock#1', tid: 1 });
  for (let i = 0; i < rounds; i++) {
    const [a, b] = i % 2 ? [1, 2] : [2, 1];
    ev({ k: 'state', tid: a, state: 'blocked', obj: 100, what: 'acquire', line: 3 });
    ev({ k: 'hold', obj: 100, holder: b });
    ev({ k: 'wake', from: b, to: a, obj: 100, fromT: seq * 10, what: 'release' });
    ev({ k: 'state', tid: a, state: 'running', line: 4 });
    ev({ k: 'print', tid: a, stream: 'stdout', text: `round ${i}` });
    ev({ k: 'counter', tid: a, obj: 100, what: 'acquire', count: 10 });
  }
  ev({ k: 'state', tid: 2, state: 'done' });
  return out;
}

describe('TraceWindow', () => {
  it('stays under its cap and keeps what the present needs', () => {
    const events = pingPong(5000);
    const w = new TraceWindow(2000);
    let ui: TraceEvent[] = [];
    for (let i = 0; i < events.length; i += 97) {
      const batch = events.slice(i, i + 97);
      ui.push(...batch);
      const replaced = w.push(batch);
      if (replaced) ui = replaced;
      expect(w.size).toBeLessThanOrEqual(2000);
    }
    expect(w.compactions).toBeGreaterThan(5);
    expect(ui.length).toBeLessThan(2000 + 50);
    // In order, for the model.
    for (let i = 1; i < ui.length; i++) expect(ui[i]!.seq).toBeGreaterThanOrEqual(ui[i - 1]!.seq);
    // Lanes, the lock and its latest holder survive; the counters add up; the drop is counted.
    const m = TraceModel.from(ui);
    expect(m.threadLanes().map((l) => l.name)).toEqual(['MainThread', 'Thread-1 (f)']);
    expect(m.objectName(100)).toBe('Lock#1');
    expect(m.countedTotal).toBe(5000 * 10);
    expect(m.droppedTotal).toBeGreaterThan(10_000);
    // The recent detail is all there: the last events are the original last events.
    expect(ui.slice(-500)).toEqual(events.slice(-500));
  });

  it('passes small runs through untouched', () => {
    const w = new TraceWindow(1000);
    expect(w.push(pingPong(10))).toBeNull();
  });

  it('keeps the summary of a task-creating program bounded', () => {
    const w = new TraceWindow(1000, 100);
    const out: TraceEvent[] = [];
    let seq = 0;
    for (let task = 1; task <= 5000; task++) {
      for (const state of ['created', 'running', 'done'] as const) {
        out.push({ k: 'task', seq: seq++, t: seq, tid: 1, task, name: `Task-${task}`, state });
      }
    }
    let last: TraceEvent[] | null = null;
    for (let i = 0; i < out.length; i += 100) last = w.push(out.slice(i, i + 100)) ?? last;
    expect(last).not.toBeNull();
    expect(last!.length).toBeLessThan(1000 + 2 * 250);
  });
});

describe('deadlockEvents', () => {
  it('puts the cycle on each waiter and draws holder → waiter arrows', () => {
    const msg = 'Deadlock: Thread-1 waits Lock#2 held by Thread-2, which waits Lock#1 held by Thread-1.';
    const evs = deadlockEvents(
      [
        { tid: 2, obj: 200, holder: 3 },
        { tid: 3, obj: 100, holder: 2 },
      ],
      msg,
      5000,
      42,
    );
    expect(evs.map((e) => e.seq)).toEqual([42, 43, 44, 45]);
    expect(evs.filter((e) => e.k === 'state').every((e) => e.k === 'state' && e.what === msg && e.state === 'blocked')).toBe(true);
    expect(evs.filter((e) => e.k === 'wake').map((e) => (e.k === 'wake' ? [e.from, e.to] : []))).toEqual([
      [3, 2],
      [2, 3],
    ]);
  });
});

describe('LastLines', () => {
  it('keeps the last cap items in order, and a million pushes keep the last cap', () => {
    const r = new LastLines<number>(3);
    for (let i = 0; i < 2; i++) r.push(i);
    expect(r.toArray()).toEqual([0, 1]);
    for (let i = 2; i < 8; i++) r.push(i);
    expect(r.toArray()).toEqual([5, 6, 7]);
    expect(r.length).toBe(3);
    // (Constant time per push is what keeps a print flood cheap: the console-size e2e test and
    // bench/stop.mjs's flood measure it; a timing bound here would fail on a busy machine.)
    const big = new LastLines<number>(100_000);
    for (let i = 0; i < 1_000_000; i++) big.push(i);
    expect(big.toArray()[0]).toBe(900_000);
    expect(big.toArray().at(-1)).toBe(999_999);
  });
});
