/**
 * Run limits (docs/quality-bars.md "Limits, each with a clear message, never a hang"). The page side of
 * each limit lives here; the supervisor applies them:
 *
 * - live threads + processes: the runtime refuses the 257th with a catchable `RuntimeError`
 *   (`H.MAX_LIVE`, src/runtime/core/spawn.ts), as CPython raises `RuntimeError: can't start new
 *   thread`. The run goes on: the program may catch it.
 * - shared memory: when the heap is full the allocating call throws. The thread that hits it
 *   crashes with a `MemoryError: …` traceback and the run then ends as `limit` (`heapLimit()`),
 *   because the heap is shared: every other thread's next allocation would fail the same way, and
 *   a half-done runtime operation may have left its object unusable.
 * - trace size: the UI keeps at most `TRACE_CAP` events; past it the oldest half is folded into
 *   a summary (`TraceWindow`) and the UI gets the summary plus the recent half.
 * - console size: the store's ring keeps the last 20,000 lines and counts the rest.
 * - run time: after `timeLimit` wall seconds the UI asks "Stop or Keep running?"; with no answer
 *   within `TIME_LIMIT_GRACE_S` the run ends as `limit` (`RunClock`).
 */
import type { TraceEvent, StateEvent, TaskEvent } from '../protocol/trace';
import type { RunNote } from './run-notes';

/** Wall seconds before the first "still running?" question. */
export const DEFAULT_TIME_LIMIT_S = 30;
/** Wall seconds the question waits for an answer before the run is ended. */
export const TIME_LIMIT_GRACE_S = 20;
/** Most trace events the UI holds at once (the timeline's model is rebuilt from them). */
export const TRACE_CAP = 1_000_000;

// ---- run time --------------------------------------------------------------------------------

export type ClockVerdict = 'ok' | 'ask' | 'end';

/**
 * The run-time limit as a small state machine over wall time, so it is testable without timers.
 * `ask` is reported once per limit; `extend()` (the user said "Keep running") doubles the limit
 * measured from now; `end` comes when the question went unanswered for the grace period.
 */
export class RunClock {
  private deadlineMs: number;
  private askedAtMs: number | null = null;
  private limitS: number;

  constructor(
    startMs: number,
    limitS: number,
    private readonly graceS = TIME_LIMIT_GRACE_S,
  ) {
    this.limitS = limitS;
    this.deadlineMs = limitS > 0 ? startMs + limitS * 1000 : Infinity;
  }

  /** The limit that was (or will be) reached, in wall seconds since the last extension. */
  get currentLimitS(): number {
    return this.limitS;
  }

  get asking(): boolean {
    return this.askedAtMs !== null;
  }

  /** Wall ms when an unanswered question ends the run (Infinity when not asking). */
  get endsAtMs(): number {
    return this.askedAtMs === null ? Infinity : this.askedAtMs + this.graceS * 1000;
  }

  check(nowMs: number): ClockVerdict {
    if (this.askedAtMs !== null) return nowMs >= this.endsAtMs ? 'end' : 'ok';
    if (nowMs < this.deadlineMs) return 'ok';
    this.askedAtMs = nowMs;
    return 'ask';
  }

  /** The run waited `ms` for the learner (a step run's pause): that time does not count. */
  postpone(ms: number): void {
    if (this.askedAtMs === null) this.deadlineMs += ms;
  }

  extend(nowMs: number): void {
    this.limitS = Math.max(1, this.limitS) * 2;
    this.deadlineMs = nowMs + this.limitS * 1000;
    this.askedAtMs = null;
  }
}

/** The run ended because nobody answered the run-time question. */
export function timeLimitNote(elapsedS: number): RunNote {
  return { code: 'time-limit', seconds: Math.round(elapsedS) };
}

// ---- shared memory ---------------------------------------------------------------------------

/** How `HeapFullError` (src/protocol/heap.ts) reads in a traceback's last line. */
const HEAP_FULL_LINE = /^(?:__main__\.)?HeapFullError: (shared memory is full.*)$/;

/**
 * A traceback line naming the heap's internal error, as Python names the same condition. The
 * runtime formats a user-class-looking name as `__main__.HeapFullError`, which would point the
 * learner at their own code; Python's word for it is `MemoryError`.
 */
