/**
 * Every trace record kind, written with its typed writer into a ring in shared memory and drained
 * by the page's decoder, comes back as the same fields. The table is keyed by kind: a kind added
 * to `Ev` without a round trip here does not compile, and one without a decoder fails below.
 */
import { describe, expect, it } from 'vitest';
import { alloc, initHeap } from './heap';
import { AsyncioObjType, HEAP_AT, ObjType, RING } from './memory-layout';
import { RingWriter, drainRing, initRing, ringBytes } from './ring';
import {
  Ev,
  recordDecoders,
  writeCounter,
  writeDropped,
  writeWarning,
  writeGauge,
  writeHold,
  writeObj,
  writePrint,
  writeState,
  writeTask,
  writeThread,
  writeWake,
  type TraceEvent,
  type TraceOut,
} from './trace';

type Kind = Exclude<keyof typeof Ev, 'PAD'>;
/** An event as decoded, without the ring's stamps. */
type Fields = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq' | 't'> : never) : never;
type Case = [write: (out: TraceOut) => void, expected: Fields];

const TID = 7;
const T = 123_456;

const roundTrips: Record<Kind, Case[]> = {
  THREAD: [
    [
      (o) => writeThread(o, 2, 1, 1, 'thread', true, 'Thread-1 (worker)'),
      { k: 'thread', tid: 2, parent: 1, pid: 1, kind: 'thread', daemon: true, name: 'Thread-1 (worker)' },
    ],
    [
      (o) => writeThread(o, 1, null, 1, 'main', false, 'MainThread'),
      { k: 'thread', tid: 1, parent: null, pid: 1, kind: 'main', daemon: false, name: 'MainThread' },
    ],
    [
      (o) => writeThread(o, 5, 1, 5, 'process', false, 'Process-1'),
      { k: 'thread', tid: 5, parent: 1, pid: 5, kind: 'process', daemon: false, name: 'Process-1' },
    ],
  ],
  STATE: [
    [
      (o) => writeState(o, 'blocked', 96, 12, 0.25, 'join Thread-1', ''),
      { k: 'state', tid: TID, state: 'blocked', obj: 96, line: 12, timeout: 0.25, what: 'join Thread-1' },
    ],
    [(o) => writeState(o, 'running', 0, 0, null, '', ''), { k: 'state', tid: TID, state: 'running' }],
    [(o) => writeState(o, 'sleeping', 0, 3, Infinity, 'sleep', ''), { k: 'state', tid: TID, state: 'sleeping', line: 3, what: 'sleep' }],
    [
      (o) => writeState(o, 'crashed', 0, 9, undefined, '', 'ValueError: bad «input»'),
      { k: 'state', tid: TID, state: 'crashed', line: 9, error: 'ValueError: bad «input»' },
    ],
    [(o) => writeState(o, 'ready', 0, 0, 0, '', ''), { k: 'state', tid: TID, state: 'ready', timeout: 0 }],
    [(o) => writeState(o, 'done', 0, 0, null, '', ''), { k: 'state', tid: TID, state: 'done' }],
  ],
  OBJ: [
    [
      (o) => writeObj(o, 4096, ObjType.Semaphore, 3, 'Semaphore#1'),
      { k: 'obj', obj: 4096, type: 'Semaphore', name: 'Semaphore#1', tid: TID, capacity: 3 },
    ],
    [(o) => writeObj(o, 4160, ObjType.Lock, 0, 'Lock#2'), { k: 'obj', obj: 4160, type: 'Lock', name: 'Lock#2', tid: TID }],
    [
      (o) => writeObj(o, 4200, AsyncioObjType['asyncio.Queue'], 2, 'Queue-1'),
      { k: 'obj', obj: 4200, type: 'asyncio.Queue', name: 'Queue-1', tid: TID, capacity: 2 },
    ],
  ],
  HOLD: [
    [(o) => writeHold(o, 4096, 3), { k: 'hold', obj: 4096, holder: 3 }],
    [(o) => writeHold(o, 4096, null), { k: 'hold', obj: 4096, holder: null }],
  ],
  GAUGE: [
    [(o) => writeGauge(o, 4096, 2), { k: 'gauge', obj: 4096, value: 2 }],
    [(o) => writeGauge(o, 4096, 0), { k: 'gauge', obj: 4096, value: 0 }],
  ],
  WAKE: [
    [
      (o) => writeWake(o, 2, 3, 4096, 3_000_000_000, 'put → get'),
      { k: 'wake', from: 2, to: 3, obj: 4096, fromT: 3_000_000_000, what: 'put → get' },
    ],
  ],
  PRINT: [
    [(o) => writePrint(o, 'stdout', 4, 'hello 世界'), { k: 'print', tid: TID, stream: 'stdout', text: 'hello 世界', line: 4 }],
    [(o) => writePrint(o, 'stderr', 0, 'Traceback (most recent call last):'), { k: 'print', tid: TID, stream: 'stderr', text: 'Traceback (most recent call last):' }],
    [(o) => writePrint(o, 'stdout', 0, ''), { k: 'print', tid: TID, stream: 'stdout', text: '' }],
  ],
  TASK: [
    [
      (o) => writeTask(o, 11, 0, 10, 21, 'Task-2', ''),
      { k: 'task', tid: TID, task: 11, state: 'created', name: 'Task-2', parentTask: 10, line: 21 },
    ],
    [(o) => writeTask(o, 10, 0, null, 0, 'main', ''), { k: 'task', tid: TID, task: 10, state: 'created', name: 'main', parentTask: null }],
    [(o) => writeTask(o, 11, 3, undefined, 0, '', 'sleep 1'), { k: 'task', tid: TID, task: 11, state: 'waiting', name: '', what: 'sleep 1' }],
    [(o) => writeTask(o, 11, 6, undefined, 0, '', ''), { k: 'task', tid: TID, task: 11, state: 'failed', name: '' }],
  ],
  COUNTER: [[(o) => writeCounter(o, 4096, 65_536, 'acquire'), { k: 'counter', tid: TID, obj: 4096, count: 65_536, what: 'acquire' }]],
  DROPPED: [[(o) => writeDropped(o, 12), { k: 'dropped', tid: TID, count: 12 }]],
  WARN: [
    [
      (o) => writeWarning(o, 'race', 7, 'data race on g.num: …', { tid: 3, line: 7, t: 3_000_000_000 }),
      { k: 'print', tid: TID, stream: 'warning', text: 'data race on g.num: …', line: 7, warning: { kind: 'race', other: { tid: 3, line: 7, t: 3_000_000_000 } } },
    ],
    [
      (o) => writeWarning(o, 'asyncio', 0, "coroutine 'f' was never awaited"),
      { k: 'print', tid: TID, stream: 'warning', text: "coroutine 'f' was never awaited", warning: { kind: 'asyncio' } },
    ],
    [(o) => writeWarning(o, 'lock-order', 12, 'potential deadlock: 锁'), { k: 'print', tid: TID, stream: 'warning', text: 'potential deadlock: 锁', line: 12, warning: { kind: 'lock-order' } }],
  ],
};

