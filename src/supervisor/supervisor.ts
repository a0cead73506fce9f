/**
 * The page side of a run: compiles the program, prepares a fresh SharedArrayBuffer, hands
 * MainThread to a warm worker, creates a worker for every thread the program starts, drains the
 * trace rings into console lines and trace events, detects deadlocks and ends the run. The page
 * never runs user code and never blocks.
 */
import * as Comlink from 'comlink';
import { compile } from '../compiler/compile';
import { readString } from '../protocol/heap';
import {
  DEFAULT_HEAP_BYTES,
  Detect,
  H,
  HF,
  MAX_THREADS,
  SPAWN_Q_LEN,
  T,
  slotIndex,
} from '../protocol/memory-layout';
import { initRunBuffer } from '../protocol/run';
import { isSeed, readSchedule, schedCode, unstartedSchedule } from '../protocol/sched';
import { runSpeed } from '../protocol/speed';
import { answerPause, readPause, type StepPause } from '../protocol/step';
import type { RunInfo, TraceEvent } from '../protocol/trace';
import { DeadlockDetector } from './deadlock';
import {
  DEFAULT_TIME_LIMIT_S,
  RunClock,
  TIME_LIMIT_GRACE_S,
  LastLines,
  TraceWindow,
  deadlockEvents,
  heapLimitNote,
  isHeapCrash,
  pythonMemoryLine,
  timeLimitNote,
  type DeadlockEdge,
} from './limits';
import { Drainer, endKilled, freeRing, killThreads } from './drain';
import { englishNote, type RunNote } from './run-notes';
import { WorkerPool } from './worker-pool';
import { ExploreRunner } from './explore-runner';
import { explore, type ExploreOptions, type ExploreReport } from './explorer';
import { reducible } from './explore-steps';
import type { CompileError } from '../protocol/program';
import { toResultLine, type ConsoleLine, type RunListener, type RunOptions, type RunResult, type RunState } from './types';
import type { ProgramWorkerApi, StartMessage, ThreadOutcome, WorkerMessage } from '../protocol/messages';

const DRAIN_MS = 16;
/** Workers parked on each run's spawn queue, so `Thread.start()` needs no page round trip. */
const STANDBY = 3;
/**
 * A burst of starts (250 threads that each sleep) would meet an empty spawn queue after the
 * first few, and each start would then wait for a worker to load (tens of ms each). So the page
 * keeps more standby workers loading while live threads grow past what STANDBY covers: STANDBY
 * plus twice the net growth beyond STANDBY over the last BURST_MS, at most STANDBY_MAX
 * (≤ SPAWN_Q_LEN). A thread-per-task loop (start, join, start…) does not grow: its ended workers
 * park again and serve it. Not for a few threads: the extra standby workers' set-up and the pool
 * workers loaded to replace them run on the cores the program's threads are using (the `lock`
 * scenario's two threads took ~30 % longer when each start asked for two more, bench/README.md).
 */
const STANDBY_MAX = 48;
/** How long a run's unused standby workers have to come back to the pool after its end. */
const FRESH_RETURN_MS = 3000;
const BURST_MS = 100;
const DEADLOCK_CHECK_MS = 150;
/** Lines kept for `run()`'s result (the console keeps its own, smaller window). */
const RESULT_LINES = 100_000;
/** Live threads + processes a run may have at once (the runtime raises RuntimeError past it). */
export const MAX_LIVE = 256;

interface ActiveRun {
  id: number;
  sab: SharedArrayBuffer;
  memory: WebAssembly.Memory;
  i32: Int32Array;
  js: string;
  source: string;
  workers: Map<number, Worker>;
  /** Workers loading, parked or re-parked on the spawn queue (not running a thread). */
  standby: Set<Worker>;
  /** Standby workers that have run no thread in this run: the pool takes them back at its end. */
  fresh: Set<Worker>;
  /** Net growth of running threads in the current BURST_MS window, and the window's start. */
  burst: number;
  burstAt: number;
  listener: RunListener;
  drainer: Drainer;
  deadlock: DeadlockDetector;
  names: Map<number, string>;
  lines: LastLines<RunResult['lines'][number]>;
  info: RunInfo;
  startedAt: number;
  timer: ReturnType<typeof setInterval>;
  lastDeadlockCheck: number;
  /** performance.now() of the last tick: a step run's pauses are taken off its time limit. */
  lastTick: number;
  /** The run-time limit's state (docs/quality-bars.md: a banner offers Stop / Keep running). */
  clock: RunClock;
  /** What the UI holds of the trace, bounded (limits.ts). */
  window: TraceWindow;
  /** Highest sequence number delivered, so page-made events (deadlock) come after it. */
  lastSeq: number;
  /** Set when a thread crashed on a full heap: the run ends as `limit` with this message. */
  heapFull: RunNote | null;
  resolve: (r: RunResult) => void;
  ended: boolean;
}

