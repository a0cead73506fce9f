/**
 * The deterministic scheduler (issue 15, docs/deterministic-runs.md). In `seeded`, `gil` and
 * `step` runs every thread still runs in its own Worker over the run's SharedArrayBuffer, but
 * only the holder of the run's token executes: the others wait on their own token cell
 * (T.SCHED_CELL). The holder consults the scheduler at each scheduling point, which lets it go
 * on or hands the token to another runnable thread; a holder that blocks always hands it on.
 *
 * Runnable ("enabled"): a thread that is starting or was preempted at a point (STARTING /
 * RUNNING), or one in a scheduler wait (`detWait`) whose futex word no longer holds the value
 * it waits on, or whose virtual deadline has come. When nobody is enabled the virtual clock
 * jumps to the earliest deadline (paced against the wall clock by the speed factor); when there
 * is no deadline either, the token is dropped (SCHED_TOKEN 0) and every thread sleeps on its
 * own word as in a parallel run, so the page's deadlock detector sees what it always sees.
 *
 * Every choice is made by the holder from shared state that only the holder writes, in tid
 * order, with the PRNG in the run's buffer: the same source, mode and seed take the same
 * decisions on any machine under any load. Virtual time advances POINT_COST_US per point.
 */
import { H, HF, SCHED_OBJ, SCHED_OBJ_TYPE, SchedMode, T, ThreadState, deadlineIndex, slotIndex } from '../../protocol/memory-layout';
import { FNV_OFFSET, SEEDED_MEAN_POINTS, fnv1a, mulberry32 } from '../../protocol/sched';
import { programName } from '../../protocol/names';
import { FINISH_CHOICE, choiceAlt, choiceTid } from '../../protocol/step';
import { OpKind, exploring, signalIdle, type OpKindCode, type StopOp } from '../../protocol/explore';
import { writeHold, writeObj, writeState, type TraceOut } from '../../protocol/trace';
import { RunAborted } from '../errors';
import { perThread } from './perthread';
import { describeNext, dropDescription, finished, offerTasks, replaysSelf, stepChoice, takeAlternative } from './step';
import { wallNow } from './wallclock';

/** Program microseconds one scheduling point costs on the virtual clock (~a few bytecodes). */
export const POINT_COST_US = 0.1;
/**
 * `step` mode: program µs each stop for the learner costs, so that the timeline (on the virtual
 * clock) grows one visible step at a time, and a stepped run reads the same clocks on replay.
 */
export const STEP_COST_US = 1000;
/** `gil` mode: CPython's switch interval (`sys.getswitchinterval()`), program µs. */
export const GIL_SWITCH_US = 5000;
/** Most compiler points handed out at once, so a clock read is never more than this behind. */
const MAX_BUDGET = 1000;
/** Longest single Atomics.wait: waits are sliced so a stopped run unwinds promptly. */
const SLICE_MS = 250;
/**
 * `step` mode: compiler points (loop back-edges, function entries) that may pass before a
 * thread stops as `compute`; the learner steps runtime operations and shared accesses, but a
 * loop that makes none must still give them a turn.
 */
const STEP_COMPUTE_POINTS = 10_000;

interface SchedCtx {
  i32: Int32Array;
  f64: Float64Array;
  tid: number;
  slot: number;
  speed: number;
  /** wallNow() of the run's start in this worker's clock. */
  startNow: number;
  /** This thread's trace ring: the token's row (SCHED_OBJ) gets a holder change per hand-off. */
  ring: TraceOut;
  tracing: boolean;
}

/** The program line this thread is at (a stack read: step mode only). */
type LineNow = () => number;

/** The deterministic modes are on in this thread (a live binding: importers read it as is). */
export let det = false;
let mode: number = SchedMode.PARALLEL;
let sc: SchedCtx | null = null;
/** Compiler points handed out by the last `point()`/`pointBudget()` (the program's `__pc`). */
let handed = 0;
let lineNow: LineNow = () => 0;
/** `step` mode: compiler points since this thread last stopped. */
let computed = 0;
/** Scheduling points this thread has passed (its own computing; a wait's wake-up counts one). */
let ownPoints = 0;
/** `step` mode: the deciding thread and what it does next, for the explorer's log (one object, reused). */
const stop: StopOp & { tid: number } = { tid: 0, kind: OpKind.OTHER, obj: 0, key: 0, clock: false, touched: false };
/**
 * The program read the virtual clock since this thread last stopped: its step's outcome depends
 * on where in the schedule it runs (the explorer reorders no such step).
 */