export function pythonMemoryLine(text: string): string | null {
  const m = HEAP_FULL_LINE.exec(text);
  return m ? `MemoryError: ${m[1]}` : null;
}

/** True when a lane crashed because the heap was full. */
export function isHeapCrash(ev: TraceEvent): boolean {
  return ev.k === 'state' && ev.state === 'crashed' && typeof ev.error === 'string' && ev.error.startsWith('HeapFullError');
}

/** The run ended because `thread` found the shared heap (`heapBytes`) full. */
export function heapLimitNote(heapBytes: number, thread: string): RunNote {
  return { code: 'heap-limit', thread, mb: Math.round(heapBytes / (1024 * 1024)) };
}

// ---- result lines --------------------------------------------------------------------------

/**
 * The last `cap` items, in a ring. `Array.prototype.shift()` on a 100,000-element array moves the
 * whole backing store once it lives in V8's large-object space: at one shift per printed line an
 * output flood cost seconds per drain and Stop waited behind them.
 */
export class LastLines<T> {
  private ring: T[] = [];
  private head = 0;

  constructor(private readonly cap: number) {}

  get length(): number {
    return this.ring.length;
  }

  push(item: T): void {
    if (this.ring.length < this.cap) this.ring.push(item);
    else {
      this.ring[this.head] = item;
      this.head = (this.head + 1) % this.cap;
    }
  }

  toArray(): T[] {
    return this.head === 0 ? this.ring.slice() : this.ring.slice(this.head).concat(this.ring.slice(0, this.head));
  }
}

// ---- trace size ------------------------------------------------------------------------------

/**
 * The events the UI holds, bounded. Events are appended as they are delivered; once more than
 * `cap` are held, the oldest ones are folded into a summary that keeps what the timeline needs to
 * draw the present correctly: every lane and object (their `thread`/`obj` events), each lane's
 * and task's latest state, each lock's latest holder and each gauge's latest value, counters
 * summed, and one `dropped` event per thread counting the detail that was summarized away
 * (state changes, wake arrows, prints: the console keeps its own lines). The kept events keep
 * their own times, so a lane blocked since t=5 s still draws blocked from 5 s on.
 *
 * Memory: the window holds references to the same objects the store holds, and the summary is
 * one entry per lane, task and object.
 */
export class TraceWindow {
  private recent: TraceEvent[] = [];
  private readonly threads = new Map<number, TraceEvent>();
  private readonly objects = new Map<number, TraceEvent>();
  private readonly lastState = new Map<number, StateEvent>();
  private readonly taskCreated = new Map<number, TaskEvent>();
  private readonly taskLast = new Map<number, TaskEvent>();
  private readonly lastHold = new Map<number, TraceEvent>();
  private readonly lastGauge = new Map<number, TraceEvent>();
  private readonly counters = new Map<string, TraceEvent & { k: 'counter' }>();
  private readonly droppedByTid = new Map<number, number>();
  /** Events folded into the summary so far. */
  summarized = 0;
  /** How many times the window was compacted. */
  compactions = 0;

  constructor(
    private readonly cap = TRACE_CAP,
    /** Finished tasks kept in the summary; older ones are counted only (their lanes go). */
    private readonly maxFinishedTasks = 50_000,
  ) {}

  get size(): number {
    return this.recent.length;
  }

  /**
   * Records delivered events. Returns the full replacement list when the window was compacted
   * (the UI must swap its events and rebuild its model from it), otherwise null.
   */
  push(events: readonly TraceEvent[]): TraceEvent[] | null {
    for (const e of events) this.recent.push(e);
    if (this.recent.length <= this.cap) return null;
    const cut = this.recent.length - Math.floor(this.cap / 2);
    for (let i = 0; i < cut; i++) this.fold(this.recent[i] as TraceEvent);
    this.recent = this.recent.slice(cut);
    this.compactions++;
    return this.snapshot().concat(this.recent);
  }

