import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import type { Lane } from './model';
import {
  colorForId,
  S_BLOCKED,
  S_DONE,
  S_READY,
  S_RUNNING,
  S_SLEEPING,
  STATES,
  TimedIndex,
  TraceModel,
} from './model';
import { asyncioScenario, barrierScenario, bigScenario, semaphoreScenario, TraceBuilder } from './synthetic';

function laneByName(m: TraceModel, name: string): Lane {
  const lane = m.lanes.find((l) => l.name === name);
  if (!lane) throw new Error(`no lane ${name}`);
  return lane;
}

function stateAt(lane: Lane, t: number): string | null {
  const i = lane.spans.indexAt(t);
  return i < 0 ? null : (STATES[lane.spans.state(i)] ?? null);
}

/** Spans of a lane tile it: sorted, each ends where the next starts, the last is open. */
function expectTiled(lane: Lane): void {
  const sp = lane.spans;
  for (let i = 0; i < sp.length; i++) {
    expect(sp.end(i)).toBeGreaterThan(sp.start(i));
    if (i + 1 < sp.length) expect(sp.end(i)).toBe(sp.start(i + 1));
    else expect(sp.end(i)).toBe(Infinity);
  }
}

describe('TraceModel: semaphore scenario (9 threads, Semaphore(3))', () => {
  const { events } = semaphoreScenario();
  const m = TraceModel.from(events);

  it('has a lane per thread with names, kinds and stable colours', () => {
    expect(m.lanes).toHaveLength(10);
    expect(m.lanes[0]?.name).toBe('MainThread');
    expect(m.lanes[0]?.kind).toBe('main');
    expect(m.lanes[1]?.name).toBe('Thread-1 (worker)');
    expect(m.lanes[1]?.color).toBe(colorForId(2));
    expect(m.threadLanes()).toHaveLength(10);
    for (const lane of m.lanes) expectTiled(lane);
  });

  it('never has more than 3 permits in use, and ends with none', () => {
    const sem = m.object(10);
    expect(sem?.name).toBe('Semaphore#1');
    expect(sem?.capacity).toBe(3);
    expect(sem?.style).toBe('count');
    expect(sem?.maxValue).toBe(3);
    const g = sem?.gauge;
    expect(g && g.v(g.length - 1)).toBe(0);
    // Holders (threads between acquire and release, i.e. sleeping) never exceed 3 either.
    for (let i = 0; g && i < g.length; i++) {
      const t = g.t(i) + 5;
      const holding = m.lanes.filter((l) => stateAt(l, t) === 'sleeping').length;
      expect(holding).toBeLessThanOrEqual(3);
    }
  });

  it('shows the 6 late threads blocked on the semaphore, each woken by a release', () => {
    let blocked = 0;
    for (const lane of m.lanes.slice(1)) {
      const sp = lane.spans;
      for (let i = 0; i < sp.length; i++) {
        if (sp.state(i) !== S_BLOCKED) continue;
        blocked++;
        expect(m.objectName(sp.obj(i))).toBe('Semaphore#1');
        expect(m.spanWhat(lane, i)).toBe('acquire');
        expect(sp.line(i)).toBe(5);
      }
    }
    expect(blocked).toBe(6);
    expect(m.arrows.length).toBe(6);
    for (let i = 0; i < m.arrows.length; i++) {
      const from = m.lanes[m.arrows.fromLane.at(i)];
      const to = m.lanes[m.arrows.toLane.at(i)];
      expect(from && to && to.tid - from.tid).toBe(3);
      expect(m.arrows.t.at(i)).toBeGreaterThan(m.arrows.fromT.at(i));
      // The head lands where the woken lane leaves `blocked`.
      if (to) expect(stateAt(to, m.arrows.t.at(i))).toBe('running');
    }
  });

  it('records prints as markers and the join chain of MainThread', () => {
    expect(m.prints.length).toBe(10);
    expect(m.prints.text[0]).toBe('Thread-1 got the semaphore');
    const main = laneByName(m, 'MainThread');
    const joins = [];
    for (let i = 0; i < main.spans.length; i++) {
      if (main.spans.state(i) === S_BLOCKED) joins.push(m.spanWhat(main, i));
    }
    expect(joins).toEqual(Array.from({ length: 9 }, (_, i) => `join Thread-${i + 1}`));
    expect(stateAt(main, m.endT)).toBe('done');
  });

  it('knows the line each thread was on at any time', () => {
    const t = 100 + 500_000; // the first three hold the semaphore and sleep; the rest wait
    const lines = m.linesAt(t);
    expect(lines.get(2)?.line).toBe(7);
    expect(lines.get(5)?.line).toBe(5);
    expect(lines.get(1)?.line).toBe(12);
    expect(lines.get(2)?.color).toBe(colorForId(2));
    // Before a thread exists, and after it is done, it has no line.
    expect(m.linesAt(50).has(2)).toBe(false);
    const late = m.linesAt(m.endT - 15);
    expect(late.has(2)).toBe(false);
    expect(late.get(1)?.line).toBe(13);
  });

  it('finds the same spans by binary search as by a scan', () => {
    const lane = laneByName(m, 'Thread-5 (worker)');
    const [a, b] = lane.spans.rangeIn(1_000_000, 1_500_000);
    const scan: number[] = [];
    for (let i = 0; i < lane.spans.length; i++) {
      const end = lane.spans.end(i);
      if (lane.spans.start(i) <= 1_500_000 && end >= 1_000_000) scan.push(i);
    }
    expect(Array.from({ length: b - a }, (_, k) => a + k)).toEqual(scan);
  });
});