export class Supervisor {
  private readonly pool: WorkerPool;
  private active: ActiveRun | null = null;
  private runs = 0;
  heapBytes = DEFAULT_HEAP_BYTES;
  tracing = true;

  constructor(pool = new WorkerPool()) {
    this.pool = pool;
  }

  /** The next run's heap, made while the page is idle (see makeSpare). */
  private spare: WebAssembly.Memory | null = null;

  /** Starts the warm workers and makes the first run's heap (call once the page is idle). */
  warm(): void {
    this.pool.warm();
    this.makeSpare();
  }

  /**
   * A fresh heap for the next run, allocated ahead of it. Each new buffer counts as V8 external
   * memory on the page and can start a full GC there: made at Run (64 MB then), that GC ran
   * during the run, ~25 ms on the page's main thread plus 100-150 ms of background marking,
   * measured in a Chrome trace of the `lock` scenario, on a machine whose 2 cores the run's
   * threads need. (Why the heap is 48 MB: DEFAULT_HEAP_BYTES.)
   * A heap is never reused: workers of a stopped run may still write to theirs.
   */
  private makeSpare(): void {
    const pages = Math.ceil(this.heapBytes / 65536);
    if (this.spare && this.spare.buffer.byteLength === pages * 65536) return;
    this.spare = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  }

  /**
   * Reloads the warm pool once a run or an exploration is over, but not during a run started at
   * once after it (a script running programs back to back): loading workers would compete with
   * its threads for the CPU. That run tops the pool up as it takes from it, and reloads it when
   * it ends. Not before the ended runs' unused standbys are back either (releaseFresh): the pool
   * would make workers that they then replace.
   */
  private reloadPoolWhenIdle(): void {
    setTimeout(() => {
      if (!this.running && this.returning === 0) this.pool.warm();
    }, 50);
  }

  private takeMemory(): WebAssembly.Memory {
    this.makeSpare();
    const memory = this.spare as WebAssembly.Memory;
    this.spare = null;
    return memory;
  }

  get running(): boolean {
    return this.active !== null && !this.active.ended;
  }

  run(source: string, opts: RunOptions, listener: RunListener): Promise<RunResult> {
    if (this.active && !this.active.ended) this.finish(this.active, 'stopped', { code: 'stopped-new-run' });
    const mode = opts.sched ?? 'parallel';
    const seed = opts.seed !== undefined && isSeed(opts.seed) ? opts.seed : 0;
    const compiled = compile(source);
    if (!compiled.ok) {
      listener.onCompileErrors(compiled.errors);
      const lines: ConsoleLine[] = compiled.errors.map((e, k) => ({
        thread: 'MainThread',
        tid: 1,
        stream: 'stderr',
        text: `  File "program.ts", line ${e.line}: ${e.message}`,
        seq: k,
        t: 0,
        line: e.line,
      }));
      listener.onLines(lines);
      const message = compiled.errors[0]?.message ?? 'compile error';
      listener.onState('error', message);
      const plain = lines.map(toResultLine);
      return Promise.resolve({
        state: 'error',
        lines: plain,
        elapsedMs: 0,
        message,
        schedule: unstartedSchedule(mode, seed, plain),
      });
    }
    listener.onCompileErrors([]);
    const speed = runSpeed(opts.speed, mode);
    // The heap is wasm memory so the workers' hot paths can run as wasm atomics on it
    // (src/runtime/core/fastpath.wat); its buffer is an ordinary SharedArrayBuffer for everything else.
    const memory = this.takeMemory();
    const sab = memory.buffer as unknown as SharedArrayBuffer;
    const i32 = new Int32Array(sab);
    const startedAt = performance.now();
    const sched = { mode: schedCode(mode), seed };
    const detect = opts.detectors === false ? 0 : Detect.ALL;
    initRunBuffer(sab, { tracing: this.tracing, maxLive: MAX_LIVE, speed, startedAt, sched, steps: opts.steps ?? [], detect });

    return new Promise<RunResult>((resolve) => {
      const run: ActiveRun = {
        id: ++this.runs,
        sab,
        memory,
        i32,
        js: compiled.js,
        source,
        workers: new Map(),
        standby: new Set(),
        fresh: new Set(),
        burst: 0,
        burstAt: 0,
        listener,
        drainer: new Drainer(i32),
        deadlock: new DeadlockDetector(),
        names: new Map([[1, 'MainThread']]),
        lines: new LastLines(RESULT_LINES),
        // The timeline turns trace times into program time with a finite factor: `max` (Infinity,
        // deterministic modes only) shows as the parallel maximum until traces carry virtual time.
        // A deterministic `speed=max` run traces at speed 1 (runtime/core/context.ts nowMicros).
        info: { speed: Number.isFinite(speed) ? speed : 1, startedAt, endedAt: null, source, virtual: mode !== 'parallel' },
        startedAt,
        timer: setInterval(() => this.tick(run), DRAIN_MS),
        lastDeadlockCheck: startedAt,
        lastTick: startedAt,
        clock: new RunClock(startedAt, opts.timeLimit ?? DEFAULT_TIME_LIMIT_S, opts.timeLimitGrace ?? TIME_LIMIT_GRACE_S),
        window: new TraceWindow(opts.traceCap),
        lastSeq: -1,
        heapFull: null,
        resolve,
        ended: false,
      };
      this.active = run;
      listener.onState('running');
      // MainThread's start parks STANDBY workers beside it (grew).
      this.startWorker(run, 1);
    });
  }

