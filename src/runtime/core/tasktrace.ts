/**
 * asyncio task events and gauges (an asyncio queue's length), sampled when hot. A busy loop steps
 * tasks millions of times a second and logging every ready/running/waiting change would cost
 * more than the steps themselves (DESIGN.md §5: hot loops must not flood the trace). So every
 * change is logged while they are few (BURST per millisecond); beyond that a task's changes are
 * logged at most once per GAP_MS, the latest skipped one kept and logged when the loop is about
 * to block (or the thread ends), so a lane never shows a stale state while the loop waits.
 * Creation and the end of a task are always logged.
 */
import { Ev } from '../../protocol/layout';
import { TASK_CREATED, TASK_DONE } from '../host';
import { ctx, currentLine, emit } from './context';

const GAP_MS = 0.1;

/**
 * The sampler runs on every task step, so it must cost far less than a step: the clock is read
 * once per 64 calls (a few µs stale at most against a 100 µs gap), a task's state arrives as
 * numbers (no event object per step), and per-task times and skipped states live in typed
 * arrays indexed by the task's lane (tasks past TASK_LANES are not traced at all).
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

/**
 * A thread's first TASK_LANES tasks get lanes; later ones are counted, not drawn (100,000 tasks
 * in one gather would otherwise cost more to trace than to run, and no one reads 100,000 lanes).
 * Task ids grow per thread, so "later" is simply a higher id than the cap's.
 */
const TASK_LANES = 2000;
let firstTask = -1;
let uncounted = 0;
let uncountedLogged = 0;

/** Per lane (task id − firstTask): when its last state was logged, and the latest one skipped. */
const lastLogged = new Float64Array(TASK_LANES).fill(-Infinity);
const NONE = -1;
const pendingState = new Int8Array(TASK_LANES).fill(NONE);
const pendingWhat: string[] = new Array<string>(TASK_LANES).fill('');
/** Lanes with a skipped state since the last flush, each once (`listed`). */
const pendingLanes: number[] = [];
const listed = new Uint8Array(TASK_LANES);

function write(task: number, state: number, parent: number, line: number, name: string, what: string): void {
  emit(Ev.TASK, [task, state, parent, line], [name, what]);
}

/**
 * A task was created: logs it when it gets a lane and says whether its later states are traced
 * (the task keeps the answer and calls {@link traceTaskState} only then).
 */
export function traceTaskCreated(task: number, parentTask: number | null, named: { get_name(): string }): boolean {
  if (!ctx().tracing) return false;
  if (firstTask < 0) firstTask = task;
  const lane = task - firstTask;
  if (lane >= TASK_LANES || lane < 0) {
    uncounted++;
    return false;
  }
  lastLogged[lane] = clock();
  pendingState[lane] = NONE;
  // The name matters only for the task's first event (its lane is named then).
  write(task, TASK_CREATED, parentTask ?? 0, currentLine() ?? 0, named.get_name(), '');
  return true;
}

/** A traced task's state changed (`what`: what it waits for). Sampled when hot; ends always logged. */
export function traceTaskState(task: number, state: number, what: string): void {
  const lane = task - firstTask;
  if (state >= TASK_DONE) {
    pendingState[lane] = NONE;
    lastLogged[lane] = -Infinity;
    write(task, state, -1, 0, '', what);
    return;
  }
  const t = clock();
  if (hot && t - (lastLogged[lane] as number) < GAP_MS) {
    if (listed[lane] === 0) {
      listed[lane] = 1;
      pendingLanes.push(lane);
    }
    pendingState[lane] = state;
    pendingWhat[lane] = what;
    return;
  }
  pendingState[lane] = NONE;
  lastLogged[lane] = t;
  write(task, state, -1, 0, '', what);
}

interface Gauge {
  last: number;
  value: number;
  pending: boolean;
}
const gauges = new Map<number, Gauge>();
const gaugesPending: Gauge[] = [];
const gaugeIds = new Map<Gauge, number>();

/** A gauge of a traced asyncio object, at most once per GAP_MS per object (latest kept). */
export function traceGauge(obj: number, value: number): void {
  const t = clock();
  let g = gauges.get(obj);
  if (g === undefined) {
    g = { last: -Infinity, value, pending: false };
    gauges.set(obj, g);
    gaugeIds.set(g, obj);
  }
  if (hot && t - g.last < GAP_MS) {
    g.value = value;
    if (!g.pending) {
      g.pending = true;
      gaugesPending.push(g);
    }
    return;
  }
  g.pending = false;
  g.last = t;
  emit(Ev.GAUGE, [obj, value]);
}

/** Logs the latest skipped state of every task and gauge (the loop is about to block, or the thread ends). */
export function flushTaskTrace(): void {
  if (uncounted !== uncountedLogged) {
    emit(Ev.COUNTER, [0, uncounted - uncountedLogged], ['asyncio tasks not drawn (one lane each for the first 2000)']);
    uncountedLogged = uncounted;
  }
  if (pendingLanes.length === 0 && gaugesPending.length === 0) return;
  const t = performance.now();
  now = t;
  for (const lane of pendingLanes) {
    listed[lane] = 0;
    const state = pendingState[lane] as number;
    if (state === NONE) continue; // a later state (or the end) was logged since
    pendingState[lane] = NONE;
    lastLogged[lane] = t;
    write(firstTask + lane, state, -1, 0, '', pendingWhat[lane] as string);
  }
  pendingLanes.length = 0;
  for (const g of gaugesPending) {
    if (!g.pending) continue;
    g.pending = false;
    g.last = t;
    emit(Ev.GAUGE, [gaugeIds.get(g) as number, g.value]);
  }
  gaugesPending.length = 0;
}
