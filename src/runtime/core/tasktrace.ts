/**
 * asyncio task events and gauges (an asyncio queue's length), sampled when hot. A busy loop steps
 * tasks millions of times a second and logging every ready/running/waiting change would cost
 * more than the steps themselves (docs/timeline.md: hot loops must not flood the trace). So every
 * change is logged while they are few (at most BURST per WINDOW_MS); beyond that the thread is
 * "hot": a change only records the latest state of its task (or value of its gauge), and the
 * event loop's tick (`traceTick`, every few callbacks) logs what changed at most once per GAP_MS
 * per task and gauge. The latest states are also logged when the loop is about to block (or the
 * thread ends), so a lane never shows a stale state while the loop waits. Creation and the end of
 * a task are always logged.
 *
 * The hot path is a few typed-array stores: no clock read (`sampleNow()` costs as much as
 * a task step; the tick reads it), no event object, no map. Tasks past TASK_LANES are not traced
 * at all (the task asks once, at creation).
 */
import { AsyncioObjType } from '../../protocol/memory-layout';
import { alloc } from '../../protocol/heap';
import { writeCounter, writeGauge, writeObj, writeTask } from '../../protocol/trace';
import { TASK_CREATED, TASK_DONE } from '../host';
import { ctx, currentLine } from './context';
import { perThread } from './perthread';
import { det, traceClock } from './sched';
import { wallNow } from './wallclock';

/**
 * The sampler's clock, ms: the wall clock, or in a deterministic run the virtual one, so that
 * a replay samples the same states and exports the same trace.
 */
function sampleNow(): number {
  return det ? traceClock() / 1000 : wallNow();
}

/** At most one logged state per task (and value per gauge) this often while hot. */
const GAP_MS = 0.25;
/** Changes logged one by one per window before the thread counts as hot. */
const BURST = 64;
const WINDOW_MS = 10;

/**
 * A thread's first TASK_LANES tasks get lanes; later ones are counted, not drawn (100,000 tasks
 * in one gather would otherwise cost more to trace than to run, and no one reads 100,000 lanes).
 * Task ids grow per thread, so "later" is simply a higher id than the cap's.
 */
const TASK_LANES = 2000;
let firstTask = -1;
let uncounted = 0;
let uncountedLogged = 0;

const NONE = -1;
/** Per lane (task id − firstTask): the latest state not logged yet (NONE: nothing), and its `what`. */
const pendingState = new Int8Array(TASK_LANES).fill(NONE);
const pendingWhat: string[] = new Array<string>(TASK_LANES).fill('');
/** Lanes with a pending state, each once (`listed`). */
const pendingLanes: number[] = [];
const listed = new Uint8Array(TASK_LANES);

/** Gauges (an asyncio queue's length) by the local index `traceObject` gave out (from 1). */
const gaugeIds: number[] = [0];
const gaugeValue: number[] = [0];
const gaugePending = new Uint8Array(1024);
const pendingGauges: number[] = [];

let hot = false;
/** Changes seen in the current window, counted while cold and while hot alike. */
let inWindow = 0;
/** [0] the current window's start, [1] the last hot flush (typed: a double in a module variable is boxed). */
const times = new Float64Array([-Infinity, -Infinity]);

function write(task: number, state: number, what: string): void {
  writeTask(ctx().ring, task, state, undefined, 0, '', what);
}

/** A change while cold: one clock read per change, to notice a burst. Returns true when it may be logged now. */
function coldChange(): boolean {
  const now = sampleNow();
  if (now - (times[0] as number) >= WINDOW_MS) {
    times[0] = now;
    inWindow = 0;
  }
  if (++inWindow <= BURST) return true;
  hot = true;
  times[1] = now;
  return false;
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
  pendingState[lane] = NONE;
  // The name matters only for the task's first event (its lane is named then).
  writeTask(ctx().ring, task, TASK_CREATED, parentTask, currentLine() ?? 0, named.get_name(), '');
  return true;
}