  /**
   * Ends the current run now (docs/quality-bars.md: within 300 ms, even while threads spin). Everything
   * here is synchronous: the state reaches the listener before this returns (measured in
   * bench/stop.mjs). Busy workers may spin on for ~2 s after terminate(); they only ever touch
   * this run's buffers, and the next run gets new ones.
   */
  stop(): void {
    const run = this.active;
    if (run && !run.ended) this.finish(run, 'stopped', { code: 'stopped' });
  }

  /**
   * The user answered the run-time question with "Keep running": the limit doubles, counted
   * from now. False when there is no run waiting for that answer.
   */
  extendTimeLimit(): boolean {
    const run = this.active;
    if (!run || run.ended || !run.clock.asking) return false;
    run.clock.extend(performance.now());
    return true;
  }

  /**
   * The outcome explorer (docs/diagnostics.md, "Outcome explorer"): runs `source` over its
   * schedules in `step` mode on workers of its own, reused from run to run, until every schedule
   * was tried or the budget is spent. A run in progress is stopped first. `seed` seeds the
   * program's random numbers, as a step run's.
   */
  async explore(
    source: string,
    o: ExploreOptions & { seed: number },
  ): Promise<
    { ok: true; report: ExploreReport } | { ok: false; errors: CompileError[] }
  > {
    this.stop();
    const compiled = compile(source);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const runner = new ExploreRunner({
      js: compiled.js,
      source,
      seed: o.seed,
      maxLive: MAX_LIVE,
      heapBytes: this.heapBytes,
      take: () => this.pool.take(),
    });
    try {
      const reduce = o.reduce ?? reducible(source);
      return { ok: true, report: await explore((forced) => runner.run(forced), { ...o, reduce }) };
    } finally {
      runner.dispose();
      this.reloadPoolWhenIdle();
    }
  }

  /** A step run stopped for the learner: who can move and who waits (null: none is paused). */
  stepPause(): StepPause | null {
    const run = this.active;
    if (!run || run.ended) return null;
    const i32 = run.i32;
    // A thread that started since the last drain is named from its slot.
    return readPause(i32, (tid) => run.names.get(tid) ?? readString(i32, i32[slotIndex(tid) + T.NAME] ?? 0));
  }

  /** The learner's answer at a pause: a StepThread's choice, or FINISH_CHOICE (protocol/step.ts). */
  stepAnswer(choice: number): void {
    const run = this.active;
    if (run && !run.ended) answerPause(run.i32, choice);
  }

  private message(run: ActiveRun, type: 'start' | 'standby', tid: number): StartMessage {
    return { type, sab: run.sab, memory: run.memory, js: run.js, source: run.source, tid };
  }