let clockRead = false;
/** Runtime code ran for this thread since it last stopped (core/context.ts `ctx()` says so). */
let runtimeTouched = false;

/**
 * The runtime is working for this thread (called by `ctx()`, which every runtime operation
 * uses): between two points, only what does not call it is the thread's own business.
 */
export function touchRuntime(): void {
  runtimeTouched = true;
}

/** Sets what the thread at the next decision does (`stop`), and whether its last step read the clock. */
function stopAt(tid: number, kind: OpKindCode, obj = 0, key = 0): void {
  stop.tid = tid;
  stop.kind = kind;
  stop.obj = obj;
  stop.key = key;
  stop.clock = clockRead;
  stop.touched = runtimeTouched;
  clockRead = false;
  runtimeTouched = false;
}

perThread(() => {
  det = false;
  mode = SchedMode.PARALLEL;
  sc = null;
  handed = 0;
  computed = 0;
  ownPoints = 0;
  clockRead = false;
  runtimeTouched = false;
  waitText = '';
  waitLine = 0;
});

/** Reads the run's mode for this thread; then, in a deterministic mode, waits for the token. */
export function beginThread(c: SchedCtx, line: LineNow): void {
  mode = Atomics.load(c.i32, H.SCHED_MODE);
  lineNow = line;
  det = mode !== SchedMode.PARALLEL;
  sc = c;
  handed = 0;
  if (!det) return;
  if (c.tid === 1 && c.tracing) {
    // The token's row: MainThread holds it from the start (protocol/sched.ts initSched).
    writeObj(c.ring, SCHED_OBJ, SCHED_OBJ_TYPE, 0, mode === SchedMode.GIL ? 'GIL' : 'CPU');
    writeHold(c.ring, SCHED_OBJ, 1);
  }
  waitTurn(c);
}

/** The token's row shows `holder` (null: nobody runs: the run is idle or deadlocked). */
function traceHolder(c: SchedCtx, holder: number | null): void {
  if (c.tracing) writeHold(c.ring, SCHED_OBJ, holder);
}

function abortIfStopped(c: SchedCtx): void {
  if (Atomics.load(c.i32, H.ABORT) !== 0 || Atomics.load(c.i32, c.slot + T.KILLED) !== 0) throw new RunAborted();
}

/** Program µs on the run's virtual clock, as the program reads it (time, timeouts, Date…). */
export function vclock(): number {
  clockRead = true;
  return traceClock();
}

/** The same clock for the trace's own timestamps, which the program never sees. */
export function traceClock(): number {
  const c = sc;
  return c === null ? 0 : (c.f64[HF.VCLOCK] ?? 0);
}

function advance(c: SchedCtx, points: number): void {
  c.f64[HF.VCLOCK] = (c.f64[HF.VCLOCK] ?? 0) + points * POINT_COST_US;
  ownPoints += points;
}

/** Program µs of this thread's own computing on the virtual clock (its points; context.ts busySeconds). */
export function computedUs(): number {
  return ownPoints * POINT_COST_US;
}

/** Waits until the token is this thread's (its cell says so), then takes it. */
function waitTurn(c: SchedCtx): void {
  const cell = c.slot + T.SCHED_CELL;
  while (Atomics.load(c.i32, cell) === 0) {
    Atomics.wait(c.i32, cell, 0, SLICE_MS);
    abortIfStopped(c);
  }
  Atomics.store(c.i32, cell, 0);
  abortIfStopped(c);
}

/**
 * The token's holder starts a fresh GIL switch interval (`gil`): it has just taken the token,
 * or kept it where it could have given it away, or came back from a wait without a hand-off (a
 * sleep, however long, is not running time: CPython's switch interval counts from when the
 * thread takes the GIL back).
 */
function newSlice(c: SchedCtx): void {
  c.f64[HF.SLICE_START] = c.f64[HF.VCLOCK] ?? 0;
}

/** Hands the token to `next` (not this thread). */
function give(c: SchedCtx, next: number): void {
  newSlice(c);
  traceHolder(c, next);
  Atomics.store(c.i32, H.SCHED_TOKEN, next);
  const cell = slotIndex(next) + T.SCHED_CELL;
  Atomics.store(c.i32, cell, 1);
  Atomics.notify(c.i32, cell, 1);
}