describe('TraceModel: barrier scenario (6 threads, Barrier(3))', () => {
  const m = TraceModel.from(barrierScenario().events);

  it('counts arrivals and releases in groups of 3', () => {
    const bar = m.object(20);
    expect(bar?.type).toBe('Barrier');
    const values = bar ? Array.from({ length: bar.gauge.length }, (_, i) => bar.gauge.v(i)) : [];
    expect(values).toEqual([1, 2, 3, 0, 1, 2, 3, 0]);
    expect(m.arrows.length).toBe(4);
    // The threads of a group leave the barrier together.
    const leave = m.lanes.slice(1).map((lane) => {
      const sp = lane.spans;
      for (let i = 0; i < sp.length; i++) if (sp.state(i) === S_BLOCKED) return sp.end(i);
      return NaN;
    });
    expect(new Set(leave.slice(0, 3)).size).toBe(1);
    expect(new Set(leave.slice(3)).size).toBe(1);
    expect(leave[3]).toBeGreaterThan(leave[0] ?? Infinity);
  });
});

describe('TraceModel: asyncio loop with 3 tasks', () => {
  const m = TraceModel.from(asyncioScenario().events);
  const main = laneByName(m, 'MainThread');

  it('puts task sub-lanes under the thread whose loop runs them', () => {
    expect(main.children.map((i) => m.lanes[i]?.name)).toEqual([
      'Task-0 (main)',
      'Task-1',
      'Task-2',
      'Task-3',
    ]);
    const t1 = laneByName(m, 'Task-1');
    expect(t1.kind).toBe('task');
    expect(t1.parentLane).toBe(main.index);
    expect(t1.parent).toBe(0);
    expect(m.threadLanes()).toEqual([main]);
    for (const lane of m.lanes) expectTiled(lane);
  });

  it('keeps the name of a task lane when later events come unnamed (workers name a task once)', () => {
    const unnamed = asyncioScenario().events.map((e) =>
      e.k === 'task' && e.state !== 'created' ? { ...e, name: '' } : e,
    );
    const m2 = TraceModel.from(unnamed);
    const main2 = laneByName(m2, 'MainThread');
    expect(main2.children.map((i) => m2.lanes[i]?.name)).toEqual(['Task-0 (main)', 'Task-1', 'Task-2', 'Task-3']);
  });

  it('maps task states: ready, running, sleeping on asyncio.sleep, done', () => {
    const t2 = laneByName(m, 'Task-2');
    const codes = Array.from({ length: t2.spans.length }, (_, i) => t2.spans.state(i));
    expect(codes).toEqual([S_READY, S_RUNNING, S_SLEEPING, S_READY, S_RUNNING, S_DONE]);
    expect(m.spanWhat(t2, 2)).toBe('sleep 2');
    const gatherer = laneByName(m, 'Task-0 (main)');
    expect(stateAt(gatherer, 1_500_000)).toBe('blocked');
  });

  it('shows asyncio lock holders and wakes as tasks', () => {
    const lock = m.object(30);
    expect(lock?.style).toBe('holder');
    const holders = [];
    for (let i = 0; lock && i < lock.holds.length; i++) {
      const v = lock.holds.v(i);
      holders.push(v < 0 ? null : m.lanes[v]?.name);
    }
    expect(holders).toEqual(['Task-1', null, 'Task-2', null, 'Task-3', null]);
    expect(m.lanes[m.arrows.fromLane.at(0)]?.name).toBe('Task-2');
    expect(m.lanes[m.arrows.toLane.at(0)]?.name).toBe('Task-1');
  });

  it('points the loop thread at the running task line, and summarizes counters', () => {
    expect(m.linesAt(1_000_100 + 12).get(1)?.line).toBe(12);
    expect(m.countedTotal).toBe(1500);
    expect(m.summarizedTotal).toBe(1500);
    expect([...m.counters.values()]).toEqual([{ tid: 1, obj: 30, what: 'acquire', count: 1500 }]);
    expect(m.objectRows().map((r) => r.name)).toEqual(['asyncio.Lock#1']);
  });
});

