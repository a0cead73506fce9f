/**
 * The layout of a run's SharedArrayBuffer. One buffer per run: a stopped run's workers may spin
 * on for seconds after `terminate()`, so buffers are never reused.
 *
 *   [0, HEADER_BYTES)                 header words (below)
 *   [THREADS_AT, HEAP_AT)             thread table: MAX_THREADS slots of SLOT_WORDS words
 *   [HEAP_AT, byteLength)             heap: runtime objects, strings, trace rings
 *
 * Addresses are byte offsets into the buffer, always multiples of 8; `addr >> 2` is the Int32
 * index and `addr >> 3` the Float64 index. An object's address is also its id (unique per run).
 */

const HEADER_BYTES = 1024;
/**
 * Threads and processes a run may start in all (each keeps its slot: handles and the timeline
 * name threads by tid). A finished thread gives back its ring, payload and worker; its slot is
 * 128 bytes. How many may be alive at once is a separate, smaller limit (H.MAX_LIVE).
 */
export const MAX_THREADS = 8192;
/**
 * Most threads that can wait on one Condition at once: at least the live-thread limit
 * (supervisor MAX_LIVE, 256; spawn() never allows more than this many alive).
 */
export const MAX_WAITERS = 512;
export const SLOT_WORDS = 32;
export const THREADS_AT = HEADER_BYTES;
export const HEAP_AT = THREADS_AT + MAX_THREADS * SLOT_WORDS * 4;

