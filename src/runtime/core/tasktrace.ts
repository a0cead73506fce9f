/**
 * asyncio task events and gauges (an asyncio queue's length), sampled when hot. A busy loop steps
 * tasks millions of times a second and logging every ready/running/waiting change would cost
 * more than the steps themselves (DESIGN.md §5: hot loops must not flood the trace). So every
 * change is logged while they are few (BURST per millisecond); beyond that a task's changes are
 * logged at most once per GAP_MS, the latest skipped one kept and logged when the loop is about
 * to block (or the thread ends), so a lane never shows a stale state while the loop waits.
 * Creation and the end of a task are always logged.
 */
import { Ev, taskStates } from '../../protocol/layout';
import type { TaskTrace } from '../host';
import { ctx, emit } from './context';
import { perThread } from './perthread';

const GAP_MS = 0.1;
const STATES: readonly string[] = taskStates;

/**
 * The sampler runs on every task step, so it must cost far less than a step: the clock is read
 * once per 64 calls (a few µs stale at most against a 100 µs gap), and per-task times live in a
 * typed array indexed by task id instead of a Map.
 */
let calls = 0;
let now = 0;
/** Events logged in the current millisecond window, and whether the window is over budget. */
const BURST = 64;
let windowStart = -Infinity;
let inWindow = 0;
let hot = false;

function clock(): number {
  if (!hot || (calls++ & 63) === 0) now = performance.now();
  if (now - windowStart >= 1) {
    windowStart = now;
    inWindow = 0;
    hot = false;
  }
  if (++inWindow > BURST) hot = true;
  return now;
}

let lastLogged = new Float64Array(1024).fill(-Infinity);
function lastOf(task: number): number {
  return task < lastLogged.length ? (lastLogged[task] ?? -Infinity) : -Infinity;
}
function setLast(task: number, t: number): void {
  if (task >= lastLogged.length) {
    const grown = new Float64Array(Math.max(task + 1, lastLogged.length * 2)).fill(-Infinity);
    grown.set(lastLogged);
    lastLogged = grown;
  }
  lastLogged[task] = t;
}

const pending = new Map<number, TaskTrace>();

/**
 * A thread's first TASK_LANES tasks get lanes; later ones are counted, not drawn (100,000 tasks
 * in one gather would otherwise cost more to trace than to run, and no one reads 100,000 lanes).
 * Task ids grow per thread, so "later" is simply a higher id than the cap's.
 */
const TASK_LANES = 2000;
let firstTask = -1;
let uncounted = 0;
let uncountedLogged = 0;

function drawn(task: number): boolean {
  if (firstTask < 0) firstTask = task;
  return task - firstTask < TASK_LANES;
}

function write(ev: TaskTrace, withName: boolean): void {
  emit(
    Ev.TASK,
    [ev.task, STATES.indexOf(ev.state), ev.parentTask === undefined ? -1 : (ev.parentTask ?? 0), ev.line ?? 0],
    // The name matters only for the task's first event (its lane is named then).
    [withName ? ev.name : '', ev.what ?? ''],
  );
}

export function traceTask(ev: TaskTrace): void {
  if (!ctx().tracing) return;
  const task = ev.task;
  const s = ev.state;
  if (!drawn(task)) {
    if (s === 'created') uncounted++;
    return;
  }
  if (s === 'created' || s === 'done' || s === 'cancelled' || s === 'failed') {
    if (pending.size !== 0) pending.delete(task);
    setLast(task, s === 'created' ? clock() : -Infinity);
    write(ev, s === 'created');
    return;
  }
  const t = clock();
  if (hot && t - lastOf(task) < GAP_MS) {
    pending.set(task, ev);
    return;
  }
  if (pending.size !== 0) pending.delete(task);
  setLast(task, t);
  write(ev, false);
}

const gaugeLogged = new Map<number, number>();
const gaugePending = new Map<number, number>();

/** A gauge of a traced asyncio object, at most once per GAP_MS per object (latest kept). */
export function traceGauge(obj: number, value: number): void {
  const t = clock();
  if (hot && t - (gaugeLogged.get(obj) ?? -Infinity) < GAP_MS) {
    gaugePending.set(obj, value);
    return;
  }
  gaugePending.delete(obj);
  gaugeLogged.set(obj, t);
  emit(Ev.GAUGE, [obj, value]);
}

/** Logs the latest skipped state of every task and gauge (the loop is about to block, or the thread ends). */
export function flushTaskTrace(): void {
  if (uncounted !== uncountedLogged) {
    emit(Ev.COUNTER, [0, uncounted - uncountedLogged], ['asyncio tasks not drawn (one lane each for the first 2000)']);
    uncountedLogged = uncounted;
  }
  if (pending.size === 0 && gaugePending.size === 0) return;
  const t = performance.now();
  now = t;
  for (const [task, ev] of pending) {
    setLast(task, t);
    write(ev, false);
  }
  pending.clear();
  for (const [obj, value] of gaugePending) {
    gaugeLogged.set(obj, t);
    emit(Ev.GAUGE, [obj, value]);
  }
  gaugePending.clear();
}

perThread(() => {
  calls = 0;
  now = 0;
  windowStart = -Infinity;
  inWindow = 0;
  hot = false;
  lastLogged = new Float64Array(1024).fill(-Infinity);
  pending.clear();
  firstTask = -1;
  uncounted = 0;
  uncountedLogged = 0;
  gaugeLogged.clear();
  gaugePending.clear();
});
