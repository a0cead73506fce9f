import { describe, expect, it } from 'vitest';
import type { ChromeTrace, ChromeTraceEvent } from './chrome-trace';
import { toChromeTrace } from './chrome-trace';
import { asyncioScenario, barrierScenario, runInfo, semaphoreScenario, TraceBuilder } from './synthetic';

const PHASES = new Set(['M', 'X', 'i', 's', 'f', 'b', 'e', 'n', 'C']);

/** The invariants Perfetto's JSON importer relies on. */
function expectValid(trace: ChromeTrace): void {
  expect(trace.displayTimeUnit).toBe('ms');
  expect(Array.isArray(trace.traceEvents)).toBe(true);
  // Plain JSON: survives a round trip unchanged.
  expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  for (const e of trace.traceEvents) {
    expect(typeof e.name).toBe('string');
    expect(e.name.length).toBeGreaterThan(0);
    expect(PHASES.has(e.ph)).toBe(true);
    expect(Number.isInteger(e.pid)).toBe(true);
    expect(Number.isInteger(e.tid)).toBe(true);
    if (e.ph !== 'M') {
      expect(Number.isFinite(e.ts)).toBe(true);
      expect(e.ts).toBeGreaterThanOrEqual(0);
    }
    if (e.ph === 'X') {
      expect(Number.isFinite(e.dur)).toBe(true);
      expect(e.dur).toBeGreaterThanOrEqual(0);
    }
  }
  // Spans are complete events only: nothing to pair.
  expect(trace.traceEvents.some((e) => e.ph === ('B' as string) || e.ph === ('E' as string))).toBe(false);
  // Every flow start has exactly one end with the same id, bound to its enclosing slice.
  const starts = new Map<string, ChromeTraceEvent>();
  const ends = new Map<string, ChromeTraceEvent>();
  for (const e of trace.traceEvents) {
    if (e.ph === 's' || e.ph === 'f') {
      expect(typeof e.id).toBe('string');
      const m = e.ph === 's' ? starts : ends;
      expect(m.has(e.id ?? '')).toBe(false);
      m.set(e.id ?? '', e);
    }
  }
  expect([...ends.keys()].sort()).toEqual([...starts.keys()].sort());
  for (const [id, f] of ends) {
    expect(f.bp).toBe('e');
    expect(f.ts ?? 0).toBeGreaterThanOrEqual(starts.get(id)?.ts ?? Infinity);
  }
  // Async slices nest properly per id and all close.
  const stacks = new Map<string, string[]>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'b' && e.ph !== 'e') continue;
    expect(e.cat).toBeDefined();
    const key = `${e.cat}:${e.id}`;
    const st = stacks.get(key) ?? [];
    stacks.set(key, st);
    if (e.ph === 'b') st.push(e.name);
    else expect(st.pop()).toBe(e.name);
  }
  for (const st of stacks.values()) expect(st).toEqual([]);
}

function named(trace: ChromeTrace, what: 'process_name' | 'thread_name'): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of trace.traceEvents) {
    if (e.ph === 'M' && e.name === what) {
      out.set(what === 'process_name' ? e.pid : e.tid, String(e.args?.['name']));
    }
  }
  return out;
}