/** Whether thread `tid` (not the caller) could take the token now. */
function enabled(i32: Int32Array, f64: Float64Array, tid: number, now: number): boolean {
  const s = slotIndex(tid);
  if ((i32[s + T.KILLED] ?? 0) !== 0) return false;
  // In a scheduler wait (whatever state it shows, e.g. a starter waiting for its thread):
  // enabled once its word changed or its deadline came.
  const futex = Atomics.load(i32, s + T.FUTEX);
  if (futex !== 0) return Atomics.load(i32, futex - 1) !== i32[s + T.FUTEX_VAL] || (f64[deadlineIndex(tid)] ?? Infinity) <= now;
  // Otherwise it is starting, or was preempted at a point (its state may still say blocked: a
  // Condition's wait releases its lock, a point, after it showed itself waiting).
  const state = Atomics.load(i32, s + T.STATE);
  return state !== ThreadState.FREE && state !== ThreadState.DONE && state !== ThreadState.CRASHED;
}

/** The enabled threads in tid order; the caller is counted when `selfEnabled`. */
function candidates(c: SchedCtx, selfEnabled: boolean): number[] {
  const out: number[] = [];
  const now = c.f64[HF.VCLOCK] ?? 0;
  const last = Atomics.load(c.i32, H.NEXT_TID);
  for (let tid = 1; tid < last; tid++) {
    // The caller is enabled when it says so, or when its own wait's deadline has come (the
    // clock may just have jumped to it).
    const self = tid === c.tid;
    if (self ? selfEnabled || ownDeadlineDue(c, now) : enabled(c.i32, c.f64, tid, now)) out.push(tid);
  }
  return out;
}

function ownDeadlineDue(c: SchedCtx, now: number): boolean {
  return Atomics.load(c.i32, c.slot + T.FUTEX) !== 0 && (c.f64[deadlineIndex(c.tid)] ?? Infinity) <= now;
}

/** The earliest virtual deadline of a thread in a scheduler wait (Infinity: none). */
function earliestDeadline(c: SchedCtx): number {
  let min = Infinity;
  const last = Atomics.load(c.i32, H.NEXT_TID);
  for (let tid = 1; tid < last; tid++) {
    const s = slotIndex(tid);
    if (Atomics.load(c.i32, s + T.FUTEX) === 0 || (c.i32[s + T.KILLED] ?? 0) !== 0) continue;
    const d = c.f64[deadlineIndex(tid)] ?? Infinity;
    if (d < min) min = d;
  }
  return min;
}

/**
 * Moves the virtual clock to `to`, first letting the wall clock catch up with it at the run's
 * speed (so a sleep looks like one to a watcher); `speed` Infinity (`speed=max`): no pacing.
 */
function jumpTo(c: SchedCtx, to: number): void {
  if (Number.isFinite(c.speed) && c.speed > 0) {
    const nap = c.slot + T.SLEEP;
    for (;;) {
      const wallDue = c.startNow + to / 1000 / c.speed;
      const left = wallDue - wallNow();
      if (left <= 0) break;
      Atomics.wait(c.i32, nap, 0, Math.min(left, SLICE_MS));
      abortIfStopped(c);
    }
  }
  if (to > (c.f64[HF.VCLOCK] ?? 0)) c.f64[HF.VCLOCK] = to;
}

function random(c: SchedCtx): number {
  const r = mulberry32(c.i32[H.SCHED_RNG] ?? 0);
  c.i32[H.SCHED_RNG] = r.state;
  return r.value;
}

function record(c: SchedCtx, next: number): void {
  c.i32[H.SCHED_DECISIONS] = (c.i32[H.SCHED_DECISIONS] ?? 0) + 1;
  c.i32[H.SCHED_HASH] = fnv1a(c.i32[H.SCHED_HASH] ?? 0, next) | 0;
}

/** The first candidate after the caller in tid order, wrapping (CPython's GIL goes to a waiter). */
function after(c: SchedCtx, cands: readonly number[]): number {
  for (const t of cands) if (t > c.tid) return t;
  return cands[0] ?? 0;
}

/**
 * The decision: who runs next (0: nobody can, ever, as things stand). Jumps the virtual clock
 * when every thread waits for a deadline. `others`: the caller gives way (a GIL switch), so
 * it is chosen only when nobody else is enabled.
 */