  /** The summary of everything folded so far, in sequence order. */
  snapshot(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const e of this.threads.values()) out.push(e);
    for (const e of this.objects.values()) out.push(e);
    for (const e of this.lastState.values()) out.push(e);
    for (const e of this.taskCreated.values()) out.push(e);
    for (const [task, e] of this.taskLast) if (this.taskCreated.get(task) !== e) out.push(e);
    for (const e of this.lastHold.values()) out.push(e);
    for (const e of this.lastGauge.values()) out.push(e);
    for (const e of this.counters.values()) out.push(e);
    out.sort((a, b) => a.seq - b.seq);
    // One `dropped` per thread, just before the recent window, so the timeline says how much
    // older detail it no longer shows.
    const last = out[out.length - 1];
    const first = this.recent[0];
    const seq = first ? first.seq - 0.5 : (last?.seq ?? 0) + 1;
    const t = first ? first.t : (last?.t ?? 0);
    for (const [tid, count] of this.droppedByTid) out.push({ k: 'dropped', seq, t, tid, count });
    return out;
  }

  private drop(tid: number, n = 1): void {
    this.droppedByTid.set(tid, (this.droppedByTid.get(tid) ?? 0) + n);
  }

  private fold(e: TraceEvent): void {
    this.summarized++;
    switch (e.k) {
      case 'thread':
        this.threads.set(e.tid, e);
        return;
      case 'obj':
        this.objects.set(e.obj, e);
        return;
      case 'state': {
        if (this.lastState.has(e.tid)) this.drop(e.tid);
        this.lastState.set(e.tid, e);
        return;
      }
      case 'task': {
        if (e.state === 'created' && !this.taskCreated.has(e.task)) {
          this.taskCreated.set(e.task, e);
          this.trimTasks();
        } else if (this.taskLast.has(e.task)) this.drop(e.tid);
        this.taskLast.set(e.task, e);
        return;
      }
      case 'hold':
        this.lastHold.set(e.obj, e);
        return;
      case 'gauge':
        this.lastGauge.set(e.obj, e);
        return;
      case 'counter': {
        const key = `${e.tid}:${e.obj}:${e.what}`;
        const c = this.counters.get(key);
        // A copy: the original object is still referenced by whoever received it.
        if (c) this.counters.set(key, { ...c, count: c.count + e.count, seq: e.seq, t: e.t });
        else this.counters.set(key, { ...e });
        return;
      }
      case 'dropped':
        this.drop(e.tid, e.count);
        return;
      case 'wake':
        this.drop(e.to);
        return;
      case 'print':
        this.drop(e.tid);
        return;
      default: {
        // A new record kind does not compile until the summary decides what to keep of it.
        const unhandled: never = e;
        return unhandled;
      }
    }
  }

  /** Keeps the summary's task count bounded for programs that create tasks forever. */
  private trimTasks(): void {
    if (this.taskCreated.size <= this.maxFinishedTasks * 2) return;
    let excess = this.taskCreated.size - this.maxFinishedTasks;
    for (const [task, created] of this.taskCreated) {
      if (excess <= 0) break;
      const last = this.taskLast.get(task);
      const finished = last && (last.state === 'done' || last.state === 'cancelled' || last.state === 'failed');
      if (!finished) continue;
      this.taskCreated.delete(task);
      this.taskLast.delete(task);
      this.drop(created.tid, 2);
      excess--;
    }
  }
}

// ---- deadlock on the timeline ----------------------------------------------------------------

export interface DeadlockEdge {
  /** The blocked thread. */
  tid: number;
  /** The object it waits for. */
  obj: number;
  /** The thread that holds it (or that it joins). */
  holder: number;
}

/**
 * Events that put a detected deadlock on the timeline through the ordinary trace stream: each
 * thread on the cycle gets a `blocked` state whose description is the cycle's message (its
 * tooltip names the cycle), and an arrow from the holder to the waiter for each edge.
 */
export function deadlockEvents(edges: readonly DeadlockEdge[], message: string, t: number, firstSeq: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  let seq = firstSeq;
  for (const e of edges) {
    out.push({ k: 'state', seq: seq++, t, tid: e.tid, state: 'blocked', obj: e.obj, what: message });
  }
  for (const e of edges) {
    out.push({ k: 'wake', seq: seq++, t, from: e.holder, to: e.tid, obj: e.obj, fromT: t, what: 'deadlock: waits for it' });
  }
  return out;
}
