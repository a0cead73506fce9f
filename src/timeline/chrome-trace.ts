/**
 * Export of a run's raw trace as Chrome trace-event JSON (the "JSON Object Format" that
 * chrome://tracing and Perfetto open).
 *
 * Mapping:
 * - `M` metadata names every process (`pid` = the Python process; 1 is MainProcess) and thread.
 * - Thread states become `X` complete events (never `B`/`E`, so nothing can be left unpaired);
 *   `done` is not a span (the thread no longer exists), `crashed` is an instant with the error.
 * - Prints are thread-scoped `i` instants.
 * - Wake arrows are flow events: `s` on the waker at its action, `f` with `bp: 'e'` on the woken
 *   thread, bound to the slice that encloses it (the woken thread's next state).
 * - asyncio tasks are async events (`b`/`e`, cat `asyncio`, id = task): one slice for the task's
 *   life, with nested slices for its states.
 * - Lock holders are async slices per lock (cat `lock`), so each lock gets a track.
 * - Gauges (permits in use, queue length, arrivals, event flag) are `C` counters, as are the
 *   fast-path counts and dropped events.
 *
 * Timestamps are program microseconds (wall µs × speed), matching what the program's own clock
 * says; `displayTimeUnit` is ms.
 */
import type {
  CounterEvent,
  DroppedEvent,
  GaugeEvent,
  HoldEvent,
  LaneState,
  PrintEvent,
  RunInfo,
  StateEvent,
  TaskEvent,
  ThreadEvent,
  TraceEvent,
  WakeEvent,
} from '../protocol/trace';

export interface ChromeTraceEvent {
  name: string;
  ph: 'M' | 'X' | 'i' | 's' | 'f' | 'b' | 'e' | 'n' | 'C';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  /** Flow end binding: 'e' binds to the enclosing slice. */
  bp?: 'e';
  /** Instant scope: thread. */
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  metadata?: Record<string, unknown>;
}

/** A thread state being written: it becomes one `X` event when the next state starts. */
interface OpenState {
  state: LaneState;
  start: number;
  obj?: number;
  what?: string;
  line?: number;
}

/** An asyncio task's open async slice. */
interface OpenTask {
  pid: number;
  tid: number;
  name: string;
  /** Name of the open nested state slice, or null. */
  nested: string | null;
}

const GAUGE_SERIES: Record<string, string> = {
  Semaphore: 'in use',
  BoundedSemaphore: 'in use',
  'asyncio.Semaphore': 'in use',
  Queue: 'length',
  'asyncio.Queue': 'length',
  Barrier: 'arrivals',
  Event: 'set',
  'asyncio.Event': 'set',
};

/** Chrome trace-event JSON of a run's raw events (in `seq` order). */
export function toChromeTrace(events: readonly TraceEvent[], info: RunInfo): ChromeTrace {
  const run = new RunIndex(events, info);
  const writer = new TraceWriter(run);
  for (const e of events) writer.add(e);
  writer.closeAll();
  return {
    traceEvents: [...metadataEvents(run, writer.seenTids), ...writer.out],
    displayTimeUnit: 'ms',
    metadata: writer.summary(),
  };
}

/** Pass 1: who is who (names may arrive after a thread's first mention), and when the run ended. */
class RunIndex {
  readonly speed: number;
  readonly threads = new Map<number, { pid: number; name: string; kind: string; order: number }>();
  private readonly objects = new Map<number, { name: string; type: string; tid: number }>();
  private readonly taskThread = new Map<number, number>();
  /** Where what is still open at the end closes. */
  readonly end: number;

  constructor(events: readonly TraceEvent[], info: RunInfo) {
    this.speed = info.speed > 0 ? info.speed : 1;
    let maxT = 0;
    for (const e of events) {
      if (e.t > maxT) maxT = e.t;
      if (e.k === 'thread') {
        this.threads.set(e.tid, { pid: e.pid, name: e.name, kind: e.kind, order: this.threads.size });
      } else if (e.k === 'obj') {
        this.objects.set(e.obj, { name: e.name, type: e.type, tid: e.tid });
      } else if (e.k === 'task' && !this.taskThread.has(e.task)) {
        this.taskThread.set(e.task, e.tid);
      }
    }
    this.end = Math.max(maxT, info.endedAt ?? 0);
  }