function decide(c: SchedCtx, selfEnabled: boolean, others = false): number {
  let cands = candidates(c, selfEnabled);
  if (cands.length === 0) {
    const due = earliestDeadline(c);
    if (due === Infinity) return 0;
    jumpTo(c, due);
    cands = candidates(c, selfEnabled);
    if (cands.length === 0) return 0;
  }
  // The learner's (or a replayed) choice in a step run, until Finish hands over to the policy.
  let next = stepping(c) ? stepChoice(c.i32, cands, stop, () => abortIfStopped(c)) : FINISH_CHOICE;
  if (next !== FINISH_CHOICE) {
    record(c, next);
    // Which ready task the chosen thread runs (0: its loop's first), read as it takes the token.
    c.i32[H.STEP_ALT] = choiceAlt(next);
    return choiceTid(next);
  }
  if (mode === SchedMode.GIL) {
    const rest = others ? cands.filter((t) => t !== c.tid) : cands;
    next = rest.length > 0 ? after(c, rest) : c.tid;
  } else {
    next = cands[random(c) % cands.length] ?? c.tid;
  }
  record(c, next);
  return next;
}

/** The holder switches to `next` (if another thread) and waits for its next turn. */
function switchTo(c: SchedCtx, next: number): void {
  if (next === c.tid) {
    newSlice(c);
    return;
  }
  // A running thread that is preempted shows as ready (waiting for the token) until its turn
  // comes back; one that only passes a point inside a wait (a Condition releasing its lock)
  // keeps the state its wait shows.
  const shown = c.tracing && Atomics.load(c.i32, c.slot + T.STATE) === ThreadState.RUNNING;
  if (shown) writeState(c.ring, 'ready', 0, 0, null, mode === SchedMode.GIL ? 'waits for the GIL' : 'preempted', '');
  give(c, next);
  waitTurn(c);
  if (shown) writeState(c.ring, 'running', 0, 0, null, '', '');
}


/**
 * `points` scheduling points have passed in this thread (it holds the token): the clock
 * advances and the policy may switch. `access`: a shared-memory read or write, which CPython's
 * GIL never switches at (so `gil` only counts its cost).
 */
function passPoints(c: SchedCtx, points: number, access: boolean): void {
  advance(c, points);
  abortIfStopped(c);
  if (mode === SchedMode.GIL) {
    if (access) return;
    const v = c.f64[HF.VCLOCK] ?? 0;
    if (v - (c.f64[HF.SLICE_START] ?? 0) < GIL_SWITCH_US) return;
    // Another thread waiting: one enabled besides the holder (which is in no wait here).
    if (candidates(c, false).length === 0) {
      newSlice(c);
      return;
    }
    switchTo(c, decide(c, true, true));
    return;
  }
  const left = (c.i32[H.SCHED_COUNTDOWN] ?? 0) - points;
  if (left > 0) {
    c.i32[H.SCHED_COUNTDOWN] = left;
    return;
  }
  c.i32[H.SCHED_COUNTDOWN] = 1 + (random(c) % (2 * SEEDED_MEAN_POINTS));
  switchTo(c, decide(c, true));
}

/** Whether this thread stops for the learner at each point (a `step` run before Finish). */
function stepping(c: SchedCtx): boolean {
  return mode === SchedMode.STEP && !finished(c.i32);
}

/**
 * A point of a `step` run: the thread says what it does next (`text`, at its current line) and
 * the learner (or a replayed decision) picks who takes the next step. `kind`, `obj`, `key`:
 * the same for the explorer's log (protocol/explore.ts).
 */
function stepPoint(c: SchedCtx, text: () => string, kind: OpKindCode, obj = 0, key = 0): void {
  c.f64[HF.VCLOCK] = (c.f64[HF.VCLOCK] ?? 0) + STEP_COST_US;
  abortIfStopped(c);
  computed = 0;
  // An exploration run never stops for the learner: nobody reads a description.
  const explore = exploring(c.i32);
  if (!explore || c.tracing) {
    const what = text();
    let line = 0;
    // A replayed decision that keeps this thread going needs no description: the thread is at
    // its next point before anyone could read it (a stack read per point would make Back slow).
    if (!explore && !replaysSelf(c.i32, c.tid)) {
      line = lineNow();
      describeNext(c.i32, c.slot, line, what);
    }
    // The step on the timeline: the thread's lane says what it is about to do.
    if (c.tracing) writeState(c.ring, 'running', 0, line, null, what, '');
  }
  stopAt(c.tid, kind, obj, key);
  switchTo(c, decide(c, true));
}

/** Whether this thread waits for the learner at its points now (a `step` run before Finish, not exploring). */
export function stepNow(): boolean {
  const c = sc;
  return c !== null && stepping(c) && !exploring(c.i32);
}

