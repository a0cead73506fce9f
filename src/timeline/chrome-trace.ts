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
import type { LaneState, RunInfo, TraceEvent } from '../protocol/trace';

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

interface OpenState {
  state: LaneState;
  start: number;
  obj?: number;
  what?: string;
  line?: number;
}

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

export function toChromeTrace(events: readonly TraceEvent[], info: RunInfo): ChromeTrace {
  const speed = info.speed > 0 ? info.speed : 1;
  const ts = (t: number): number => Math.round(t * speed * 1000) / 1000;
  const out: ChromeTraceEvent[] = [];

  // Pass 1: who is who (names may arrive after a thread's first mention).
  const threads = new Map<number, { pid: number; name: string; kind: string; order: number }>();
  const objects = new Map<number, { name: string; type: string; tid: number }>();
  const taskThread = new Map<number, number>();
  let maxT = 0;
  for (const e of events) {
    if (e.t > maxT) maxT = e.t;
    if (e.k === 'thread') {
      threads.set(e.tid, { pid: e.pid, name: e.name, kind: e.kind, order: threads.size });
    } else if (e.k === 'obj') {
      objects.set(e.obj, { name: e.name, type: e.type, tid: e.tid });
    } else if (e.k === 'task' && !taskThread.has(e.task)) {
      taskThread.set(e.task, e.tid);
    }
  }
  const end = Math.max(maxT, info.endedAt ?? 0);
  const pidOf = (tid: number): number => threads.get(tid)?.pid ?? 1;
  const threadName = (tid: number): string => threads.get(tid)?.name ?? `Thread ${tid}`;
  const objName = (id: number): string => objects.get(id)?.name ?? `#${id}`;
  /** asyncio objects name tasks as actors; Chrome tracks are threads, so map a task to its loop's thread. */
  const actorTid = (obj: number, id: number): number => {
    const type = objects.get(obj)?.type ?? '';
    if (type.startsWith('asyncio.')) {
      const t = taskThread.get(id);
      if (t !== undefined) return t;
    }
    return id;
  };
  const seenTids = new Set<number>();

  // Pass 2: spans, instants, flows, async slices, counters, in event order.
  const open = new Map<number, OpenState>();
  const tasks = new Map<number, OpenTask>();
  const holders = new Map<number, { pid: number; tid: number; name: string }>();
  const counted = new Map<string, number>();
  const countedByThread = new Map<string, number>();
  let dropped = 0;
  let flowId = 0;

  const closeState = (tid: number, t: number): void => {
    const s = open.get(tid);
    if (!s) return;
    open.delete(tid);
    const args: Record<string, unknown> = {};
    if (s.obj !== undefined) args['object'] = objName(s.obj);
    if (s.what !== undefined) args['what'] = s.what;
    if (s.line !== undefined) args['line'] = s.line;
    const name = s.state === 'blocked' && s.obj !== undefined ? `blocked on ${objName(s.obj)}` : s.state;
    out.push({
      name,
      cat: 'state',
      ph: 'X',
      pid: pidOf(tid),
      tid,
      ts: ts(s.start),
      dur: Math.max(0, ts(t) - ts(s.start)),
      args,
    });
  };

  const openState = (tid: number, s: OpenState): void => {
    seenTids.add(tid);
    const cur = open.get(tid);
    if (cur && cur.state === s.state && cur.obj === s.obj && cur.what === s.what) return;
    closeState(tid, s.start);
    if (s.state === 'done') return;
    if (s.state === 'crashed') {
      out.push({
        name: 'crashed',
        cat: 'state',
        ph: 'i',
        s: 't',
        pid: pidOf(tid),
        tid,
        ts: ts(s.start),
        args: { error: s.what ?? '' },
      });
      return;
    }
    open.set(tid, s);
  };

  const closeNested = (task: number, o: OpenTask, t: number): void => {
    if (o.nested === null) return;
    out.push({ name: o.nested, cat: 'asyncio', ph: 'e', id: `task-${task}`, pid: o.pid, tid: o.tid, ts: ts(t) });
    o.nested = null;
  };

  for (const e of events) {
    switch (e.k) {
      case 'thread':
        seenTids.add(e.tid);
        if (!open.has(e.tid)) openState(e.tid, { state: 'running', start: e.t });
        break;
      case 'state': {
        const s: OpenState = { state: e.state, start: e.t };
        if (e.obj !== undefined) s.obj = e.obj;
        const what = e.state === 'crashed' ? (e.error ?? e.what) : e.what;
        if (what !== undefined) s.what = what;
        if (e.line !== undefined) s.line = e.line;
        openState(e.tid, s);
        break;
      }
      case 'print': {
        seenTids.add(e.tid);
        const args: Record<string, unknown> = { text: e.text, stream: e.stream };
        if (e.line !== undefined) args['line'] = e.line;
        out.push({
          name: e.text.length > 80 ? `${e.text.slice(0, 79)}…` : e.text || '(empty line)',
          cat: e.stream,
          ph: 'i',
          s: 't',
          pid: pidOf(e.tid),
          tid: e.tid,
          ts: ts(e.t),
          args,
        });
        break;
      }
      case 'wake': {
        const from = actorTid(e.obj, e.from);
        const to = actorTid(e.obj, e.to);
        const id = `wake-${++flowId}`;
        const name = `${e.what} ${objName(e.obj)}`;
        out.push({ name, cat: 'wake', ph: 's', id, pid: pidOf(from), tid: from, ts: ts(e.fromT) });
        out.push({ name, cat: 'wake', ph: 'f', bp: 'e', id, pid: pidOf(to), tid: to, ts: ts(e.t) });
        break;
      }
      case 'task': {
        const pid = pidOf(e.tid);
        let o = tasks.get(e.task);
        if (!o) {
          o = { pid, tid: e.tid, name: e.name, nested: null };
          tasks.set(e.task, o);
          const args: Record<string, unknown> = { task: e.task };
          if (e.parentTask !== undefined && e.parentTask !== null) args['parentTask'] = e.parentTask;
          out.push({ name: e.name, cat: 'asyncio', ph: 'b', id: `task-${e.task}`, pid, tid: e.tid, ts: ts(e.t), args });
        }
        closeNested(e.task, o, e.t);
        if (e.state === 'done' || e.state === 'cancelled' || e.state === 'failed') {
          out.push({
            name: o.name,
            cat: 'asyncio',
            ph: 'e',
            id: `task-${e.task}`,
            pid: o.pid,
            tid: o.tid,
            ts: ts(e.t),
            args: { state: e.state },
          });
          tasks.delete(e.task);
          break;
        }
        const nested = e.what ? `${e.state}: ${e.what}` : e.state;
        const args: Record<string, unknown> = {};
        if (e.line !== undefined) args['line'] = e.line;
        out.push({ name: nested, cat: 'asyncio', ph: 'b', id: `task-${e.task}`, pid: o.pid, tid: o.tid, ts: ts(e.t), args });
        o.nested = nested;
        break;
      }
      case 'hold': {
        const prev = holders.get(e.obj);
        if (prev) {
          out.push({ name: prev.name, cat: 'lock', ph: 'e', id: `lock-${e.obj}`, pid: prev.pid, tid: prev.tid, ts: ts(e.t) });
          holders.delete(e.obj);
        }
        if (e.holder !== null) {
          const tid = actorTid(e.obj, e.holder);
          const creator = objects.get(e.obj)?.tid ?? tid;
          const h = { pid: pidOf(creator), tid: creator, name: `${objName(e.obj)} held by ${holderName(e.obj, e.holder)}` };
          holders.set(e.obj, h);
          out.push({ name: h.name, cat: 'lock', ph: 'b', id: `lock-${e.obj}`, pid: h.pid, tid: h.tid, ts: ts(e.t), args: { holder: e.holder } });
        }
        break;
      }
      case 'gauge': {
        const o = objects.get(e.obj);
        const tid = o?.tid ?? 1;
        out.push({
          name: objName(e.obj),
          cat: 'gauge',
          ph: 'C',
          pid: pidOf(tid),
          tid,
          ts: ts(e.t),
          args: { [GAUGE_SERIES[o?.type ?? ''] ?? 'value']: e.value },
        });
        break;
      }
      case 'counter': {
        const key = `${objName(e.obj)} ${e.what} (counted)`;
        counted.set(key, (counted.get(key) ?? 0) + e.count);
        // One counter track per object and fast path, one series per thread.
        const perThread = `${key}\u0000${e.tid}`;
        const total = (countedByThread.get(perThread) ?? 0) + e.count;
        countedByThread.set(perThread, total);
        out.push({ name: key, cat: 'counter', ph: 'C', pid: pidOf(e.tid), tid: e.tid, ts: ts(e.t), args: { [threadName(e.tid)]: total } });
        break;
      }
      case 'dropped':
        dropped += e.count;
        out.push({ name: 'dropped events', cat: 'counter', ph: 'C', pid: pidOf(e.tid), tid: e.tid, ts: ts(e.t), args: { total: dropped } });
        break;
      case 'obj':
        break;
    }
  }

  function holderName(obj: number, holder: number): string {
    const type = objects.get(obj)?.type ?? '';
    if (type.startsWith('asyncio.') && taskThread.has(holder)) return `Task ${holder}`;
    return threadName(holder);
  }

  // Close what the run left open at its end, so every slice has a duration.
  for (const tid of [...open.keys()]) closeState(tid, end);
  for (const [task, o] of tasks) {
    closeNested(task, o, end);
    out.push({ name: o.name, cat: 'asyncio', ph: 'e', id: `task-${task}`, pid: o.pid, tid: o.tid, ts: ts(end) });
  }
  for (const [obj, h] of holders) {
    out.push({ name: h.name, cat: 'lock', ph: 'e', id: `lock-${obj}`, pid: h.pid, tid: h.tid, ts: ts(end) });
  }

  // Metadata first: names for every process and thread that appears.
  const meta: ChromeTraceEvent[] = [];
  const pids = new Set<number>([1]);
  for (const t of threads.values()) pids.add(t.pid);
  for (const pid of [...pids].sort((a, b) => a - b)) {
    let name = pid === 1 ? 'MainProcess' : `Process ${pid}`;
    for (const t of threads.values()) if (t.pid === pid && t.kind === 'process') name = t.name;
    meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const tid of new Set([...threads.keys(), ...seenTids])) {
    const t = threads.get(tid);
    meta.push({ name: 'thread_name', ph: 'M', pid: pidOf(tid), tid, args: { name: t?.name ?? `Thread ${tid}` } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid: pidOf(tid), tid, args: { sort_index: t?.order ?? tid } });
  }

  return {
    traceEvents: [...meta, ...out],
    displayTimeUnit: 'ms',
    metadata: {
      'generator': 'Concurrency Playground',
      'speed': speed,
      'time-unit': 'program microseconds (wall × speed)',
      'summarized-events': [...counted].map(([name, count]) => ({ name, count })),
      'dropped-events': dropped,
    },
  };
}
