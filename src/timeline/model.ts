/**
 * The timeline's data model: an incremental fold of raw trace events (src/protocol/trace.ts) into
 * lanes with state spans, object rows, causality arrows and print markers.
 *
 * Events arrive in batches, in `seq` order, while the run goes (`append`). Nothing is stored as
 * one object per event: each lane's spans and each object row's steps are interleaved numeric
 * records in one plain array (cheap even for 100,000 task lanes), the run-wide arrow and print
 * lists are growable typed columns, and strings are interned. All are sorted by time per lane or
 * row, so a render of the visible range is a binary search plus a walk over what is on screen,
 * whatever the total.
 *
 * Times are wall microseconds since the run started, as in the events; converting to program
 * time (× speed) is the scale's and the exporter's business.
 *
 * `seq` gives a total order but the `t` of different threads can disagree by a few microseconds
 * (each worker reads its own clock). Per-lane and per-row tracks clamp time to be monotonic (a
 * lane's own events are monotonic anyway); run-wide lists (arrows, prints) keep their exact
 * times and are searched through a running maximum instead (see `TimedIndex`).
 */
import type { LaneState, ObjectType, TraceEvent } from '../protocol/trace';
import { F64Column, I32Column, U8Column, StringTable, firstAtOrAfter, lastAtOrBefore } from './buffers';

/** State codes stored in span records; the order is also the legend's order. */
export const STATES: readonly LaneState[] = [
  'running',
  'ready',
  'blocked',
  'sleeping',
  'done',
  'crashed',
];
export const S_RUNNING = 0;
export const S_READY = 1;
export const S_BLOCKED = 2;
export const S_SLEEPING = 3;
export const S_DONE = 4;
export const S_CRASHED = 5;

const STATE_CODE: Record<LaneState, number> = {
  running: S_RUNNING,
  ready: S_READY,
  blocked: S_BLOCKED,
  sleeping: S_SLEEPING,
  done: S_DONE,
  crashed: S_CRASHED,
};

/**
 * Lane colours. Mid-tone hues chosen to read on both light and dark backgrounds, so a lane keeps
 * the same colour when the theme changes and the editor's line highlight can reuse it.
 */
export const LANE_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#5f9ed1',
  '#8cd17d',
  '#d4a6c8',
];

/** A stable colour for a thread id (or task id): the same id always gets the same colour. */
export function colorForId(id: number): string {
  const n = LANE_PALETTE.length;
  return LANE_PALETTE[((id % n) + n) % n] ?? '#888888';
}

/** Numbers per span record in `SpanTrack.rec`: start, state, obj, line, what, timeout. */
export const SPAN_STRIDE = 6;

/** Binary search over every `stride`-th number of `rec`: last record whose key is `<= t`, or -1. */
function lastRecordAtOrBefore(rec: readonly number[], stride: number, t: number): number {
  let lo = 0;
  let hi = rec.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rec[mid * stride] ?? Infinity) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** `[from, to)` of the records of a track whose records tile time (each lasts until the next) that can intersect `[t0, t1]`. */
function tiledRange(track: { indexAt(t: number): number }, t0: number, t1: number): [number, number] {
  const from = Math.max(0, track.indexAt(t0));
  const to = track.indexAt(t1) + 1;
  return [from, Math.max(from, to)];
}

/**
 * One lane's state spans, sorted by start. Spans tile the lane: each span ends where the next
 * starts and the last one is open (ends at +Infinity) until the lane's next state change, so no
 * end is stored.
 *
 * Storage is one interleaved plain array per lane rather than a typed array per field: a run of
 * 100,000 asyncio tasks has 100,000 lanes of three or four spans each, and one small array per
 * lane costs a fraction of seven typed arrays (each with its own ArrayBuffer) per lane, while a
 * busy lane's array stays as fast to scan.
 */