/** A traced task's state changed (`what`: what it waits for). Sampled when hot; ends always logged. */
export function traceTaskState(task: number, state: number, what: string): void {
  const lane = task - firstTask;
  if (state >= TASK_DONE) {
    pendingState[lane] = NONE;
    write(task, state, what);
    return;
  }
  if (hot) {
    inWindow++;
    pendingState[lane] = state;
    pendingWhat[lane] = what;
    if (listed[lane] === 0) {
      listed[lane] = 1;
      pendingLanes.push(lane);
    }
    return;
  }
  if (coldChange()) {
    pendingState[lane] = NONE;
    write(task, state, what);
  } else {
    traceTaskState(task, state, what);
  }
}

/** Registers a traced asyncio object (a row on the timeline); returns the index its gauge goes by. */
export function traceObject(type: keyof typeof AsyncioObjType, name: string, capacity: number): number {
  const c = ctx();
  if (!c.tracing || gaugeIds.length >= gaugePending.length) return 0;
  // A tiny heap block gives a run-wide unique id; the name is asyncio's own (per thread).
  const id = alloc(c.i32, 8);
  writeObj(c.ring, id, AsyncioObjType[type], capacity, name);
  gaugeIds.push(id);
  gaugeValue.push(0);
  return gaugeIds.length - 1;
}

/** The gauge of object `index` (from {@link traceObject}) is now `value`; sampled as task states. */
export function traceGauge(index: number, value: number): void {
  if (hot) {
    inWindow++;
    gaugeValue[index] = value;
    if (gaugePending[index] === 0) {
      gaugePending[index] = 1;
      pendingGauges.push(index);
    }
    return;
  }
  if (coldChange()) writeGauge(ctx().ring, gaugeIds[index] as number, value);
  else traceGauge(index, value);
}

/**
 * The event loop's tick (every few callbacks): while hot, logs what changed once GAP_MS has
 * passed since the last time, and cools down after a window with few changes.
 */
export function traceTick(): void {
  if (!hot) return;
  const now = sampleNow();
  if (now - (times[1] as number) < GAP_MS) return;
  times[1] = now;
  logPending();
  coolDown(now);
}

/** A new window: back to logging every change when the last one saw few. */
function coolDown(now: number): void {
  if (now - (times[0] as number) < WINDOW_MS) return;
  if (inWindow <= BURST) hot = false;
  times[0] = now;
  inWindow = 0;
}

function logPending(): void {
  for (const lane of pendingLanes) {
    listed[lane] = 0;
    const state = pendingState[lane] as number;
    if (state === NONE) continue; // the task ended since: its end was logged
    pendingState[lane] = NONE;
    write(firstTask + lane, state, pendingWhat[lane] as string);
  }
  pendingLanes.length = 0;
  for (const index of pendingGauges) {
    gaugePending[index] = 0;
    writeGauge(ctx().ring, gaugeIds[index] as number, gaugeValue[index] as number);
  }
  pendingGauges.length = 0;
}

/** Logs the latest state of every task and gauge not logged yet (the loop is about to block, or the thread ends). */
export function flushTaskTrace(): void {
  if (uncounted !== uncountedLogged) {
    writeCounter(ctx().ring, 0, uncounted - uncountedLogged, 'asyncio tasks not drawn (one lane each for the first 2000)');
    uncountedLogged = uncounted;
  }
  if (!hot) return;
  const now = sampleNow();
  times[1] = now;
  logPending();
  coolDown(now);
}

// A worker runs one thread after another (worker.ts): the next thread's tasks start afresh.
perThread(() => {
  firstTask = -1;
  uncounted = 0;
  uncountedLogged = 0;
  pendingState.fill(NONE);
  pendingWhat.fill('');
  pendingLanes.length = 0;
  listed.fill(0);
  gaugeIds.length = 1;
  gaugeValue.length = 1;
  gaugePending.fill(0);
  pendingGauges.length = 0;
  hot = false;
  inWindow = 0;
  times[0] = -Infinity;
  times[1] = -Infinity;
});
