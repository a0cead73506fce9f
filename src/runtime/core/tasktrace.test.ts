/**
 * The asyncio task sampler (tasktrace.ts) over a real trace ring in shared memory, with the clock
 * under the test's control: few changes are logged one by one; past the burst only the latest
 * state per task (and value per gauge) is logged, at the loop's tick, once per gap; ends and
 * creations always; what is pending is logged before the loop blocks; a quiet window cools down.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { alloc, initHeap } from '../../protocol/heap';
import { H, HF, RING_WORDS_MAIN, T, slotIndex } from '../../protocol/memory-layout';
import { drainRing, initRing, ringBytes } from '../../protocol/ring';
import type { TraceEvent } from '../../protocol/trace';
import { TASK_DONE, TASK_READY, TASK_RUNNING, TASK_WAITING } from '../host';

type Tracer = typeof import('./tasktrace');
let tt: Tracer;
let i32: Int32Array;
let ring = 0;
let clock = 1000;

beforeEach(async () => {
  vi.resetModules();
  const sab = new SharedArrayBuffer(8 << 20);
  i32 = new Int32Array(sab);
  const f64 = new Float64Array(sab);
  initHeap(i32);
  i32[H.TRACING] = 1;
  f64[HF.SPEED] = 1;
  f64[HF.T0_EPOCH_MS] = performance.timeOrigin;
  const s = slotIndex(1);
  ring = alloc(i32, ringBytes(RING_WORDS_MAIN));
  initRing(i32, ring, RING_WORDS_MAIN);
  i32[s + T.RING] = ring;
  clock = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  const context = await import('./context');
  context.setCtx(context.makeContext(sab, 1, '', 0, null));
  tt = await import('./tasktrace');
});
afterEach(() => vi.restoreAllMocks());

function drained(): string[] {
  const out: TraceEvent[] = [];
  drainRing(i32, ring, 1, out);
  return out.map((e) => (e.k === 'task' ? `${e.task} ${e.state}${e.what ? ' ' + e.what : ''}` : e.k === 'gauge' ? `gauge ${e.value}` : e.k));
}

const named = (name: string) => ({ get_name: () => name });

it('logs every change while few; a burst makes it sample the latest state per task at the tick', () => {
  expect(tt.traceTaskCreated(7, null, named('a'))).toBe(true);
  expect(tt.traceTaskCreated(8, 7, named('b'))).toBe(true);
  tt.traceTaskState(7, TASK_RUNNING, '');
  tt.traceTaskState(7, TASK_WAITING, 'sleep 1');
  expect(drained()).toEqual(['7 created', '8 created', '7 running', '7 waiting sleep 1']);

  // 64 changes in a 10 ms window are logged; then the thread is hot.
  for (let i = 0; i < 62; i++) tt.traceTaskState(8, i % 2 === 0 ? TASK_RUNNING : TASK_READY, '');
  expect(drained().length).toBe(62);
  tt.traceTaskState(8, TASK_RUNNING, '');
  tt.traceTaskState(7, TASK_READY, '');
  tt.traceTaskState(8, TASK_WAITING, 'Queue#1 get');
  expect(drained()).toEqual([]);
  // The tick logs only once the gap has passed, then the latest state of each changed task.
  tt.traceTick();
  expect(drained()).toEqual([]);
  clock += 0.3;
  tt.traceTick();
  expect(drained()).toEqual(['8 waiting Queue#1 get', '7 ready']);
  clock += 0.3;
  tt.traceTick();
  expect(drained()).toEqual([]);
  // An end is logged at once (and drops the task's pending state).
  tt.traceTaskState(8, TASK_RUNNING, '');
  tt.traceTaskState(8, TASK_DONE, '');
  expect(drained()).toEqual(['8 done']);
  clock += 0.3;
  tt.traceTick();
  expect(drained()).toEqual([]);
});

it('logs what is pending when the loop is about to block, and cools down after a quiet window', () => {
  tt.traceTaskCreated(1, null, named('t'));
  for (let i = 0; i < 70; i++) tt.traceTaskState(1, i % 2 === 0 ? TASK_RUNNING : TASK_READY, '');
  drained();
  tt.traceTaskState(1, TASK_WAITING, 'sleep 5');
  expect(drained()).toEqual([]);
  tt.flushTaskTrace();
  expect(drained()).toEqual(['1 waiting sleep 5']);
  // The busy window ends (still hot), then a quiet one: every change is logged again.
  clock += 11;
  tt.traceTick();
  tt.traceTaskState(1, TASK_READY, '');
  expect(drained()).toEqual([]);
  clock += 11;
  tt.traceTick();
  expect(drained()).toEqual(['1 ready']);
  tt.traceTaskState(1, TASK_RUNNING, '');
  expect(drained()).toEqual(['1 running']);
});

it('samples gauges the same way; tasks past the lanes are counted, not traced', () => {
  const q = tt.traceObject('asyncio.Queue', 'asyncio.Queue#1', 2);
  expect(q).toBe(1);
  tt.traceGauge(q, 1);
  tt.traceGauge(q, 2);
  expect(drained()).toEqual(['obj', 'gauge 1', 'gauge 2']);
  for (let i = 0; i < 70; i++) tt.traceGauge(q, i % 3);
  drained();
  tt.traceGauge(q, 2);
  tt.traceGauge(q, 0);
  clock += 0.3;
  tt.traceTick();
  expect(drained()).toEqual(['gauge 0']);

  expect(tt.traceTaskCreated(100, null, named('first'))).toBe(true);
  expect(tt.traceTaskCreated(100 + 1999, null, named('last'))).toBe(true);
  expect(tt.traceTaskCreated(100 + 2000, null, named('past'))).toBe(false);
  tt.flushTaskTrace();
  expect(drained().slice(-1)).toEqual(['counter']);
});