export class SpanTrack {
  /** Records of `SPAN_STRIDE` numbers: start (µs), state code, object id (-1 none), line (0 none),
   * string-table id of what it waits for / the crash summary (-1 none), timeout (s, NaN none). */
  readonly rec: number[] = [];

  get length(): number {
    return this.rec.length / SPAN_STRIDE;
  }

  start(i: number): number {
    return this.rec[i * SPAN_STRIDE] ?? NaN;
  }

  /** The next span's start, or +Infinity for the open last span. */
  end(i: number): number {
    return this.rec[(i + 1) * SPAN_STRIDE] ?? Infinity;
  }

  state(i: number): number {
    return this.rec[i * SPAN_STRIDE + 1] ?? 0;
  }

  obj(i: number): number {
    return this.rec[i * SPAN_STRIDE + 2] ?? -1;
  }

  line(i: number): number {
    return this.rec[i * SPAN_STRIDE + 3] ?? 0;
  }

  what(i: number): number {
    return this.rec[i * SPAN_STRIDE + 4] ?? -1;
  }

  timeout(i: number): number {
    return this.rec[i * SPAN_STRIDE + 5] ?? NaN;
  }

  /** Index of the span that covers `t` (the last one starting at or before it), or -1. */
  indexAt(t: number): number {
    return lastRecordAtOrBefore(this.rec, SPAN_STRIDE, t);
  }

  /**
   * Index range `[from, to)` of the spans that can intersect `[t0, t1]`. `from` is the span
   * covering t0 (spans tile the lane, so nothing earlier reaches t0).
   */
  rangeIn(t0: number, t1: number): [number, number] {
    return tiledRange(this, t0, t1);
  }

  /** @internal Starts a new state at `t`, closing the open span. */
  open(t: number, state: number, obj: number, what: number, line: number, timeout: number): void {
    const rec = this.rec;
    const n = this.length;
    if (n > 0) {
      const last = (n - 1) * SPAN_STRIDE;
      const lastStart = rec[last] ?? 0;
      if (t < lastStart) t = lastStart;
      // Same state on the same object (e.g. a `running` carrying only a new line) is not a new
      // span: merging keeps hot loops from multiplying spans.
      if (rec[last + 1] === state && rec[last + 2] === obj && rec[last + 4] === what) {
        if (rec[last + 3] === 0 && line !== 0) rec[last + 3] = line;
        return;
      }
      if (t === lastStart) {
        // A zero-length span could never be seen or hovered; drop it when that makes the new
        // state a continuation of the span before, else reuse its slot.
        const prev = last - SPAN_STRIDE;
        if (prev >= 0 && rec[prev + 1] === state && rec[prev + 2] === obj && rec[prev + 4] === what) {
          rec.length = last;
          return;
        }
        rec[last + 1] = state;
        rec[last + 2] = obj;
        rec[last + 3] = line;
        rec[last + 4] = what;
        rec[last + 5] = timeout;
        return;
      }
    }
    rec.push(t, state, obj, line, what, timeout);
  }
}

/** A (time, value) step function, time clamped monotonic; records interleaved `[t, v]`. */
export class StepTrack {
  readonly rec: number[] = [];

  get length(): number {
    return this.rec.length >> 1;
  }

  t(i: number): number {
    return this.rec[i * 2] ?? NaN;
  }

  v(i: number): number {
    return this.rec[i * 2 + 1] ?? NaN;
  }

  push(t: number, v: number): void {
    const rec = this.rec;
    const n = rec.length;
    if (n > 0) {
      const lastT = rec[n - 2] ?? 0;
      if (t < lastT) t = lastT;
      if (t === lastT) {
        rec[n - 1] = v;
        return;
      }
    }
    rec.push(t, v);
  }

  /** Index of the step in force at `t`, or -1 before the first. */
  indexAt(t: number): number {
    return lastRecordAtOrBefore(this.rec, 2, t);
  }