  /**
   * Runs a thread (or parks a standby worker) through the worker's comlink API. The call
   * resolves when the thread has ended; events on the way arrive through the proxied handler.
   */
  private launch(run: ActiveRun, w: Worker, type: 'start' | 'standby', tid: number): void {
    w.onerror = (e) => {
      e.preventDefault();
      this.fatal(run, tid, e.message || 'worker failed to load');
    };
    const api = this.apiOf(w);
    const toPage = Comlink.proxy((m: WorkerMessage) => this.onMessage(run, w, m));
    api
      .run(this.message(run, type, tid), toPage)
      .then((out) => this.onThreadEnd(run, w, out))
      .catch((e: unknown) => this.fatal(run, tid, e instanceof Error ? e.message : String(e)));
  }

  /**
   * One comlink proxy per worker, kept as long as the worker: comlink tells a worker to stop
   * listening once every proxy of it has been garbage-collected, and a worker back in the pool
   * (WorkerPool.giveBack) whose first run's proxy was collected never answered its next run.
   */
  private readonly apis = new WeakMap<Worker, Comlink.Remote<ProgramWorkerApi>>();

  private apiOf(w: Worker): Comlink.Remote<ProgramWorkerApi> {
    let api = this.apis.get(w);
    if (api === undefined) {
      api = Comlink.wrap<ProgramWorkerApi>(w);
      this.apis.set(w, api);
    }
    return api;
  }

  /** Starts thread `tid` on a worker from the warm pool. */
  private startWorker(run: ActiveRun, tid: number): void {
    const w = this.pool.take();
    run.workers.set(tid, w);
    this.launch(run, w, 'start', tid);
    this.grew(run, 1);
  }

  /** Counts a thread started (+1) or ended (-1) and keeps enough standby workers for the burst. */
  private grew(run: ActiveRun, delta: number): void {
    const now = performance.now();
    if (now - run.burstAt > BURST_MS) {
      run.burstAt = now;
      run.burst = 0;
    }
    run.burst += delta;
    const target = Math.min(STANDBY_MAX, STANDBY + 2 * Math.max(0, run.burst - STANDBY));
    while (run.standby.size < target) this.startStandby(run);
  }

  /** Parks a worker on the run's spawn queue. */
  private startStandby(run: ActiveRun): void {
    const w = this.pool.take();
    run.standby.add(w);
    run.fresh.add(w);
    this.launch(run, w, 'standby', 0);
  }

  private onThreadEnd(run: ActiveRun, w: Worker, out: ThreadOutcome): void {
    const fresh = run.fresh.delete(w);
    // A standby that ran no program code serves the next run (a run no longer costs a new
    // worker per standby it did not use).
    const reusable = fresh && out.unused === true;
    if (run.ended) {
      // finish() left the fresh standbys to come back. The pool is topped up once all are back,
      // so it makes only what the run used up.
      if (!fresh) return;
      if (reusable) this.pool.giveBack(w);
      else w.terminate();
      this.returning -= 1;
      if (this.returning === 0) this.reloadPoolWhenIdle();
      return;
    }
    if (out.tid === 1 && out.completed) {
      this.finish(run, out.error ? 'error' : 'finished');
      return;
    }
    // A worker the run no longer needs (enough were parked), or one whose thread failed.
    if (run.workers.get(out.tid) === w) run.workers.delete(out.tid);
    run.standby.delete(w);
    if (reusable) this.pool.giveBack(w);
    else w.terminate();
  }

  /**
   * Thread `tid` has ended and its worker parks again: the thread's last events are read now,
   * and its ring goes back to the heap (a thread-per-task loop must not fill the heap).
   */
  private threadEnded(run: ActiveRun, w: Worker, tid: number): void {
    if (run.workers.get(tid) === w) run.workers.delete(tid);
    run.standby.add(w);
    this.freeRing(run, tid);
    Atomics.sub(run.i32, H.RINGS_PENDING, 1);
    this.grew(run, -1);
  }

  private freeRing(run: ActiveRun, tid: number): void {
    freeRing(run.i32, run.drainer, tid);
  }

  private onMessage(run: ActiveRun, w: Worker, m: WorkerMessage): void {
    if (run.ended) return;
    switch (m.type) {
      case 'spawn':
        this.startWorker(run, m.tid);
        break;
      case 'took':
        run.standby.delete(w);
        run.fresh.delete(w);
        run.workers.set(m.tid, w);
        this.grew(run, 1);
        break;
      case 'ended':
        this.threadEnded(run, w, m.tid);
        break;
      case 'kill':
        this.killProcess(run, m.pid, m.exitcode);
        break;
      case 'fatal':
        this.fatal(run, m.tid, m.message);
        break;
    }
  }

