/**
 * Raw trace events, as the supervisor decodes them from the workers' trace rings.
 *
 * Every event carries `seq` (a run-wide sequence number taken with `Atomics.add`, so events of
 * different threads have one total order) and `t` (microseconds since the run started, wall
 * clock of the page; multiply by the run's speed factor for program time).
 *
 * Hot paths are not logged one by one: an uncontended lock acquire only bumps a counter, and
 * counters reach the page as `counter` events. Blocking, waking and contention are logged.
 */

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
  | 'asyncio.Task';

interface Base {
  seq: number;
  /** Microseconds since the run started (page clock). */
  t: number;
}

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

/** Lock-like ownership changed: `holder` took it (null: released). Logged on contention. */
export interface HoldEvent extends Base {
  k: 'hold';
  obj: number;
  holder: number | null;
}

/** A numeric gauge of an object changed: permits in use, queue length, arrivals, event flag. */
export interface GaugeEvent extends Base {
  k: 'gauge';
  obj: number;
  value: number;
}

/**
 * Causality: thread `from` did something (release, notify, set, put, call_soon_threadsafe…) at
 * the time of the event with sequence `causeSeq` that woke `to`. Drawn as an arrow.
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

/** One printed line (a print with newlines gives one event per line). */
export interface PrintEvent extends Base {
  k: 'print';
  tid: number;
  stream: 'stdout' | 'stderr';
  text: string;
  line?: number;
}

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

/** Counters of fast paths that were not logged one by one. */
export interface CounterEvent extends Base {
  k: 'counter';
  tid: number;
  obj: number;
  /** e.g. "acquire" (uncontended acquisitions since the last counter event of this pair). */
  what: string;
  count: number;
}

/** Detail was dropped because a ring was full; `count` events were summarized away. */
export interface DroppedEvent extends Base {
  k: 'dropped';
  tid: number;
  count: number;
}

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
}
