/**
 * Trace records: what a worker writes into its trace ring (protocol/ring.ts) and the raw events
 * the page decodes from them. Each record kind is defined once, here, in one section: the event
 * the page sees, its payload words, its typed writer (what the runtime calls) and its decoder
 * (what `drainRing` dispatches to by kind). Adding a field is a change to one section (plus the
 * writer's callers and the timeline's readers); adding a kind is a new section, a code in `Ev`
 * and a line in `decoders` (ARCHITECTURE.md, "Raw trace events").
 *
 * Every event carries `seq` (a run-wide sequence number taken with `Atomics.add`, so events of
 * different threads have one total order) and `t` (microseconds since the run started, wall
 * clock of the page; multiply by the run's speed factor for program time).
 *
 * Hot paths are not logged one by one: an uncontended lock acquire only bumps a counter, and
 * counters reach the page as `counter` events. Blocking, waking and contention are logged.
 *
 * Writers take their fields as arguments and write them straight into the ring: no event
 * object, no argument arrays (they run on the runtime's contended paths).
 */
import { readStringAt, stringWords, writeStringAt } from './heap';
import { AsyncioObjType, ObjType, SCHED_OBJ_TYPE } from './memory-layout';

/**
 * Record kind codes (a record's first word: kind | (length in words << 8), memory-layout.ts RING).
 * PAD is the ring's filler before a wrap-around, not a record.
 */
export const Ev = {
  PAD: 0,
  THREAD: 1,
  STATE: 2,
  OBJ: 3,
  HOLD: 4,
  GAUGE: 5,
  WAKE: 6,
  PRINT: 7,
  TASK: 8,
  COUNTER: 9,
  DROPPED: 10,
  WARN: 11,
} as const;

/** What a record may cost the thread writing it, decided by its kind (and for STATE its state). */
export const Delivery = {
  /** Detail: written only while the run traces, dropped (and counted) when the ring is full. */
  OPTIONAL: 0,
  /** Written with tracing off too (the page needs it: threads, ends); dropped when full. */
  ESSENTIAL: 1,
  /** Never dropped: the writer waits for the page to drain a full ring (printed text). */
  LOSSLESS: 2,
} as const;
export type Delivery = (typeof Delivery)[keyof typeof Delivery];

/** Where a writer puts its record: a thread's trace ring (`RingWriter`, protocol/ring.ts). */
export interface TraceOut {
  readonly i32: Int32Array;
  /** The run's tracing option (off: only ESSENTIAL and LOSSLESS records are written). */
  readonly tracing: boolean;
  /**
   * Reserves a record of `kind` with `words` payload words and stamps it (sequence number,
   * time). Returns the payload's Int32 index, or -1 when the record is not to be written.
   */
  open(kind: number, words: number, delivery: Delivery): number;
  /** Publishes the record opened last. */
  commit(): void;
}

/** Decodes the payload at Int32 index `p` of a record of thread `tid`. */
type Decoder = (i32: Int32Array, p: number, seq: number, t: number, tid: number) => TraceEvent;

/** The Int32 index just past the string written at `at` (heap.ts `writeStringAt`). */
function afterString(i32: Int32Array, at: number): number {
  return at + 1 + (((i32[at] ?? 0) + 1) >> 1);
}

/** A lane's state. `ready` is for asyncio tasks waiting in the loop's ready queue. */
export type LaneState = 'running' | 'ready' | 'blocked' | 'sleeping' | 'done' | 'crashed';

/** Kinds of runtime object that get a row or appear in "blocked on …". */
export type ObjectType =
  | 'Lock'
  | 'RLock'
  | 'Condition'
  | 'Semaphore'
  | 'BoundedSemaphore'
  | 'Event'
  | 'Barrier'
  | 'Queue'
  | 'Thread'
  | 'Process'
  | 'Future'
  | 'Pool'
  | 'EventLoop'
  | 'Value'
  | 'Array'
  | 'asyncio.Lock'
  | 'asyncio.Event'
  | 'asyncio.Condition'
  | 'asyncio.Semaphore'
  | 'asyncio.Queue'
  | 'asyncio.Future'
  | 'asyncio.Task'
  /** The deterministic scheduler's run token (memory-layout.ts SCHED_OBJ): `GIL` or `CPU`. */
  | 'GIL';

interface Base {
  seq: number;
  /** Microseconds since the run started (page clock). */
  t: number;
}

// ---- THREAD: tid, parent (0: none), pid, kind (0 main, 1 thread, 2 process), daemon; name ----