/** What a ready asyncio task would do when run (for the step controls; `line` reads the stack). */
export interface TaskStep {
  name: string;
  /** Its trace id (the timeline colours its lane by it). */
  id: number;
  what: string;
  line(): number;
}

/**
 * An asyncio loop is about to run a task step, and `n` tasks are ready (the first is the one
 * CPython runs next): a scheduling point. In a `step` run the thread offers each task to the
 * learner (described by `describe(k)` when someone may read it); returns the one chosen (0
 * outside step mode, after Finish and in an exploration, which keeps asyncio's order).
 */
export function taskPoint(n: number, describe: (k: number) => TaskStep): number {
  const c = sc;
  if (c === null || !det) return 0;
  if (!stepping(c)) {
    passPoints(c, 1, false);
    return 0;
  }
  const say = (t: TaskStep): string => `${t.name}: ${t.what}`;
  if (exploring(c.i32)) {
    stepPoint(c, () => say(describe(0)), OpKind.OTHER);
    return 0;
  }
  offerTasks(c.i32, c.slot, n, replaysSelf(c.i32, c.tid), (k) => {
    const t = describe(k);
    return { name: t.name, id: t.id, what: t.what, line: t.line() };
  });
  stepPoint(c, () => say(describe(0)), OpKind.OTHER);
  const k = takeAlternative(c.i32, c.slot);
  // The timeline says which task the learner chose when it is not the loop's first.
  if (k !== 0 && c.tracing) writeState(c.ring, 'running', 0, 0, null, say(describe(k)), '');
  return k;
}

/**
 * A runtime operation's scheduling point (acquire, release, put, print, …): `verb` and the
 * object it acts on (its heap address; 0: none) say what it is in step mode (`acquire Lock#1`).
 */
export function opPoint(verb: string, obj = 0): void {
  const c = sc;
  if (c === null || !det) return;
  if (stepping(c)) stepPoint(c, () => (obj === 0 ? verb : `${verb} ${programName(c.i32, obj)}`), OpKind.OTHER, obj);
  else passPoints(c, 1, false);
}

/**
 * A read or a write of a `shared()` field or a `Value`/`Array` item: the record at `addr`,
 * its field `key` (a name, or an Array index).
 */
export function accessPoint(write: boolean, addr: number, key: string | number): void {
  const c = sc;
  if (c === null || !det) return;
  if (!stepping(c)) {
    passPoints(c, 1, true);
    return;
  }
  const at = typeof key === 'number' ? `[${key}]` : `.${key}`;
  stepPoint(c, () => `${write ? 'write' : 'read'} ${programName(c.i32, addr)}${at}`, write ? OpKind.WRITE : OpKind.READ, addr, keyCode(key));
}

/** How many compiler points may pass before the program calls `point()` (the next `__pc`). */
function budget(c: SchedCtx): number {
  let b: number;
  if (mode === SchedMode.GIL) {
    const used = (c.f64[HF.VCLOCK] ?? 0) - (c.f64[HF.SLICE_START] ?? 0);
    b = Math.ceil((GIL_SWITCH_US - used) / POINT_COST_US) - 1;
  } else if (stepping(c)) {
    b = Math.min(MAX_BUDGET, STEP_COMPUTE_POINTS - computed) - 1;
  } else {
    b = (c.i32[H.SCHED_COUNTDOWN] ?? 1) - 1;
  }
  handed = Math.max(0, Math.min(MAX_BUDGET, b));
  return handed;
}

/** `__rt.pointBudget()`: the program's first `__pc` (Infinity in a parallel run: no calls). */
export function pointBudget(): number {
  const c = sc;
  if (c === null || !det) return Infinity;
  return budget(c);
}

/** `__rt.point()`: the program's `__pc` ran out: `handed + 1` compiler points have passed. */
export function point(): number {
  const c = sc;
  if (c === null || !det) return Infinity;
  if (stepping(c)) {
    computed += handed + 1;
    if (computed < STEP_COMPUTE_POINTS) {
      advance(c, handed + 1);
      abortIfStopped(c);
    } else {
      stepPoint(c, () => 'compute', OpKind.COMPUTE);
    }
  } else {
    passPoints(c, handed + 1, false);
  }
  return budget(c);
}

/** `step` mode: what the thread's current (or next) wait is, in words (setState's `what`), and its line. */
let waitText = '';
let waitLine = 0;