  /** Index range `[from, to)` of the steps in force somewhere in `[t0, t1]` (as SpanTrack's). */
  rangeIn(t0: number, t1: number): [number, number] {
    return tiledRange(this, t0, t1);
  }

  /** Value in force at `t`, or `fallback` before the first step. */
  valueAt(t: number, fallback: number): number {
    const i = this.indexAt(t);
    return i < 0 ? fallback : this.v(i);
  }
}

export type LaneKind = 'main' | 'thread' | 'process' | 'task';

/** A thread, process or asyncio task lane. */
export interface Lane {
  readonly index: number;
  /** Set from the thread's `thread` event (a lane first seen through another event is 'thread'). */
  kind: LaneKind;
  /** The thread's id; for a task, the id of the thread whose loop runs it. */
  readonly tid: number;
  /** The asyncio task id, or null for thread/process lanes. */
  readonly task: number | null;
  name: string;
  readonly color: string;
  pid: number;
  daemon: boolean;
  /** The tid that started this thread, or for a task the task that created it (null: loop). */
  parent: number | null;
  /** Task sub-lanes (indices into `lanes`), in creation order. Empty for task lanes. */
  readonly children: number[];
  /** The parent thread lane's index for a task lane; -1 for thread lanes. */
  readonly parentLane: number;
  readonly spans: SpanTrack;
  /**
   * Where the lane's code was (state/print events carrying a line, and for a loop's thread the
   * lines of the tasks it runs), time-sorted. Empty for task lanes: the editor highlights
   * threads.
   */
  readonly lines: StepTrack;
  /** `seq` of the first event that mentioned this lane (layout order). */
  readonly firstSeq: number;
}

/** How an object's row is drawn. */
export type RowStyle = 'holder' | 'count' | 'flag';

/** A runtime object: its name and, once it has data, a row under the lanes. */
export interface ObjectRow {
  readonly id: number;
  type: ObjectType | 'unknown';
  name: string;
  capacity: number | null;
  /** Creating thread. */
  tid: number;
  style: RowStyle;
  /** Holder changes: `v` is the holder's lane index, or -1 when free. */
  readonly holds: StepTrack;
  /** Gauge changes: permits in use, queue length, arrivals, event flag (0/1). */
  readonly gauge: StepTrack;
  /** Largest gauge value seen (step charts scale to max(capacity, this)). */
  maxValue: number;
  readonly firstSeq: number;
}

/** A fast path that was counted instead of logged (e.g. uncontended acquires). */
export interface CounterSummary {
  tid: number;
  obj: number;
  what: string;
  count: number;
}

/**
 * A run-wide list of items with an interval `[lo, hi]` each, appended in `seq` (not `t`) order.
 * It keeps the running maximum of `hi` (monotonic, so binary-searchable), the largest amount by
 * which an item's `hi` fell behind that maximum, and the longest interval; together these bound
 * which indices can intersect a time range without sorting anything.
 */
export class TimedIndex {
  readonly lo = new F64Column();
  readonly hi = new F64Column();
  private readonly runMax = new F64Column();
  private maxBackstep = 0;
  private maxLen = 0;

  get length(): number {
    return this.lo.length;
  }

  push(lo: number, hi: number): void {
    const n = this.runMax.length;
    const prev = n > 0 ? this.runMax.at(n - 1) : -Infinity;
    if (hi < prev) this.maxBackstep = Math.max(this.maxBackstep, prev - hi);
    this.maxLen = Math.max(this.maxLen, hi - lo);
    this.lo.push(lo);
    this.hi.push(hi);
    this.runMax.push(Math.max(prev, hi));
  }

  /**
   * Candidate index range `[from, to)` for items intersecting `[t0, t1]`: every such item is in
   * it; callers still test each candidate.
   */
  candidates(t0: number, t1: number): [number, number] {
    const n = this.runMax.length;
    const from = firstAtOrAfter(this.runMax.data, n, t0);
    // Item i can reach back to t1 only if hi_i - len_i <= t1, and hi_i >= runMax_i - backstep.
    const to = lastAtOrBefore(this.runMax.data, n, t1 + this.maxLen + this.maxBackstep) + 1;
    return [from, Math.max(from, to)];
  }
}