/** Header, Int32 indexes. */
export const H = {
  /** 1 once the run is stopped: every sliced wait checks it and unwinds. */
  ABORT: 0,
  /** Run-wide event sequence (Atomics.add), so events of all threads have one order. */
  SEQ: 1,
  /** Next thread id (Atomics.add). MainThread is 1. */
  NEXT_TID: 2,
  /** Allocator spin lock: 0 free, 1 taken. */
  HEAP_LOCK: 3,
  /** Allocator bump pointer (byte address of the first never-allocated byte). */
  HEAP_TOP: 4,
  /** Bumped (and notified) whenever a thread ends: shutdown and join-all waits watch it. */
  EXITS: 5,
  /** Live threads + processes (limit check). */
  LIVE: 6,
  /** Tracing: 1 on, 0 off (benchmarks measure its cost). */
  TRACING: 7,
  /** The page's "drained up to" heartbeat, bumped each drain: ring writers waiting for room watch it. */
  DRAINED: 8,
  /** Bytes of the heap in use, for the shared-memory limit. */
  HEAP_USED: 9,
  /** Next process number for `Process-N` names. */
  NEXT_PROCESS: 10,
  /** Next asyncio loop id. */
  NEXT_LOOP: 11,
  /** Limit: maximum live threads + processes. */
  MAX_LIVE: 12,
  /**
   * The lock-order detector's graph (runtime/threading/lock-graph.ts): heap address of its root
   * record, 0 until the first nested acquisition makes it (compare-and-swap).
   */
  LOCK_GRAPH: 13,
  /**
   * Rings of ended threads that the page has not freed yet (worker +1 as the thread ends, page
   * -1 as it frees). A start() that finds the heap full waits while this is above 0: a
   * thread-per-task loop can run ahead of a busy page, and must slow down, not fail.
   */
  RINGS_PENDING: 14,
  /**
   * The deterministic scheduler (runtime/core/sched.ts, issue 15; protocol/sched.ts lays these
   * out): SCHED_MODE is a SchedMode; SCHED_SEED the run's seed (uint32 as int32); SCHED_TOKEN
   * the tid allowed to run (0: nobody, every thread waits on its own futex word); SCHED_RNG the
   * PRNG state; SCHED_DECISIONS and SCHED_HASH count and digest the decisions taken;
   * SCHED_COUNTDOWN the points left before the seeded policy decides again. Only the token
   * holder writes them (plain stores; the hand-off's Atomics order them).
   */
  SCHED_MODE: 15,
  SCHED_SEED: 16,
  SCHED_TOKEN: 17,
  SCHED_RNG: 18,
  SCHED_DECISIONS: 19,
  SCHED_HASH: 20,
  SCHED_COUNTDOWN: 21,
  /**
   * Step mode (protocol/step.ts, runtime/core/step.ts). STEP_PAUSE counts the pauses: the
   * holder bumps it when it stops for the learner's choice (the candidates' T.STEP_CAND then
   * hold the new count); the page answers in STEP_CHOICE (a tid, or FINISH_CHOICE) and
   * notifies it. STEP_FORCED is the heap address of the decisions to replay first
   * (STEP_FORCED_N of them, STEP_FORCED_I consumed); STEP_FINISH 1: the seeded policy runs the
   * rest.
   */
  STEP_PAUSE: 22,
  STEP_CHOICE: 23,
  STEP_FORCED: 24,
  STEP_FORCED_N: 25,
  STEP_FORCED_I: 26,
  STEP_FINISH: 27,
  /** Head of the run's list of program names for objects (protocol/names.ts): 0 none. */
  NAMES: 28,
  /**
   * The run's detectors (docs/diagnostics.md): a bit per detector (DETECT_* below), 0: all off.
   * Written before the run starts, read once by each thread as it begins.
   */
  DETECT: 29,
  /**
   * The race detector's key → vector clock table (runtime/core/race.ts; 0 until MainThread
   * makes it), and 1 once the detector has gone quiet for the run (too many threads).
   */
  RACE_TABLE: 30,
  RACE_OFF: 31,
  /**
   * Parked workers: a stack (LIFO) of SPAWN_Q_LEN entries at SPAWN_Q, PARKED deep, under
   * SPAWN_MUTEX. Each entry is the heap address of the parked worker's own wake cell (one Int32:
   * 0 while parked, then the tid it is handed). A starter pops the top entry, stores the tid
   * in its cell and notifies that cell alone. LIFO: the worker whose thread ended last is still
   * warm (a worker idle for a while takes a millisecond or more to wake on this machine).
   * Without a parked worker, the starter asks the page instead (a `spawn` message).
   */
  SPAWN_MUTEX: 150,
  PARKED: 153,
  /** SPAWN_Q .. SPAWN_Q + SPAWN_Q_LEN - 1: the stack of parked workers' wake cells. */
  SPAWN_Q: 160,
  /**
   * The outcome explorer (protocol/explore.ts): EXPLORE_LOG is the heap address of the run's
   * decision log (0: not an exploration run), EXPLORE_CAP its size and EXPLORE_LEN the words
   * used (in Int32 words); EXPLORE_IDLE is bumped and notified when nobody can run (a
   * deadlock) or the log is full (EXPLORE_FULL 1).
   */
  EXPLORE_LOG: 240,
  EXPLORE_CAP: 241,
  EXPLORE_LEN: 242,
  EXPLORE_IDLE: 243,
  EXPLORE_FULL: 244,
  /**
   * Step mode: which of its ready asyncio tasks the thread just handed the token runs
   * (protocol/step.ts `choiceAlt`); that thread reads it as it takes the token, and clears it.
   */
  STEP_ALT: 245,
  /** Per object type naming counters (`Lock#1`, `Lock#2`): TYPE_COUNTERS + type code. */
  TYPE_COUNTERS: 32,
  /** Allocator free-list heads, one per size class: FREE_LISTS + class. */
  FREE_LISTS: 96,
} as const;

/** H.DETECT bits: which detectors a run has on (docs/diagnostics.md). */
export const Detect = {
  RACE: 1,
  LOCK_ORDER: 2,
  ASYNCIO: 4,
  ALL: 7,
} as const;

/** Header, Float64 indexes. */
export const HF = {
  /** Program seconds per wall second. */
  SPEED: 64,
  /** Run start as epoch milliseconds (performance.timeOrigin + performance.now() on the page). */
  T0_EPOCH_MS: 65,
  /** Program `time.time()` at start (epoch seconds). */
  START_TIME: 66,
  /** Deterministic modes: the run's virtual clock, program microseconds since the start. */
  VCLOCK: 67,
  /** `gil` mode: VCLOCK when the token holder took the token (its switch interval's start). */
  SLICE_START: 68,
} as const;