  /** Program microseconds (wall µs × speed), to the nanosecond. */
  ts(t: number): number {
    return Math.round(t * this.speed * 1000) / 1000;
  }

  pidOf(tid: number): number {
    return this.threads.get(tid)?.pid ?? 1;
  }

  threadName(tid: number): string {
    return this.threads.get(tid)?.name ?? `Thread ${tid}`;
  }

  objName(id: number): string {
    return this.objects.get(id)?.name ?? `#${id}`;
  }

  objType(id: number): string {
    return this.objects.get(id)?.type ?? '';
  }

  /** The thread that created an object, if known. */
  objTid(id: number): number | undefined {
    return this.objects.get(id)?.tid;
  }

  /**
   * asyncio objects name tasks as actors; Chrome tracks are threads, so a task maps to its
   * loop's thread.
   */
  actorTid(obj: number, id: number): number {
    if (this.objType(obj).startsWith('asyncio.')) {
      const t = this.taskThread.get(id);
      if (t !== undefined) return t;
    }
    return id;
  }

  holderName(obj: number, holder: number): string {
    if (this.objType(obj).startsWith('asyncio.') && this.taskThread.has(holder)) return `Task ${holder}`;
    return this.threadName(holder);
  }
}

/**
 * Pass 2: spans, instants, flows, async slices and counters, in event order. One method per
 * event kind (`add` dispatches; a new kind fails to compile until it has one).
 */
class TraceWriter {
  readonly out: ChromeTraceEvent[] = [];
  /** Every tid an event was written for (it gets a thread name). */
  readonly seenTids = new Set<number>();
  private readonly open = new Map<number, OpenState>();
  private readonly tasks = new Map<number, OpenTask>();
  private readonly holders = new Map<number, { pid: number; tid: number; name: string }>();
  private readonly counted = new Map<string, number>();
  private readonly countedByThread = new Map<string, number>();
  private dropped = 0;
  private flowId = 0;

  constructor(private readonly run: RunIndex) {}

  add(e: TraceEvent): void {
    switch (e.k) {
      case 'thread':
        return this.thread(e);
      case 'state':
        return this.state(e);
      case 'print':
        return this.print(e);
      case 'wake':
        return this.wake(e);
      case 'task':
        return this.task(e);
      case 'hold':
        return this.hold(e);
      case 'gauge':
        return this.gauge(e);
      case 'counter':
        return this.counter(e);
      case 'dropped':
        return this.droppedEvents(e);
      case 'obj':
        return; // names only, read by RunIndex
      default: {
        const unhandled: never = e;
        return unhandled;
      }
    }
  }

  /** Closes what the run left open at its end, so every slice has a duration. */
  closeAll(): void {
    const { run } = this;
    for (const tid of [...this.open.keys()]) this.closeState(tid, run.end);
    for (const [task, o] of this.tasks) {
      this.closeNested(task, o, run.end);
      this.out.push({ name: o.name, cat: 'asyncio', ph: 'e', id: `task-${task}`, pid: o.pid, tid: o.tid, ts: run.ts(run.end) });
    }
    for (const [obj, h] of this.holders) {
      this.out.push({ name: h.name, cat: 'lock', ph: 'e', id: `lock-${obj}`, pid: h.pid, tid: h.tid, ts: run.ts(run.end) });
    }
  }

  /** The trace's `metadata`: how to read it, and what was only counted or dropped. */
  summary(): Record<string, unknown> {
    return {
      'generator': 'Concurrency Playground',
      'speed': this.run.speed,
      'time-unit': 'program microseconds (wall × speed)',
      'summarized-events': [...this.counted].map(([name, count]) => ({ name, count })),
      'dropped-events': this.dropped,
    };
  }

  private thread(e: ThreadEvent): void {
    this.seenTids.add(e.tid);
    // Ready until its code begins (its first `running` state; timeline/model.ts).
    if (!this.open.has(e.tid)) this.openState(e.tid, { state: 'ready', start: e.t });
  }