/** Causality arrows: tail at (fromLane, fromT), head at (toLane, t). */
/** ArrowList.obj of an arrow that joins a warning's two events rather than a wake-up. */
export const WARNING_ARROW = -2;

export class ArrowList {
  readonly index = new TimedIndex();
  readonly fromLane = new I32Column();
  readonly toLane = new I32Column();
  readonly fromT = new F64Column();
  readonly t = new F64Column();
  readonly obj = new I32Column();
  readonly what = new I32Column();
  readonly seq = new F64Column();

  get length(): number {
    return this.t.length;
  }
}

/** PrintList.stream codes. */
const PRINT_STREAMS = { stdout: 0, stderr: 1, warning: 2 } as const;

/** Print markers, one per printed line. */
export class PrintList {
  readonly index = new TimedIndex();
  readonly lane = new I32Column();
  readonly t = new F64Column();
  readonly seq = new F64Column();
  readonly line = new I32Column();
  /** 0 stdout, 1 stderr, 2 warning (docs/diagnostics.md). */
  readonly stream = new U8Column();
  readonly text: string[] = [];

  get length(): number {
    return this.t.length;
  }
}

const HOLDER_TYPES: ReadonlySet<string> = new Set(['Lock', 'RLock', 'Condition', 'asyncio.Lock', 'asyncio.Condition', 'GIL']);
const FLAG_TYPES: ReadonlySet<string> = new Set(['Event', 'asyncio.Event']);

function rowStyleFor(type: string): RowStyle {
  if (HOLDER_TYPES.has(type)) return 'holder';
  if (FLAG_TYPES.has(type)) return 'flag';
  return 'count';
}

function taskState(state: string, what: string | undefined): number {
  switch (state) {
    case 'running':
      return S_RUNNING;
    case 'waiting':
      // asyncio.sleep is a timer, not a wait on another party: show it as sleeping.
      return what !== undefined && what.startsWith('sleep') ? S_SLEEPING : S_BLOCKED;
    case 'done':
    case 'cancelled':
      return S_DONE;
    case 'failed':
      return S_CRASHED;
    default: // created, ready: in the loop's ready queue
      return S_READY;
  }
}

/** A line the editor should highlight for one thread. */
export interface LineMark {
  line: number;
  color: string;
  /** Index of the lane the line belongs to. */
  lane: number;
}

export class TraceModel {
  /** Every lane in creation order (threads and tasks interleaved; see `threadLanes`). */
  readonly lanes: Lane[] = [];
  readonly arrows = new ArrowList();
  readonly prints = new PrintList();
  readonly strings = new StringTable();
  /** Summaries of counted fast paths, keyed `tid:obj:what`. */
  readonly counters = new Map<string, CounterSummary>();
  /** Events dropped by full rings, per tid. */
  readonly droppedByTid = new Map<number, number>();
  /** Total count of events counted instead of logged. */
  countedTotal = 0;
  droppedTotal = 0;
  /** Number of events folded so far. */
  eventCount = 0;
  /** Largest `t` seen: the live playhead. */
  endT = 0;
  /** Last `seq` folded. */
  lastSeq = -1;
  /** Bumped by every `append`, so views can tell cheaply whether anything changed. */
  version = 0;
  /** Bumped when lanes or object rows are added or renamed (layout must be recomputed). */
  structureVersion = 0;

  private readonly laneByTid = new Map<number, number>();
  /** tid → task id → lane (numeric keys: no string per task, there may be 100,000 tasks). */
  private readonly laneByTask = new Map<number, Map<number, number>>();
  /** Indices of thread/process lanes, in order of appearance. */
  private readonly threadLaneIdx: number[] = [];
  /** Task id → lane, for holders and wakes of asyncio objects that name tasks, not threads. */
  private readonly laneByTaskId = new Map<number, number>();
  private readonly objects = new Map<number, ObjectRow>();
  private readonly rowsInOrder: ObjectRow[] = [];
  private visibleRows: ObjectRow[] | null = null;