/** Thread table: slot `tid` starts at Int32 index `(THREADS_AT >> 2) + tid * SLOT_WORDS`. */
export const T = {
  /** ThreadState below. Written by the owner (and by the page when it kills a process). */
  STATE: 0,
  /** 1 from start() until the thread ends; join() waits for 0. */
  ALIVE: 1,
  /** Object address it is blocked on (0: none). */
  WAIT_OBJ: 2,
  /** WaitKind below. */
  WAIT_KIND: 3,
  /** 1 when the current block has a timeout (so it cannot be part of a deadlock). */
  TIMED: 4,
  /** Flags below. */
  FLAGS: 5,
  /** tid of the process main thread this thread belongs to (MainThread's process: 1). */
  PID: 6,
  /** tid of the thread that started it (0 for MainThread). */
  PARENT: 7,
  /** Bumped on every state change: the deadlock detector needs two equal readings. */
  ACTIVITY: 8,
  /** Address of this thread's trace ring. */
  RING: 9,
  /** Address of the thread's name (a heap string). */
  NAME: 10,
  /** Process exit code (valid when FLAGS has PROCESS and ALIVE is 0). */
  EXITCODE: 11,
  /** Private futex word for Condition waits: a notifier stores 1 and notifies. */
  WAKE: 12,
  /** Private futex word for sleep (never notified: sleeping is a timed wait). */
  SLEEP: 13,
  /** tid that last woke this thread (for the causality arrow), 0 if none. */
  WOKEN_BY: 14,
  /** Object address of the Thread/Process record, for handles. */
  OBJ: 15,
  /** Program line the thread is blocked at (for the deadlock message). */
  LINE: 16,
  /** On a process main slot: the process's `Thread-N` name counter (copied at fork, as CPython's). */
  NAME_COUNTER: 17,
  /** µs at which the thread ended (tail of the join arrow). */
  END_T: 18,
  /** µs at which a notifier woke this thread (tail of the notify arrow). */
  WAKE_T: 19,
  /** The process (pid) that started this thread or process: shutdown waits for its own. */
  OWNER: 20,
  /** Python's `Process-N` counter of this process's children. */
  CHILD_COUNTER: 21,
  /** Heap address of the encoded spawn payload (module snapshot + what to run). */
  PAYLOAD: 22,
  /**
   * 1 once the page killed this thread's process (terminate()/kill()). Chromium lets a
   * terminated busy worker run on for seconds: the runtime checks this word and unwinds.
   */
  KILLED: 23,
  /**
   * While the thread sleeps in a futex wait: the Int32 index of the word it waits on, plus one
   * (0: not waiting), and the value it waits to see change (FUTEX_VAL). A word that no longer
   * holds that value means a wake-up is on its way, however long the OS takes to run the
   * thread: the deadlock detector must not call it stuck (a loaded machine left a woken thread
   * unscheduled for more than two checks).
   */
  FUTEX: 24,
  FUTEX_VAL: 25,
  /**
   * 1 while a starter waits in `Thread.start()` for this thread's STATE to change: only then
   * does `setState` notify (a notify costs even with no waiter: a process-wide lock in Firefox).
   */
  STATE_WATCH: 26,
  /**
   * Deterministic modes: the thread's token cell. The token holder that hands the run to this
   * thread stores 1 here and notifies it; the thread waits on it while it is 0.
   */
  SCHED_CELL: 27,
  /**
   * Deterministic modes: the virtual deadline (program µs, a Float64 over words 28-29; Infinity:
   * none) of the timed wait the thread is in, so the scheduler can jump the clock to the first.
   */
  DEADLINE: 28,
  /** Step mode: the pause (H.STEP_PAUSE) at which this thread was a candidate for the next step. */
  STEP_CAND: 30,
  /** Step mode: heap address of what the thread does next, `[line, string]` (protocol/step.ts). */
  STEP_DESC: 31,
} as const;

/** Float64 index of thread `tid`'s virtual deadline (T.DEADLINE). */
export function deadlineIndex(tid: number): number {
  return (slotIndex(tid) + T.DEADLINE) >> 1;
}

/** How a run schedules its threads (docs/deterministic-runs.md; the URL's `sched`). */
export const SchedMode = {
  PARALLEL: 0,
  SEEDED: 1,
  GIL: 2,
  STEP: 3,
} as const;
export type SchedModeCode = (typeof SchedMode)[keyof typeof SchedMode];

export const SPAWN_Q_LEN = 64;

export const ThreadState = {
  FREE: 0,
  STARTING: 1,
  RUNNING: 2,
  BLOCKED: 3,
  SLEEPING: 4,
  DONE: 5,
  CRASHED: 6,
} as const;

export const ThreadFlag = {
  DAEMON: 1,
  PROCESS: 2,
  MAIN: 4,
  /** A pool/executor worker: its lane is drawn as such. */
  POOL: 8,
} as const;

export const WaitKind = {
  NONE: 0,
  ACQUIRE: 1,
  JOIN: 2,
  WAIT: 3,
  GET: 4,
  PUT: 5,
  SLEEP: 6,
  RESULT: 7,
  LOOP: 8,
  START: 9,
} as const;