  private state(e: StateEvent): void {
    const s: OpenState = { state: e.state, start: e.t };
    if (e.obj !== undefined) s.obj = e.obj;
    const what = e.state === 'crashed' ? (e.error ?? e.what) : e.what;
    if (what !== undefined) s.what = what;
    if (e.line !== undefined) s.line = e.line;
    this.openState(e.tid, s);
  }

  private openState(tid: number, s: OpenState): void {
    this.seenTids.add(tid);
    const cur = this.open.get(tid);
    if (cur && cur.state === s.state && cur.obj === s.obj && cur.what === s.what) return;
    this.closeState(tid, s.start);
    if (s.state === 'done') return;
    if (s.state === 'crashed') {
      const { run } = this;
      const error = s.what ?? '';
      this.out.push({ name: 'crashed', cat: 'state', ph: 'i', s: 't', pid: run.pidOf(tid), tid, ts: run.ts(s.start), args: { error } });
      return;
    }
    this.open.set(tid, s);
  }

  private closeState(tid: number, t: number): void {
    const s = this.open.get(tid);
    if (!s) return;
    this.open.delete(tid);
    const { run } = this;
    const args: Record<string, unknown> = {};
    if (s.obj !== undefined) args['object'] = run.objName(s.obj);
    if (s.what !== undefined) args['what'] = s.what;
    if (s.line !== undefined) args['line'] = s.line;
    const name = s.state === 'blocked' && s.obj !== undefined ? `blocked on ${run.objName(s.obj)}` : s.state;
    const ts = run.ts(s.start);
    this.out.push({ name, cat: 'state', ph: 'X', pid: run.pidOf(tid), tid, ts, dur: Math.max(0, run.ts(t) - ts), args });
  }

  private print(e: PrintEvent): void {
    this.seenTids.add(e.tid);
    const args: Record<string, unknown> = { text: e.text, stream: e.stream };
    if (e.line !== undefined) args['line'] = e.line;
    // A warning (cat 'warning'): its detector, and the other event it names (a race's other access).
    if (e.warning) {
      args['detector'] = e.warning.kind;
      if (e.warning.other) args['other'] = { thread: e.warning.other.tid, line: e.warning.other.line, ts: this.run.ts(e.warning.other.t) };
    }
    const name = e.text.length > 80 ? `${e.text.slice(0, 79)}…` : e.text || '(empty line)';
    const { run } = this;
    this.out.push({ name, cat: e.stream, ph: 'i', s: 't', pid: run.pidOf(e.tid), tid: e.tid, ts: run.ts(e.t), args });
  }

  private wake(e: WakeEvent): void {
    const { run } = this;
    const from = run.actorTid(e.obj, e.from);
    const to = run.actorTid(e.obj, e.to);
    const id = `wake-${++this.flowId}`;
    const name = `${e.what} ${run.objName(e.obj)}`;
    this.out.push({ name, cat: 'wake', ph: 's', id, pid: run.pidOf(from), tid: from, ts: run.ts(e.fromT) });
    this.out.push({ name, cat: 'wake', ph: 'f', bp: 'e', id, pid: run.pidOf(to), tid: to, ts: run.ts(e.t) });
  }

  /** A task's life is one async slice, with a nested slice per state. */
  private task(e: TaskEvent): void {
    const o = this.tasks.get(e.task) ?? this.beginTask(e);
    this.closeNested(e.task, o, e.t);
    const id = `task-${e.task}`;
    const ts = this.run.ts(e.t);
    if (e.state === 'done' || e.state === 'cancelled' || e.state === 'failed') {
      this.out.push({ name: o.name, cat: 'asyncio', ph: 'e', id, pid: o.pid, tid: o.tid, ts, args: { state: e.state } });
      this.tasks.delete(e.task);
      return;
    }
    const nested = e.what ? `${e.state}: ${e.what}` : e.state;
    const args: Record<string, unknown> = {};
    if (e.line !== undefined) args['line'] = e.line;
    this.out.push({ name: nested, cat: 'asyncio', ph: 'b', id, pid: o.pid, tid: o.tid, ts, args });
    o.nested = nested;
  }