  /** Builds a model from a complete event list. */
  static from(events: readonly TraceEvent[]): TraceModel {
    const m = new TraceModel();
    m.append(events);
    return m;
  }

  /** Folds a batch of events (in `seq` order) into the model. */
  append(events: readonly TraceEvent[]): void {
    for (const e of events) this.fold(e);
    this.eventCount += events.length;
    this.version++;
  }

  /** Thread and process lanes (not tasks), in the order they appeared. */
  threadLanes(): Lane[] {
    const out: Lane[] = [];
    for (const i of this.threadLaneIdx) {
      const lane = this.lanes[i];
      if (lane) out.push(lane);
    }
    return out;
  }

  /** The lane of a thread id, if any event mentioned it. */
  laneOfTid(tid: number): Lane | undefined {
    const i = this.laneByTid.get(tid);
    return i === undefined ? undefined : this.lanes[i];
  }

  /** The object with this id (created by its `obj` event, or by first mention). */
  object(id: number): ObjectRow | undefined {
    return this.objects.get(id);
  }

  /** The display name of an object id, e.g. `Lock#1`. */
  /**
   * A warning that pairs two events (a data race's two accesses) joins them with an arrow of
   * its own (obj WARNING_ARROW: drawn in the warning colour, named by `what`).
   */
  private warningLink(other: { tid: number; t: number }, toLane: number, t: number, seq: number, what: string): void {
    this.pushArrow(this.threadLane(other.tid, seq).index, toLane, other.t, t, WARNING_ARROW, what === 'race' ? 'data race' : what, seq);
  }

  private pushArrow(fromLane: number, toLane: number, fromT: number, t: number, obj: number, what: string, seq: number): void {
    const a = this.arrows;
    a.fromLane.push(fromLane);
    a.toLane.push(toLane);
    a.fromT.push(fromT);
    a.t.push(t);
    a.obj.push(obj);
    a.what.push(this.strings.intern(what));
    a.seq.push(seq);
    a.index.push(Math.min(fromT, t), Math.max(fromT, t));
  }

  objectName(id: number): string {
    if (id < 0) return '';
    return this.objects.get(id)?.name ?? `#${id}`;
  }

  /** Objects that have something to draw (a holder change or a gauge value), in creation order. */
  objectRows(): readonly ObjectRow[] {
    if (this.visibleRows === null) {
      this.visibleRows = this.rowsInOrder.filter((r) => r.holds.length > 0 || r.gauge.length > 0);
    }
    return this.visibleRows;
  }

  /** `count + dropped`: how many events the timeline shows only as totals. */
  get summarizedTotal(): number {
    return this.countedTotal + this.droppedTotal;
  }

  /** The span index of `lane` at time `t`, or -1 before its first state. */
  spanAt(lane: Lane, t: number): number {
    return lane.spans.indexAt(t);
  }

  /** The `what` string of a span, or undefined. */
  spanWhat(lane: Lane, i: number): string | undefined {
    return this.strings.get(lane.spans.what(i));
  }

  /**
   * For each thread lane, the source line it was on at time `t`: the latest state, print or
   * task event at or before `t` that carried a line. Threads not started yet at `t`, or already
   * done, have no line (highlighting a finished thread's last line would mislead).
   */
  linesAt(t: number): Map<number, LineMark> {
    const out = new Map<number, LineMark>();
    for (const idx of this.threadLaneIdx) {
      const lane = this.lanes[idx];
      if (!lane) continue;
      const li = lane.lines.indexAt(t);
      if (li < 0) continue;
      const si = lane.spans.indexAt(t);
      if (si >= 0 && lane.spans.state(si) === S_DONE) continue;
      out.set(lane.tid, { line: lane.lines.v(li), color: lane.color, lane: lane.index });
    }
    return out;
  }