/**
 * The thread is about to block or sleep (`what`: setState's words, e.g. `acquire`, `sleep 1`,
 * `join Thread-1`; `obj`: what on): kept for the step controls, which list blocked threads with
 * what they wait for. A one-word `what` gets the object's name (`acquire Lock#1`).
 */
export function noteWait(what: string, obj: number, line?: number): void {
  const c = sc;
  if (c === null || !stepping(c)) return;
  waitText = obj !== 0 && !what.includes(' ') ? `${what} ${programName(c.i32, obj)}` : what;
  waitLine = line ?? lineNow();
}

/**
 * A wait of the deterministic modes, standing in for `futexWait` (same contract): the thread
 * records what it waits for (word, value, virtual deadline) and hands the token on until the
 * word changes or the deadline comes. `deadline`: program ms on the virtual clock (deadlineFor).
 */
export function detWait(index: number, expected: number, deadline: number, mark: (index: number, expected: number) => void): boolean {
  const c = sc;
  if (c === null) throw new Error('detWait outside a deterministic run');
  const i32 = c.i32;
  const dl = deadline === Infinity ? Infinity : deadline * 1000;
  c.f64[deadlineIndex(c.tid)] = dl;
  mark(index, expected);
  if (stepping(c) && !exploring(i32)) describeNext(i32, c.slot, waitLine, waitText || 'wait');
  try {
    for (;;) {
      abortIfStopped(c);
      if (Atomics.load(i32, index) !== expected) return true;
      // A wait always offers the token, even one already due (`sleep(0)` yields, as in CPython).
      stopAt(c.tid, OpKind.WAIT, index);
      const next = decide(c, (c.f64[HF.VCLOCK] ?? 0) >= dl);
      if (next === c.tid) {
        // Only chosen when due: the wait timed out, and the thread goes on without a hand-off.
        newSlice(c);
        return timedOut(c);
      }
      if (next === 0) {
        idle(c, index, expected);
        continue;
      }
      give(c, next);
      waitTurn(c);
      // Chosen again because the word changed or the deadline came; a word that changed and
      // changed back is a spurious wake-up, which futexWait's callers re-check.
      return Atomics.load(i32, index) !== expected || (c.f64[HF.VCLOCK] ?? 0) < dl || timedOut(c);
    }
  } finally {
    mark(-1, 0);
    c.f64[deadlineIndex(c.tid)] = Infinity;
  }
}

/**
 * A wait ends at its deadline: its wake-up is a point (it costs POINT_COST_US). The clock may
 * have jumped exactly to the deadline, and the program's clocks, read in seconds, could then
 * show a whole timeout less a rounding error (`monotonic() - t0` 0.29999999999999993 after a
 * 0.3 s timeout); one point later they are past it. Returns false (futexWait's "timed out").
 */
function timedOut(c: SchedCtx): false {
  advance(c, 1);
  return false;
}

/**
 * Nobody can run and no deadline is pending: drop the token and sleep on our own word as a
 * parallel run would (the deadlock detector reports it; only the page could still change a
 * word, e.g. a process it ended). Whoever wakes first takes the token back.
 */
function idle(c: SchedCtx, index: number, expected: number): void {
  const i32 = c.i32;
  dropToken(c);
  while (Atomics.load(i32, index) === expected) {
    Atomics.wait(i32, index, expected, SLICE_MS);
    abortIfStopped(c);
  }
  if (Atomics.compareExchange(i32, H.SCHED_TOKEN, 0, c.tid) !== 0) waitTurn(c);
  else {
    newSlice(c);
    traceHolder(c, c.tid);
  }
}

/** The thread has ended (its slot says DONE/CRASHED): the token goes to whoever is next. */
export function endThread(): void {
  const c = sc;
  if (c === null || !det) return;
  dropDescription(c.i32, c.slot);
  stopAt(c.tid, OpKind.END);
  const next = decide(c, false);
  if (next !== 0) give(c, next);
  else dropToken(c);
}

/** Nobody can run: the token is nobody's (an exploration run tells the page at once). */
function dropToken(c: SchedCtx): void {
  traceHolder(c, null);
  Atomics.store(c.i32, H.SCHED_TOKEN, 0);
  if (exploring(c.i32)) signalIdle(c.i32);
}

/** A shared field's name as an int for the explorer's log (FNV-1a of its UTF-16 units); an item's index as is. */
function keyCode(key: string | number): number {
  if (typeof key === 'number') return key;
  let h = FNV_OFFSET;
  for (let k = 0; k < key.length; k++) h = fnv1a(h, key.charCodeAt(k));
  return h | 0;
}