function ring(opts: { tracing?: boolean } = {}): { w: RingWriter; drain: () => TraceEvent[]; kinds: () => number[] } {
  const i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + (1 << 16)));
  initHeap(i32);
  const addr = alloc(i32, ringBytes(1024));
  initRing(i32, addr, 1024);
  const w = new RingWriter(i32, addr, { tracing: opts.tracing ?? true, now: () => T });
  return {
    w,
    drain() {
      const out: TraceEvent[] = [];
      expect(drainRing(i32, addr, TID, out)).toBe(0);
      return out;
    },
    /** The kind codes of the records written so far (before draining). */
    kinds() {
      const data = (addr >> 2) + RING.DATA;
      const head = i32[(addr >> 2) + RING.HEAD] ?? 0;
      const out: number[] = [];
      for (let at = data; at < data + head; at += (i32[at] ?? 0) >>> 8) out.push((i32[at] ?? 0) & 0xff);
      return out;
    },
  };
}

describe('trace records', () => {
  for (const [kind, cases] of Object.entries(roundTrips) as [Kind, Case[]][]) {
    it(`${kind}: what the typed writer wrote decodes to the same fields`, () => {
      const { w, drain, kinds } = ring();
      for (const [write] of cases) write(w);
      expect(kinds()).toEqual(cases.map(() => Ev[kind]));
      expect(drain()).toStrictEqual(cases.map(([, fields], seq) => ({ ...fields, seq, t: T })));
    });
  }

  it('has a decoder for every record kind', () => {
    const missing = Object.entries(Ev)
      .filter(([name, code]) => name !== 'PAD' && typeof recordDecoders[code] !== 'function')
      .map(([name]) => name);
    expect(missing).toEqual([]);
    expect(recordDecoders[Ev.PAD]).toBeUndefined();
  });

  it('decodes every kind of TraceEvent from some record', () => {
    const decoded = new Set(Object.values(roundTrips).flatMap((cases) => cases.map(([, e]) => e.k)));
    const all: Record<TraceEvent['k'], true> = {
      thread: true,
      state: true,
      obj: true,
      hold: true,
      gauge: true,
      wake: true,
      print: true,
      task: true,
      counter: true,
      dropped: true,
    };
    expect([...decoded].sort()).toEqual(Object.keys(all).sort());
  });

  it('with tracing off writes only what the page needs: threads, prints, lane ends, warnings', () => {
    const { w, drain } = ring({ tracing: false });
    for (const cases of Object.values(roundTrips)) for (const [write] of cases) write(w);
    const kept = drain().map((e) => (e.k === 'state' ? `state ${e.state}` : e.k === 'print' ? `print ${e.stream}` : e.k));
    const prints = (stream: string, n: number) => Array<string>(n).fill(`print ${stream}`);
    expect(kept).toEqual(['thread', 'thread', 'thread', 'state crashed', 'state done', 'print stdout', 'print stderr', 'print stdout', 'dropped', ...prints('warning', 3)]);
  });

  it('writes no wake without another thread as the waker', () => {
    const { w, drain } = ring();
    writeWake(w, 0, 3, 4096, 1, 'release → acquire');
    writeWake(w, 3, 3, 4096, 1, 'release → acquire');
    expect(drain()).toEqual([]);
  });
});