  private fold(e: TraceEvent): void {
    if (e.t > this.endT) this.endT = e.t;
    if (e.seq > this.lastSeq) this.lastSeq = e.seq;
    switch (e.k) {
      case 'thread': {
        const lane = this.threadLane(e.tid, e.seq);
        lane.name = e.name;
        lane.pid = e.pid;
        lane.daemon = e.daemon;
        lane.parent = e.parent;
        lane.kind = e.kind;
        this.structureVersion++;
        // Started, it is ready until its code begins (its first `running`, written by its own
        // worker): a thread handed a worker still loading began up to 0.7 s after start(), and
        // showing it running then drew two threads at once that never overlapped.
        if (lane.spans.length === 0) lane.spans.open(e.t, S_READY, -1, -1, 0, NaN);
        break;
      }
      case 'state': {
        const lane = this.threadLane(e.tid, e.seq);
        const what = e.state === 'crashed' ? (e.error ?? e.what) : e.what;
        lane.spans.open(
          e.t,
          STATE_CODE[e.state],
          e.obj ?? -1,
          this.strings.intern(what),
          e.line ?? 0,
          e.timeout ?? NaN,
        );
        if (e.obj !== undefined) this.objectRow(e.obj, e.seq);
        if (e.line !== undefined) lane.lines.push(e.t, e.line);
        break;
      }
      case 'obj': {
        const row = this.objectRow(e.obj, e.seq);
        row.type = e.type;
        row.name = e.name;
        row.capacity = e.capacity ?? null;
        row.tid = e.tid;
        row.style = rowStyleFor(e.type);
        this.structureVersion++;
        break;
      }
      case 'hold': {
        const row = this.objectRow(e.obj, e.seq);
        // Only lock-like objects have holders, whatever their (maybe not yet known) type.
        if (row.type === 'unknown') row.style = 'holder';
        if (row.holds.length === 0) this.rowsChanged();
        row.holds.push(e.t, e.holder === null ? -1 : this.actorLane(row, e.holder, e.seq));
        break;
      }
      case 'gauge': {
        const row = this.objectRow(e.obj, e.seq);
        if (row.gauge.length === 0) this.rowsChanged();
        row.gauge.push(e.t, e.value);
        if (e.value > row.maxValue) row.maxValue = e.value;
        break;
      }
      case 'wake': {
        const row = this.objectRow(e.obj, e.seq);
        this.pushArrow(this.actorLane(row, e.from, e.seq), this.actorLane(row, e.to, e.seq), e.fromT, e.t, e.obj, e.what, e.seq);
        break;
      }
      case 'print': {
        const lane = this.threadLane(e.tid, e.seq);
        const p = this.prints;
        p.lane.push(lane.index);
        p.t.push(e.t);
        p.seq.push(e.seq);
        p.line.push(e.line ?? 0);
        p.stream.push(PRINT_STREAMS[e.stream]);
        p.text.push(e.text);
        p.index.push(e.t, e.t);
        if (e.line !== undefined) lane.lines.push(e.t, e.line);
        if (e.warning?.other) this.warningLink(e.warning.other, lane.index, e.t, e.seq, e.warning.kind);
        break;
      }
      case 'task': {
        const lane = this.taskLane(e.tid, e.task, e.name, e.seq);
        // Workers send a task's name with its first event only (a 100,000-task gather would copy
        // the names over and over): an empty name keeps the lane's name.
        if (e.name !== '' && lane.name !== e.name) {
          lane.name = e.name;
          this.structureVersion++;
        }
        if (e.state === 'created' && e.parentTask !== undefined) lane.parent = e.parentTask;
        const what =
          e.state === 'cancelled' ? 'cancelled' : e.state === 'created' ? 'created' : e.what;
        lane.spans.open(
          e.t,
          taskState(e.state, e.what),
          -1,
          this.strings.intern(what),
          e.line ?? 0,
          NaN,
        );
        if (e.line !== undefined) {
          // The loop's thread is executing this task's line: that is where the editor should point.
          if (e.state === 'running' || e.state === 'waiting') {
            const thread = this.lanes[lane.parentLane];
            thread?.lines.push(e.t, e.line);
          }
        }
        break;
      }
      case 'counter': {
        const key = `${e.tid}:${e.obj}:${e.what}`;
        const c = this.counters.get(key);
        if (c) c.count += e.count;
        else this.counters.set(key, { tid: e.tid, obj: e.obj, what: e.what, count: e.count });
        this.countedTotal += e.count;
        break;
      }
      case 'dropped': {
        this.droppedByTid.set(e.tid, (this.droppedByTid.get(e.tid) ?? 0) + e.count);
        this.droppedTotal += e.count;
        break;
      }
      default: {
        // A new event kind does not compile until the model decides what to keep of it.
        const _unhandled: never = e;
      }
    }
  }