  private beginTask(e: TaskEvent): OpenTask {
    const pid = this.run.pidOf(e.tid);
    const o: OpenTask = { pid, tid: e.tid, name: e.name, nested: null };
    this.tasks.set(e.task, o);
    const args: Record<string, unknown> = { task: e.task };
    if (e.parentTask !== undefined && e.parentTask !== null) args['parentTask'] = e.parentTask;
    this.out.push({ name: e.name, cat: 'asyncio', ph: 'b', id: `task-${e.task}`, pid, tid: e.tid, ts: this.run.ts(e.t), args });
    return o;
  }

  private closeNested(task: number, o: OpenTask, t: number): void {
    if (o.nested === null) return;
    this.out.push({ name: o.nested, cat: 'asyncio', ph: 'e', id: `task-${task}`, pid: o.pid, tid: o.tid, ts: this.run.ts(t) });
    o.nested = null;
  }

  /** Lock holders are async slices per lock, so each lock gets a track. */
  private hold(e: HoldEvent): void {
    const { run } = this;
    const id = `lock-${e.obj}`;
    const prev = this.holders.get(e.obj);
    if (prev) {
      this.out.push({ name: prev.name, cat: 'lock', ph: 'e', id, pid: prev.pid, tid: prev.tid, ts: run.ts(e.t) });
      this.holders.delete(e.obj);
    }
    if (e.holder === null) return;
    const creator = run.objTid(e.obj) ?? run.actorTid(e.obj, e.holder);
    const h = { pid: run.pidOf(creator), tid: creator, name: `${run.objName(e.obj)} held by ${run.holderName(e.obj, e.holder)}` };
    this.holders.set(e.obj, h);
    this.out.push({ name: h.name, cat: 'lock', ph: 'b', id, pid: h.pid, tid: h.tid, ts: run.ts(e.t), args: { holder: e.holder } });
  }

  private gauge(e: GaugeEvent): void {
    const { run } = this;
    const tid = run.objTid(e.obj) ?? 1;
    const series = GAUGE_SERIES[run.objType(e.obj)] ?? 'value';
    this.out.push({ name: run.objName(e.obj), cat: 'gauge', ph: 'C', pid: run.pidOf(tid), tid, ts: run.ts(e.t), args: { [series]: e.value } });
  }

  /** One counter track per object and fast path, one series per thread. */
  private counter(e: CounterEvent): void {
    const { run } = this;
    const key = `${run.objName(e.obj)} ${e.what} (counted)`;
    this.counted.set(key, (this.counted.get(key) ?? 0) + e.count);
    const perThread = `${key}\u0000${e.tid}`;
    const total = (this.countedByThread.get(perThread) ?? 0) + e.count;
    this.countedByThread.set(perThread, total);
    const args = { [run.threadName(e.tid)]: total };
    this.out.push({ name: key, cat: 'counter', ph: 'C', pid: run.pidOf(e.tid), tid: e.tid, ts: run.ts(e.t), args });
  }

  private droppedEvents(e: DroppedEvent): void {
    this.dropped += e.count;
    const { run } = this;
    const args = { total: this.dropped };
    this.out.push({ name: 'dropped events', cat: 'counter', ph: 'C', pid: run.pidOf(e.tid), tid: e.tid, ts: run.ts(e.t), args });
  }
}

/** Names first: every process and every thread that appears, in a stable order. */
function metadataEvents(run: RunIndex, seenTids: ReadonlySet<number>): ChromeTraceEvent[] {
  const meta: ChromeTraceEvent[] = [];
  const pids = new Set<number>([1]);
  for (const t of run.threads.values()) pids.add(t.pid);
  for (const pid of [...pids].sort((a, b) => a - b)) {
    let name = pid === 1 ? 'MainProcess' : `Process ${pid}`;
    for (const t of run.threads.values()) if (t.pid === pid && t.kind === 'process') name = t.name;
    meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const tid of new Set([...run.threads.keys(), ...seenTids])) {
    const t = run.threads.get(tid);
    const pid = run.pidOf(tid);
    meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: t?.name ?? `Thread ${tid}` } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: t?.order ?? tid } });
  }
  return meta;
}