describe('toChromeTrace', () => {
  it('exports the semaphore scenario: names, state spans, flows, counters', () => {
    const { events, info } = semaphoreScenario();
    const trace = toChromeTrace(events, info);
    expectValid(trace);
    expect(named(trace, 'process_name').get(1)).toBe('MainProcess');
    const threads = named(trace, 'thread_name');
    expect(threads.size).toBe(10);
    expect(threads.get(1)).toBe('MainThread');
    expect(threads.get(4)).toBe('Thread-3 (worker)');
    const blocked = trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'blocked on Semaphore#1');
    expect(blocked).toHaveLength(6);
    expect(blocked[0]?.args).toEqual({ object: 'Semaphore#1', what: 'acquire', line: 5 });
    expect(trace.traceEvents.filter((e) => e.ph === 's')).toHaveLength(6);
    const gauges = trace.traceEvents.filter((e) => e.ph === 'C' && e.name === 'Semaphore#1');
    expect(gauges.length).toBe(18);
    expect(Math.max(...gauges.map((g) => Number(g.args?.['in use'])))).toBe(3);
    const prints = trace.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'stdout');
    expect(prints).toHaveLength(10);
    expect(prints[0]?.s).toBe('t');
    // `done` is the end of a thread, not a span.
    expect(trace.traceEvents.some((e) => e.ph === 'X' && e.name === 'done')).toBe(false);
  });

  it('scales timestamps to program time', () => {
    const { events, info } = barrierScenario(); // speed 2
    expect(info.speed).toBe(2);
    const trace = toChromeTrace(events, info);
    expectValid(trace);
    const firstBlocked = events.find((e) => e.k === 'state' && e.state === 'blocked' && e.tid === 2);
    const x = trace.traceEvents.find((e) => e.ph === 'X' && e.tid === 2 && e.name === 'blocked on Barrier#1');
    expect(x?.ts).toBe((firstBlocked?.t ?? NaN) * 2);
    const arrivals = trace.traceEvents
      .filter((e) => e.ph === 'C' && e.name === 'Barrier#1')
      .map((e) => e.args?.['arrivals']);
    expect(arrivals).toEqual([1, 2, 3, 0, 1, 2, 3, 0]);
  });

  it('exports asyncio tasks as nested async events and the lock as a holder track', () => {
    const { events, info } = asyncioScenario();
    const trace = toChromeTrace(events, info);
    expectValid(trace);
    const taskB = trace.traceEvents.filter((e) => e.ph === 'b' && e.cat === 'asyncio' && e.name.startsWith('Task-'));
    expect(taskB.map((e) => e.name)).toEqual(['Task-0 (main)', 'Task-1', 'Task-2', 'Task-3']);
    expect(taskB.every((e) => e.tid === 1 && e.pid === 1)).toBe(true);
    expect(
      trace.traceEvents.some((e) => e.ph === 'b' && e.id === 'task-2' && e.name === 'waiting: sleep 2'),
    ).toBe(true);
    const holds = trace.traceEvents.filter((e) => e.ph === 'b' && e.cat === 'lock').map((e) => e.name);
    expect(holds).toEqual([
      'asyncio.Lock#1 held by Task 1',
      'asyncio.Lock#1 held by Task 2',
      'asyncio.Lock#1 held by Task 3',
    ]);
    // The task-to-task wake is drawn between the loop thread and itself (tasks share a thread).
    const s = trace.traceEvents.filter((e) => e.ph === 's');
    expect(s.length).toBe(2);
    expect(s.every((e) => e.tid === 1)).toBe(true);
    expect(trace.metadata?.['summarized-events']).toEqual([{ name: 'asyncio.Lock#1 acquire (counted)', count: 1500 }]);
  });

  it('names processes, closes spans left open by a stopped run, and marks crashes', () => {
    const b = new TraceBuilder();
    b.thread(0, 1, 'MainThread', 'main', null, 1);
    b.thread(10, 2, 'Process-1', 'process', 1, 2);
    b.thread(12, 3, 'Thread-1 (helper)', 'thread', 2, 2);
    b.state(20, 2, 'blocked', { obj: 9, what: 'get', line: 4 });
    b.state(30, 3, 'running', { line: 8 });
    b.state(40, 3, 'crashed', { error: 'ValueError: bad', line: 8 });
    b.task(50, 3, 1, 'Task-1', 'running');
    b.hold(60, 9, 1);
    b.dropped(70, 1, 5);
    const trace = toChromeTrace(b.finish(), runInfo(null));
    expectValid(trace);
    const procs = named(trace, 'process_name');
    expect(procs.get(2)).toBe('Process-1');
    const t3 = trace.traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.tid === 3);
    expect(t3?.pid).toBe(2);
    const crash = trace.traceEvents.find((e) => e.ph === 'i' && e.name === 'crashed');
    expect(crash?.args).toEqual({ error: 'ValueError: bad' });
    // Thread-1 (helper) was started at 12 and its code began at 30: ready until then.
    const t3spans = trace.traceEvents.filter((e) => e.ph === 'X' && e.tid === 3 && e.cat === 'state');
    expect(t3spans.map((e) => [e.name, e.ts, e.dur])).toEqual([['ready', 12, 18], ['running', 30, 10]]);
    const open = trace.traceEvents.find((e) => e.ph === 'X' && e.tid === 2 && e.name.startsWith('blocked'));
    expect((open?.ts ?? 0) + (open?.dur ?? 0)).toBe(70);
    expect(trace.metadata?.['dropped-events']).toBe(5);
  });

  it('exports an empty run', () => {
    const trace = toChromeTrace([], runInfo(0));
    expectValid(trace);
    expect(named(trace, 'process_name').get(1)).toBe('MainProcess');
  });
});