  private rowsChanged(): void {
    this.visibleRows = null;
    this.structureVersion++;
  }

  private newLane(
    kind: LaneKind,
    tid: number,
    task: number | null,
    name: string,
    parentLane: number,
    seq: number,
  ): Lane {
    const lane: Lane = {
      index: this.lanes.length,
      kind,
      tid,
      task,
      name,
      color: colorForId(task ?? tid),
      pid: 1,
      daemon: false,
      parent: null,
      children: [],
      parentLane,
      spans: new SpanTrack(),
      lines: new StepTrack(),
      firstSeq: seq,
    };
    this.lanes.push(lane);
    this.structureVersion++;
    return lane;
  }

  /** The lane of `tid`, created on first mention (events may name a thread before its `thread`). */
  private threadLane(tid: number, seq: number): Lane {
    const i = this.laneByTid.get(tid);
    if (i !== undefined) {
      const lane = this.lanes[i];
      if (lane) return lane;
    }
    const lane = this.newLane('thread', tid, null, `Thread ${tid}`, -1, seq);
    this.laneByTid.set(tid, lane.index);
    this.threadLaneIdx.push(lane.index);
    return lane;
  }

  private taskLane(tid: number, task: number, name: string, seq: number): Lane {
    let byTask = this.laneByTask.get(tid);
    if (!byTask) {
      byTask = new Map();
      this.laneByTask.set(tid, byTask);
    }
    const i = byTask.get(task);
    if (i !== undefined) {
      const lane = this.lanes[i];
      if (lane) return lane;
    }
    const thread = this.threadLane(tid, seq);
    const lane = this.newLane('task', tid, task, name, thread.index, seq);
    lane.pid = thread.pid;
    thread.children.push(lane.index);
    byTask.set(task, lane.index);
    this.laneByTaskId.set(task, lane.index);
    return lane;
  }

  /**
   * The lane an actor id refers to for an object. The runtime names threads by tid; for asyncio
   * objects the actor is a task when a task lane with that id exists, since asyncio locks are
   * held by tasks, not by the loop's thread.
   */
  private actorLane(row: ObjectRow, id: number, seq: number): number {
    if (row.type.startsWith('asyncio.')) {
      const t = this.laneByTaskId.get(id);
      if (t !== undefined) return t;
    }
    return this.threadLane(id, seq).index;
  }

  private objectRow(id: number, seq: number): ObjectRow {
    let row = this.objects.get(id);
    if (!row) {
      row = {
        id,
        type: 'unknown',
        name: `#${id}`,
        capacity: null,
        tid: -1,
        style: 'count',
        holds: new StepTrack(),
        gauge: new StepTrack(),
        maxValue: 0,
        firstSeq: seq,
      };
      this.objects.set(id, row);
      this.rowsInOrder.push(row);
    }
    return row;
  }
}