describe('TraceModel: incremental folding and odd input', () => {
  it('gives the same model whether events come at once or in batches', () => {
    const { events } = bigScenario(5000, 4);
    const whole = TraceModel.from(events);
    const inc = new TraceModel();
    for (let i = 0; i < events.length; i += 137) inc.append(events.slice(i, i + 137));
    expect(inc.eventCount).toBe(whole.eventCount);
    expect(inc.version).toBeGreaterThan(30);
    expect(inc.lanes.length).toBe(whole.lanes.length);
    for (let l = 0; l < whole.lanes.length; l++) {
      const a = whole.lanes[l]?.spans;
      const b = inc.lanes[l]?.spans;
      expect(b?.length).toBe(a?.length);
      if (!a || !b) continue;
      expect(Array.from({ length: b.length }, (_, i) => b.start(i))).toEqual(
        Array.from({ length: a.length }, (_, i) => a.start(i)),
      );
      expect(Array.from({ length: b.length }, (_, i) => b.state(i))).toEqual(
        Array.from({ length: a.length }, (_, i) => a.state(i)),
      );
    }
    expect(inc.arrows.length).toBe(whole.arrows.length);
    expect(inc.prints.length).toBe(whole.prints.length);
  });

  it('names a lane first seen before its thread event, and counts dropped events', () => {
    const b = new TraceBuilder();
    b.state(10, 7, 'running', { line: 3 });
    b.thread(20, 7, 'Process-1', 'process', 1, 2);
    b.dropped(30, 7, 42);
    b.dropped(40, 8, 8);
    const m = TraceModel.from(b.finish());
    const lane = m.laneOfTid(7);
    expect(lane?.name).toBe('Process-1');
    expect(lane?.kind).toBe('process');
    expect(lane?.pid).toBe(2);
    expect(m.droppedTotal).toBe(50);
    expect(m.droppedByTid.get(7)).toBe(42);
    expect(m.summarizedTotal).toBe(50);
  });

  it('shows a started thread ready, not running, until its code begins', () => {
    // Thread-2 was started at 5 ms (its starter's event) and began its code at 700 ms (its
    // worker was still loading): it was not running in between, while Thread-1 was.
    const ev: TraceEvent[] = [
      { k: 'thread', seq: 0, t: 0, tid: 1, name: 'MainThread', kind: 'main', parent: null, pid: 1, daemon: false },
      { k: 'state', seq: 1, t: 1, tid: 1, state: 'running' },
      { k: 'thread', seq: 2, t: 4, tid: 2, name: 'Thread-1', kind: 'thread', parent: 1, pid: 1, daemon: false },
      { k: 'thread', seq: 3, t: 5, tid: 3, name: 'Thread-2', kind: 'thread', parent: 1, pid: 1, daemon: false },
      { k: 'state', seq: 4, t: 6, tid: 2, state: 'running' },
      { k: 'state', seq: 5, t: 300, tid: 2, state: 'done' },
      { k: 'state', seq: 6, t: 700, tid: 3, state: 'running' },
      { k: 'state', seq: 7, t: 900, tid: 3, state: 'done' },
    ];
    const m = TraceModel.from(ev);
    const t1 = laneByName(m, 'Thread-1');
    const t2 = laneByName(m, 'Thread-2');
    expect(stateAt(t1, 4.5)).toBe('ready');
    expect(stateAt(t1, 100)).toBe('running');
    expect(stateAt(t2, 100)).toBe('ready');
    expect(stateAt(t2, 299)).toBe('ready');
    expect(stateAt(t2, 701)).toBe('running');
    expectTiled(t2);
  });

  it('merges repeated states and keeps lanes monotonic when clocks disagree', () => {
    const ev: TraceEvent[] = [
      { k: 'thread', seq: 0, t: 0, tid: 1, name: 'MainThread', kind: 'main', parent: null, pid: 1, daemon: false },
      { k: 'state', seq: 1, t: 10, tid: 1, state: 'running', line: 1 },
      { k: 'state', seq: 2, t: 20, tid: 1, state: 'running', line: 2 },
      { k: 'state', seq: 3, t: 30, tid: 1, state: 'blocked', obj: 5, what: 'acquire', line: 3 },
      { k: 'state', seq: 4, t: 25, tid: 1, state: 'running', line: 4 }, // clock skew: earlier t
      { k: 'state', seq: 5, t: 40, tid: 1, state: 'crashed', error: 'ValueError: boom', line: 5 },
    ];
    const m = TraceModel.from(ev);
    const lane = laneByName(m, 'MainThread');
    // ready until its code begins · running (merged 10..30) · a zero-length blocked, undone by
    // the skewed running · crashed
    expect(Array.from({ length: lane.spans.length }, (_, i) => lane.spans.start(i))).toEqual([0, 10, 40]);
    expect(stateAt(lane, 5)).toBe('ready');
    expect(stateAt(lane, 35)).toBe('running');
    expect(stateAt(lane, 45)).toBe('crashed');
    expect(m.spanWhat(lane, 2)).toBe('ValueError: boom');
    expectTiled(lane);
    expect(m.linesAt(45).get(1)?.line).toBe(5);
    expect(m.linesAt(22).get(1)?.line).toBe(2);
  });
});