/**
 * Object types: every runtime object in the heap starts with two words,
 * `[TYPE | (flags << 16), seqNo]` where seqNo is the per-type counter giving `Lock#seqNo`.
 */
export const ObjType = {
  Lock: 1,
  RLock: 2,
  Condition: 3,
  Semaphore: 4,
  BoundedSemaphore: 5,
  Event: 6,
  Barrier: 7,
  Queue: 8,
  Thread: 9,
  Process: 10,
  Future: 11,
  Pool: 12,
  EventLoop: 13,
  Value: 14,
  Array: 15,
  Shared: 16,
  Bytes: 17,
  Local: 18,
  Executor: 19,
  /** multiprocessing.Pipe: the channel both Connections of a pipe share. */
  Pipe: 20,
  /** One end of a Pipe as one process holds it (a fork gives the child its own). */
  Connection: 21,
  /** multiprocessing.Manager() and the records behind its proxies. */
  Manager: 22,
  ListProxy: 23,
  DictProxy: 24,
  ValueProxy: 25,
} as const;

export const objTypeNames: Record<number, string> = Object.fromEntries(
  Object.entries(ObjType).map(([k, v]) => [v, k]),
);

/** Trace type codes of asyncio objects (not heap records: they live in one thread's loop). */
export const AsyncioObjType = {
  'asyncio.Lock': 32,
  'asyncio.Event': 33,
  'asyncio.Condition': 34,
  'asyncio.Semaphore': 35,
  'asyncio.Queue': 36,
  'asyncio.Future': 37,
  'asyncio.Task': 38,
} as const;

/**
 * The deterministic scheduler's run token as the trace shows it: a lock-like pseudo-object
 * (type SCHED_OBJ_TYPE, id SCHED_OBJ, an address inside the header that no heap record can
 * have) whose holder is the thread allowed to run. Its row is named `GIL` in `gil` runs and
 * `CPU` in the other deterministic modes (one thread of the run executes at a time).
 */
export const SCHED_OBJ = 8;
export const SCHED_OBJ_TYPE = 40;

/** Display name of a record type and per-type number, e.g. `Lock#2`. */
export function objectDisplayName(type: number, seqNo: number): string {
  return `${objTypeNames[type] ?? 'Object'}#${seqNo}`;
}

/** Display name of the heap record at `addr` (its header holds the type and the number). */
export function objectName(i32: Int32Array, addr: number): string {
  return objectDisplayName((i32[addr >> 2] ?? 0) & 0xffff, i32[(addr >> 2) + 1] ?? 0);
}

/** Flag bit in an object's first word: created by `multiprocessing` (shared across processes). */
export const OBJ_MP = 1 << 16;

/**
 * Trace ring (single producer: the owning thread; single consumer: the page).
 * Ring header words at `addr >> 2`: [HEAD, TAIL, DROPPED, CAP]; data follows (CAP words).
 * HEAD and TAIL are free-running word counters (mod 2^32); a record never wraps: when it does not
 * fit before the end, the writer fills the rest with one PAD record and starts at 0.
 *
 * Record: w0 = kind | (lengthInWords << 8), w1 = seq, w2 = t (µs since run start, uint32), then
 * the kind's payload: int words, then strings as [length, UTF-16 code units two per word]. The
 * kinds (`Ev`) and each one's payload, writer and decoder are in trace.ts.
 */
export const RING = { HEAD: 0, TAIL: 1, DROPPED: 2, CAP: 3, DATA: 4 } as const;

/**
 * Default sizes.
 *
 * The heap stays under 64 MB on purpose: every worker that receives the run's memory counts it
 * as V8 external memory, and a fresh worker's first limit is 64 MB (heap plus external). At
 * 64 MB each program worker started a full GC as its thread began (1-5 ms pauses on the
 * threads and background marking on the cores they need, in a Chrome trace of the `lock`
 * scenario); at 48 MB none does. 255 live threads' trace rings (128 KB blocks) take 33 MB.
 */
export const DEFAULT_HEAP_BYTES = 48 * 1024 * 1024;
export const RING_WORDS_MAIN = 64 * 1024;
export const RING_WORDS_THREAD = 16 * 1024;

export function slotIndex(tid: number): number {
  return (THREADS_AT >> 2) + tid * SLOT_WORDS;
}