  /** terminate()/kill() of a process: ends its threads' workers and marks their slots ended. */
  private killProcess(run: ActiveRun, pid: number, exitcode: number): void {
    const victims = killThreads(run.i32, pid, (tid) => {
      run.workers.get(tid)?.terminate();
      run.workers.delete(tid);
    });
    // What the process printed before it was killed is shown; nothing after (its worker may
    // run on for a while after terminate(), so its ring is no longer read).
    this.tick(run);
    const t = Math.round((performance.now() - run.startedAt) * 1000);
    endKilled(run.i32, run.drainer, victims, pid, exitcode, t);
  }

  private fatal(run: ActiveRun, tid: number, message: string): void {
    this.tick(run);
    const note: RunNote = { code: 'internal', detail: message.split('\n')[0] ?? message };
    this.sayLine(run, note, run.names.get(tid) ?? `thread ${tid}`, tid);
    this.finish(run, 'error', note);
  }

  private tick(run: ActiveRun, final = false): void {
    const events = run.drainer.drain(final);
    if (events.length > 0) this.deliver(run, events);
    if (final || run.ended) return;
    if (run.heapFull !== null) {
      this.endWithLine(run, 'limit', run.heapFull);
      return;
    }
    const now = performance.now();
    // A step run waiting for the learner is not running: its time limit waits too.
    if (Atomics.load(run.i32, H.STEP_PAUSE) !== 0 && Atomics.load(run.i32, H.STEP_CHOICE) === 0) run.clock.postpone(now - run.lastTick);
    run.lastTick = now;
    const verdict = run.clock.check(now);
    if (verdict === 'ask') {
      run.listener.onTimeLimit?.({
        elapsedS: (now - run.startedAt) / 1000,
        limitS: run.clock.currentLimitS,
        endsAt: run.clock.endsAtMs,
      });
    } else if (verdict === 'end') {
      this.endWithLine(run, 'limit', timeLimitNote((now - run.startedAt) / 1000));
      return;
    }
    if (now - run.lastDeadlockCheck >= DEADLOCK_CHECK_MS) {
      run.lastDeadlockCheck = now;
      const report = run.deadlock.check(run.i32);
      if (report) {
        this.tick(run, true);
        // The cycle on the timeline too: each waiter's lane says it, arrows go holder → waiter.
        const edges: DeadlockEdge[] = report.cycle.map((tid, k) => ({
          tid,
          obj: report.waits.get(tid) ?? 0,
          holder: report.cycle[(k + 1) % report.cycle.length] ?? tid,
        }));
        if (edges.length > 0) {
          const t = Math.round((now - run.startedAt) * 1000);
          this.deliver(run, deadlockEvents(edges, report.message, t, run.lastSeq + 1));
        }
        this.endWithLine(run, 'deadlock', report.note);
      }
    }
  }

  /** Ends the run with a stderr line from the playground itself (deadlock, limits). */
  private endWithLine(run: ActiveRun, state: RunState, note: RunNote): void {
    this.tick(run, true);
    this.sayLine(run, note);
    this.finish(run, state, note);
  }

  /** A stderr line from the playground itself: English in the result, the note for the page. */
  private sayLine(run: ActiveRun, note: RunNote, thread = 'MainThread', tid = 1): void {
    const line: ConsoleLine = {
      thread,
      tid,
      stream: 'stderr',
      text: englishNote(note),
      seq: Number.MAX_SAFE_INTEGER,
      t: Math.round((performance.now() - run.startedAt) * 1000),
      note,
    };
    run.listener.onLines([line]);
    run.lines.push(toResultLine(line));
  }

  private deliver(run: ActiveRun, events: TraceEvent[]): void {
    const lines: ConsoleLine[] = [];
    for (const ev of events) {
      if (ev.seq > run.lastSeq) run.lastSeq = ev.seq;
      if (ev.k === 'thread') run.names.set(ev.tid, ev.name);
      else if (ev.k === 'state' && run.heapFull === null && isHeapCrash(ev)) {
        run.heapFull = heapLimitNote(run.i32.length * 4, run.names.get(ev.tid) ?? `thread ${ev.tid}`);
      } else if (ev.k === 'print') {
        const text = (ev.stream === 'stderr' && pythonMemoryLine(ev.text)) || ev.text;
        const line: ConsoleLine = {
          thread: run.names.get(ev.tid) ?? `thread ${ev.tid}`,
          tid: ev.tid,
          stream: ev.stream,
          text,
          seq: ev.seq,
          t: ev.t,
          ...(ev.line ? { line: ev.line } : {}),
          ...(ev.warning ? { warning: ev.warning } : {}),
        };
        lines.push(line);
        run.lines.push(toResultLine(line));
      }
    }
    if (lines.length) run.listener.onLines(lines);
    run.listener.onTrace(events, run.info);
    // Trace size limit: past the cap the UI swaps to a summary plus the recent half.
    if (run.listener.onTraceReset) {
      const replaced = run.window.push(events);
      if (replaced) run.listener.onTraceReset(replaced, run.info);
    }
  }