/** A thread or process came into being. `parent` is the tid that started it. */
export interface ThreadEvent extends Base {
  k: 'thread';
  tid: number;
  name: string;
  kind: 'main' | 'thread' | 'process';
  parent: number | null;
  /** The process id the thread belongs to (MainThread's process is 1). */
  pid: number;
  daemon: boolean;
}

export function writeThread(
  out: TraceOut,
  tid: number,
  parent: number | null,
  pid: number,
  kind: ThreadEvent['kind'],
  daemon: boolean,
  name: string,
): void {
  const p = out.open(Ev.THREAD, 5 + stringWords(name), Delivery.ESSENTIAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = tid;
  i32[p + 1] = parent ?? 0;
  i32[p + 2] = pid;
  i32[p + 3] = kind === 'main' ? 0 : kind === 'process' ? 2 : 1;
  i32[p + 4] = daemon ? 1 : 0;
  writeStringAt(i32, p + 5, name);
  out.commit();
}

function decodeThread(i32: Int32Array, p: number, seq: number, t: number): ThreadEvent {
  const kind = i32[p + 3] ?? 0;
  return {
    k: 'thread',
    seq,
    t,
    tid: i32[p] ?? 0,
    parent: i32[p + 1] || null,
    pid: i32[p + 2] ?? 0,
    kind: kind === 0 ? 'main' : kind === 2 ? 'process' : 'thread',
    daemon: i32[p + 4] === 1,
    name: readStringAt(i32, p + 5),
  };
}

// ---- STATE: state (laneStates index), obj, line, timeout (µs, -1: none); what, error ----

/** A lane changed state. `obj` names what it blocks on; `line` is the program's source line. */
export interface StateEvent extends Base {
  k: 'state';
  tid: number;
  state: LaneState;
  obj?: number;
  /** What the thread waits for, in words (e.g. "acquire", "join Thread-1", "get"). */
  what?: string;
  line?: number;
  /** Timeout in program seconds when the block has one. */
  timeout?: number;
  /** For `crashed`: the exception's one-line summary. */
  error?: string;
}

/** Lane states by their code in a STATE record. */
export const laneStates = ['running', 'ready', 'blocked', 'sleeping', 'done', 'crashed'] as const satisfies readonly LaneState[];
const laneStateCodes = Object.fromEntries(laneStates.map((s, code) => [s, code])) as Record<LaneState, number>;
const LANE_DONE = laneStateCodes.done;

/**
 * The writing thread's lane is now `state` (`obj` 0, `line` 0, `what` and `error` '': none;
 * `timeout` in program seconds). A lane's end is written with tracing off too, and so is an
 * `essential` state: a thread's first `running`, which ends the `ready` its lane opens with.
 */
export function writeState(
  out: TraceOut,
  state: LaneState,
  obj: number,
  line: number,
  timeout: number | null | undefined,
  what: string,
  error: string,
  essential = false,
): void {
  const code = laneStateCodes[state];
  const words = 4 + stringWords(what) + stringWords(error);
  const p = out.open(Ev.STATE, words, essential || code >= LANE_DONE ? Delivery.ESSENTIAL : Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = code;
  i32[p + 1] = obj;
  i32[p + 2] = line;
  i32[p + 3] = timeout !== undefined && timeout !== null && Number.isFinite(timeout) ? Math.round(timeout * 1e6) : -1;
  writeStringAt(i32, p + 4 + writeStringAt(i32, p + 4, what), error);
  out.commit();
}

function decodeState(i32: Int32Array, p: number, seq: number, t: number, tid: number): StateEvent {
  const e: StateEvent = { k: 'state', seq, t, tid, state: laneStates[i32[p] ?? 0] ?? 'running' };
  const obj = i32[p + 1] ?? 0;
  const line = i32[p + 2] ?? 0;
  const timeout = i32[p + 3] ?? -1;
  const what = readStringAt(i32, p + 4);
  const error = readStringAt(i32, afterString(i32, p + 4));
  if (obj) e.obj = obj;
  if (line) e.line = line;
  if (timeout >= 0) e.timeout = timeout / 1e6;
  if (what) e.what = what;
  if (error) e.error = error;
  return e;
}

// ---- OBJ: obj, type (memory-layout.ts ObjType / AsyncioObjType), capacity (0: none); name ----

/** A runtime object was created. `name` is its display name, e.g. `Lock#1`. */
export interface ObjectEvent extends Base {
  k: 'obj';
  obj: number;
  type: ObjectType;
  name: string;
  /** Creating thread. */
  tid: number;
  /** Capacity where it has one: semaphore value, queue maxsize, barrier parties. */
  capacity?: number;
}

export function writeObj(out: TraceOut, obj: number, type: number, capacity: number, name: string): void {
  const p = out.open(Ev.OBJ, 3 + stringWords(name), Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = obj;
  i32[p + 1] = type;
  i32[p + 2] = capacity;
  writeStringAt(i32, p + 3, name);
  out.commit();
}

function decodeObj(i32: Int32Array, p: number, seq: number, t: number, tid: number): ObjectEvent {
  const e: ObjectEvent = { k: 'obj', seq, t, obj: i32[p] ?? 0, type: objectType(i32[p + 1] ?? 0), name: readStringAt(i32, p + 3), tid };
  const capacity = i32[p + 2] ?? 0;
  if (capacity) e.capacity = capacity;
  return e;
}

/**
 * Trace object types by code: the heap records of memory-layout.ts that the timeline draws (Lock …
 * Array) and the asyncio ones. Other codes (shared records, locals…) decode as a Lock.
 */
const objectTypes: Record<number, ObjectType> = Object.fromEntries([
  ...Object.entries(ObjType)
    .filter(([, code]) => code <= ObjType.Array)
    .map(([name, code]) => [code, name as ObjectType]),
  ...Object.entries(AsyncioObjType).map(([name, code]) => [code, name as ObjectType]),
  [SCHED_OBJ_TYPE, 'GIL'],
]);

function objectType(code: number): ObjectType {
  return objectTypes[code] ?? 'Lock';
}

// ---- HOLD: obj, holder (0: none) ----

/** Lock-like ownership changed: `holder` took it (null: released). Logged on contention. */
export interface HoldEvent extends Base {
  k: 'hold';
  obj: number;
  holder: number | null;
}

export function writeHold(out: TraceOut, obj: number, holder: number | null): void {
  const p = out.open(Ev.HOLD, 2, Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = obj;
  i32[p + 1] = holder ?? 0;
  out.commit();
}

function decodeHold(i32: Int32Array, p: number, seq: number, t: number): HoldEvent {
  return { k: 'hold', seq, t, obj: i32[p] ?? 0, holder: i32[p + 1] || null };
}

// ---- GAUGE: obj, value ----

/** A numeric gauge of an object changed: permits in use, queue length, arrivals, event flag. */
export interface GaugeEvent extends Base {
  k: 'gauge';
  obj: number;
  value: number;
}

export function writeGauge(out: TraceOut, obj: number, value: number): void {
  const p = out.open(Ev.GAUGE, 2, Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = obj;
  i32[p + 1] = value;
  out.commit();
}

function decodeGauge(i32: Int32Array, p: number, seq: number, t: number): GaugeEvent {
  return { k: 'gauge', seq, t, obj: i32[p] ?? 0, value: i32[p + 1] ?? 0 };
}

// ---- WAKE: from, to, obj, fromT (µs, uint32); what ----

/**
 * Causality: thread `from` did something (release, notify, set, put, call_soon_threadsafe…) at
 * time `fromT` that woke `to`. Drawn as an arrow.
 */
export interface WakeEvent extends Base {
  k: 'wake';
  from: number;
  to: number;
  obj: number;
  /** The `t` of the waker's action (the arrow's tail). */
  fromT: number;
  what: string;
}

/**
 * Thread `from` woke thread `to` through `obj` at time `fromT` (`what`: e.g. 'put → get').
 * Nothing is written when no other thread was the waker (`from` 0, or `to` itself).
 */
export function writeWake(out: TraceOut, from: number, to: number, obj: number, fromT: number, what: string): void {
  if (from === 0 || from === to) return;
  const p = out.open(Ev.WAKE, 4 + stringWords(what), Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = from;
  i32[p + 1] = to;
  i32[p + 2] = obj;
  i32[p + 3] = fromT;
  writeStringAt(i32, p + 4, what);
  out.commit();
}

function decodeWake(i32: Int32Array, p: number, seq: number, t: number): WakeEvent {
  return {
    k: 'wake',
    seq,
    t,
    from: i32[p] ?? 0,
    to: i32[p + 1] ?? 0,
    obj: i32[p + 2] ?? 0,
    fromT: (i32[p + 3] ?? 0) >>> 0,
    what: readStringAt(i32, p + 4),
  };
}

// ---- PRINT: stream (0 stdout, 1 stderr), line (0: unknown); text ----

/** One printed line (a print with newlines gives one event per line), or a warning (WARN below). */
export interface PrintEvent extends Base {
  k: 'print';
  tid: number;
  stream: 'stdout' | 'stderr' | 'warning';
  text: string;
  line?: number;
  /** A `warning` line's detector and the other access or place it names (docs/diagnostics.md). */
  warning?: WarningInfo;
}

/** One printed line: never dropped (a full ring makes the printer wait for the page). */
export function writePrint(out: TraceOut, stream: 'stdout' | 'stderr', line: number, text: string): void {
  const p = out.open(Ev.PRINT, 2 + stringWords(text), Delivery.LOSSLESS);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = stream === 'stderr' ? 1 : 0;
  i32[p + 1] = line;
  writeStringAt(i32, p + 2, text);
  out.commit();
}

function decodePrint(i32: Int32Array, p: number, seq: number, t: number, tid: number): PrintEvent {
  const e: PrintEvent = { k: 'print', seq, t, tid, stream: i32[p] === 1 ? 'stderr' : 'stdout', text: readStringAt(i32, p + 2) };
  const line = i32[p + 1] ?? 0;
  if (line) e.line = line;
  return e;
}

// ---- WARN: kind (warningKinds index), line, other tid (0: none), other line, other t (µs); text ----

/** Which detector wrote a warning (docs/diagnostics.md). */
export type WarningKind = 'race' | 'lock-order' | 'asyncio';
const warningKinds: readonly WarningKind[] = ['race', 'lock-order', 'asyncio'];

/** A warning's detector, and the earlier event it pairs this one with (a race's other access). */
export interface WarningInfo {
  kind: WarningKind;
  other?: { tid: number; line: number; t: number };
}

/**
 * A diagnostic (a data race, a lock-order cycle, an asyncio mistake): decoded as a `print` on
 * the `warning` stream, so the console, the timeline's markers and the exports carry it as a
 * line of its own, never mixed into stdout or stderr. Never dropped, as printed text.
 */
export function writeWarning(out: TraceOut, kind: WarningKind, line: number, text: string, other?: WarningInfo['other']): void {
  const p = out.open(Ev.WARN, 5 + stringWords(text), Delivery.LOSSLESS);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = warningKinds.indexOf(kind);
  i32[p + 1] = line;
  i32[p + 2] = other?.tid ?? 0;
  i32[p + 3] = other?.line ?? 0;
  i32[p + 4] = other?.t ?? 0;
  writeStringAt(i32, p + 5, text);
  out.commit();
}

function decodeWarn(i32: Int32Array, p: number, seq: number, t: number, tid: number): PrintEvent {
  const warning: WarningInfo = { kind: warningKinds[i32[p] ?? 0] ?? 'race' };
  const otherTid = i32[p + 2] ?? 0;
  if (otherTid) warning.other = { tid: otherTid, line: i32[p + 3] ?? 0, t: (i32[p + 4] ?? 0) >>> 0 };
  const e: PrintEvent = { k: 'print', seq, t, tid, stream: 'warning', text: readStringAt(i32, p + 5), warning };
  const line = i32[p + 1] ?? 0;
  if (line) e.line = line;
  return e;
}

// ---- TASK: task, state (taskStates index), parentTask (-1: none, 0: the loop), line; name, what ----

/** asyncio task lifecycle, drawn as a sub-lane of the thread `tid` running its loop. */
export interface TaskEvent extends Base {
  k: 'task';
  tid: number;
  task: number;
  name: string;
  state: 'created' | 'ready' | 'running' | 'waiting' | 'done' | 'cancelled' | 'failed';
  /** For `waiting`: what it awaits (e.g. "sleep 1", "Lock#2", "Task-3"). */
  what?: string;
  /** For `created`: the task (or null: the loop itself) that created it. */
  parentTask?: number | null;
  line?: number;
}

/** Task states by their code in a TASK record (runtime/host.ts TASK_CREATED …). */
export const taskStates = ['created', 'ready', 'running', 'waiting', 'done', 'cancelled', 'failed'] as const satisfies readonly TaskEvent['state'][];

/**
 * Task `task` is now in state `state` (a `taskStates` index). `parentTask` only with `created`
 * (null: the loop itself), otherwise undefined; `line` 0 and `name`, `what` '': none.
 */
export function writeTask(
  out: TraceOut,
  task: number,
  state: number,
  parentTask: number | null | undefined,
  line: number,
  name: string,
  what: string,
): void {
  const p = out.open(Ev.TASK, 4 + stringWords(name) + stringWords(what), Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = task;
  i32[p + 1] = state;
  i32[p + 2] = parentTask === undefined ? -1 : (parentTask ?? 0);
  i32[p + 3] = line;
  writeStringAt(i32, p + 4 + writeStringAt(i32, p + 4, name), what);
  out.commit();
}

function decodeTask(i32: Int32Array, p: number, seq: number, t: number, tid: number): TaskEvent {
  const e: TaskEvent = {
    k: 'task',
    seq,
    t,
    tid,
    task: i32[p] ?? 0,
    state: taskStates[i32[p + 1] ?? 0] ?? 'running',
    name: readStringAt(i32, p + 4),
  };
  const parent = i32[p + 2] ?? -1;
  const line = i32[p + 3] ?? 0;
  const what = readStringAt(i32, afterString(i32, p + 4));
  if (parent >= 0) e.parentTask = parent || null;
  if (line) e.line = line;
  if (what) e.what = what;
  return e;
}

// ---- COUNTER: obj, count; what ----

/** Counters of fast paths that were not logged one by one. */
export interface CounterEvent extends Base {
  k: 'counter';
  tid: number;
  obj: number;
  /** e.g. "acquire" (uncontended acquisitions since the last counter event of this pair). */
  what: string;
  count: number;
}

export function writeCounter(out: TraceOut, obj: number, count: number, what: string): void {
  const p = out.open(Ev.COUNTER, 2 + stringWords(what), Delivery.OPTIONAL);
  if (p < 0) return;
  const i32 = out.i32;
  i32[p] = obj;
  i32[p + 1] = count;
  writeStringAt(i32, p + 2, what);
  out.commit();
}

function decodeCounter(i32: Int32Array, p: number, seq: number, t: number, tid: number): CounterEvent {
  return { k: 'counter', seq, t, tid, obj: i32[p] ?? 0, count: i32[p + 1] ?? 0, what: readStringAt(i32, p + 2) };
}

// ---- DROPPED: count ----

/**
 * Detail was dropped because a ring was full; `count` events were summarized away. The page
 * makes these from the rings' drop counters (supervisor/limits.ts); the record is the same event
 * for a writer that summarizes its own losses.
 */
export interface DroppedEvent extends Base {
  k: 'dropped';
  tid: number;
  count: number;
}

export function writeDropped(out: TraceOut, count: number): void {
  const p = out.open(Ev.DROPPED, 1, Delivery.ESSENTIAL);
  if (p < 0) return;
  out.i32[p] = count;
  out.commit();
}

function decodeDropped(i32: Int32Array, p: number, seq: number, t: number, tid: number): DroppedEvent {
  return { k: 'dropped', seq, t, tid, count: i32[p] ?? 0 };
}

// ---- every kind ----

export type TraceEvent =
  | ThreadEvent
  | StateEvent
  | ObjectEvent
  | HoldEvent
  | GaugeEvent
  | WakeEvent
  | PrintEvent
  | TaskEvent
  | CounterEvent
  | DroppedEvent;

/** One decoder per record kind: a kind missing here does not compile. */
const decoders: Record<Exclude<keyof typeof Ev, 'PAD'>, Decoder> = {
  THREAD: decodeThread,
  STATE: decodeState,
  OBJ: decodeObj,
  HOLD: decodeHold,
  GAUGE: decodeGauge,
  WAKE: decodeWake,
  PRINT: decodePrint,
  TASK: decodeTask,
  COUNTER: decodeCounter,
  DROPPED: decodeDropped,
  WARN: decodeWarn,
};

/** Decoders by kind code (`drainRing` dispatches on a record's kind; unknown codes have none). */
export const recordDecoders: (Decoder | undefined)[] = [];
for (const [kind, decode] of Object.entries(decoders)) recordDecoders[Ev[kind as keyof typeof decoders]] = decode;

/** Everything the timeline needs to know about a run besides its events. */
export interface RunInfo {
  /** Program seconds per wall second. */
  speed: number;
  /** Page `performance.now()` at run start (ms). */
  startedAt: number;
  /** Wall microseconds since start at which the run ended, or null while running. */
  endedAt: number | null;
  /** The program's source, for tooltips and line highlights. */
  source: string;
  /**
   * The trace is timed on the run's virtual clock (a deterministic run): while it runs, the
   * timeline ends at its latest event rather than following the wall clock.
   */
  virtual?: boolean;
}