describe('TraceModel: deadlock (two threads, two locks, opposite order)', () => {
  const b = new TraceBuilder();
  b.thread(0, 1, 'MainThread', 'main', null);
  b.obj(1, 11, 'Lock', 'Lock#1');
  b.obj(2, 12, 'Lock', 'Lock#2');
  b.thread(10, 2, 'Thread-1 (a)');
  b.thread(11, 3, 'Thread-2 (b)');
  b.hold(20, 11, 2);
  b.state(20, 2, 'running', { line: 5 });
  b.hold(21, 12, 3);
  b.state(21, 3, 'running', { line: 11 });
  b.state(30, 2, 'blocked', { obj: 12, what: 'acquire', line: 6 });
  b.state(31, 3, 'blocked', { obj: 11, what: 'acquire', line: 12 });
  b.state(40, 1, 'blocked', { obj: 99, what: 'join Thread-1', line: 20 });
  const m = TraceModel.from(b.finish());

  it('shows who holds what while both wait forever', () => {
    const l1 = m.object(11);
    const l2 = m.object(12);
    expect(l1?.style).toBe('holder');
    expect(m.lanes[l1?.holds.valueAt(1000, -1) ?? -1]?.name).toBe('Thread-1 (a)');
    expect(m.lanes[l2?.holds.valueAt(1000, -1) ?? -1]?.name).toBe('Thread-2 (b)');
    const t1 = m.laneOfTid(2);
    const t2 = m.laneOfTid(3);
    expect(t1 && stateAt(t1, 1000)).toBe('blocked');
    expect(t1 && m.objectName(t1.spans.obj(t1.spans.indexAt(1000)))).toBe('Lock#2');
    expect(t2 && m.objectName(t2.spans.obj(t2.spans.indexAt(1000)))).toBe('Lock#1');
    const lines = m.linesAt(1000);
    expect([lines.get(1)?.line, lines.get(2)?.line, lines.get(3)?.line]).toEqual([20, 6, 12]);
  });

  it('treats an object with holders as a lock even before its obj event', () => {
    const early = new TraceBuilder();
    early.hold(5, 77, 1);
    early.obj(6, 77, 'RLock', 'RLock#1');
    const m2 = TraceModel.from(early.finish());
    expect(m2.object(77)?.style).toBe('holder');
    expect(m2.objectRows().map((r) => r.name)).toEqual(['RLock#1']);
  });
});

describe('TimedIndex', () => {
  it('returns every intersecting item even when times step backwards', () => {
    const ix = new TimedIndex();
    const items: [number, number][] = [];
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let t = 0;
    for (let i = 0; i < 3000; i++) {
      t += rnd() * 50;
      const hi = t - rnd() * 30; // up to 30 µs of skew
      const lo = hi - rnd() * 400;
      items.push([lo, hi]);
      ix.push(lo, hi);
    }
    for (let q = 0; q < 200; q++) {
      const a = rnd() * t;
      const b = a + rnd() * 2000;
      const [from, to] = ix.candidates(a, b);
      const want = items.flatMap(([lo, hi], i) => (hi >= a && lo <= b ? [i] : []));
      for (const i of want) {
        expect(i).toBeGreaterThanOrEqual(from);
        expect(i).toBeLessThan(to);
      }
    }
  });
});