  /**
   * At a run's end: wakes its parked standbys (they see ABORT and say they ran nothing, see
   * onThreadEnd) and ends any that has not come back within FRESH_RETURN_MS (one still loading on
   * a busy machine, or stuck) rather than keep it; the pool is reloaded once they are back.
   */
  private releaseFresh(run: ActiveRun): void {
    const i32 = run.i32;
    const parked = Math.min(Atomics.load(i32, H.PARKED), SPAWN_Q_LEN);
    for (let k = 0; k < parked; k++) {
      const cell = i32[H.SPAWN_Q + k] ?? 0;
      if (cell > 0) Atomics.notify(i32, cell >> 2);
    }
    if (run.fresh.size === 0) {
      this.reloadPoolWhenIdle();
      return;
    }
    this.returning += run.fresh.size;
    setTimeout(() => {
      if (run.fresh.size === 0) return;
      this.returning -= run.fresh.size;
      for (const w of run.fresh) w.terminate();
      run.fresh.clear();
      this.reloadPoolWhenIdle();
    }, FRESH_RETURN_MS);
  }

  /** Standby workers of ended runs not back yet (releaseFresh): the pool is reloaded after them. */
  private returning = 0;

  private finish(run: ActiveRun, state: RunState, note?: RunNote): void {
    if (run.ended) return;
    clearInterval(run.timer);
    // Every way a run ends unwinds whatever still runs in it: sliced waits and runtime calls see
    // the flag, and terminated workers that spin on cannot start more work in this run.
    Atomics.store(run.i32, H.ABORT, 1);
    for (const w of run.workers.values()) w.terminate();
    for (const w of run.standby) if (!run.fresh.has(w)) w.terminate();
    run.workers.clear();
    run.standby.clear();
    this.releaseFresh(run);
    this.tick(run, true);
    // Rings of threads whose `ended` had not arrived yet: the heap figure counts what is kept.
    const n = Math.min(Atomics.load(run.i32, H.NEXT_TID), MAX_THREADS);
    for (let tid = 2; tid < n; tid++) {
      if (Atomics.load(run.i32, slotIndex(tid) + T.ALIVE) === 0) this.freeRing(run, tid);
    }
    if (run.heapFull !== null && (state === 'finished' || state === 'error')) {
      // MainThread (or the last thread) crashed on the full heap: the limit ended the run.
      this.sayLine(run, run.heapFull);
      state = 'limit';
      note = run.heapFull;
    }
    const message = note && englishNote(note);
    run.ended = true;
    setTimeout(() => {
      if (!this.running) this.makeSpare();
    }, 300);
    const elapsedMs = performance.now() - run.startedAt;
    run.info = { ...run.info, endedAt: traceEnd(run.sab, elapsedMs, run.info.speed) };
    run.listener.onTrace([], run.info);
    run.listener.onState(state, message, note);
    const lines = run.lines.toArray();
    run.resolve({
      state,
      lines,
      elapsedMs,
      schedule: readSchedule(run.sab, lines),
      ...(message ? { message } : {}),
      heapUsedBytes: run.i32[H.HEAP_USED] ?? 0,
    });
  }
}

/**
 * The trace's end time (µs): the wall time of a parallel run; for a deterministic one its
 * virtual clock in the trace's unit (runtime/core/context.ts nowMicros).
 */
function traceEnd(sab: SharedArrayBuffer, elapsedMs: number, speed: number): number {
  if ((new Int32Array(sab)[H.SCHED_MODE] ?? 0) === 0) return Math.round(elapsedMs * 1000);
  const v = new Float64Array(sab)[HF.VCLOCK] ?? 0;
  return Math.round(v / (Number.isFinite(speed) && speed > 0 ? speed : 1));
}

