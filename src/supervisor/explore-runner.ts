/**
 * The outcome explorer's runs (docs/diagnostics.md, "Outcome explorer"): one program run again
 * and again in `step` mode, each run replaying the decisions it is given and then deciding by the
 * runtime's default policy, logging every decision (protocol/explore.ts). Hundreds of runs a
 * second need what a normal run never does: the same Workers and the same buffer serve every
 * run, and they pass from one run to the next through shared words, with no message per run
 * (protocol/explore.ts `Session`). A run ends when MainThread's worker says the program has
 * ended, or when the scheduler tells the page that nobody can run (an exact deadlock, checked at
 * once from the thread table) or that the log is full; the page then stops it, wakes every
 * waiter until each worker has unwound, and only then lays out the buffer for the next run.
 */
import * as Comlink from 'comlink';
import { EXPLORE_LOG_WORDS, Session, initExploreLog, readExploreLog, type Decision } from '../protocol/explore';
import { HEAP_AT, H, MAX_THREADS, SPAWN_Q_LEN, SchedMode, T, slotIndex } from '../protocol/memory-layout';
import type { ProgramWorkerApi, StartMessage, WorkerMessage } from '../protocol/messages';
import { initRunBuffer } from '../protocol/run';
import type { TraceEvent } from '../protocol/trace';
import { DeadlockDetector } from './deadlock';
import { Drainer, endKilled, freeRing, killThreads } from './drain';
import { englishNote } from './run-notes';

/** How an exploration run ended. */
export type ExploreState = 'finished' | 'error' | 'deadlock' | 'limit';

export interface ExploreRunResult {
  state: ExploreState;
  /** Every stdout line, in order. */
  stdout: string[];
  /** Why it ended, in English, for a deadlock, a limit or an internal error. */
  message?: string;
  decisions: Decision[];
}

export interface ExploreRunnerOptions {
  js: string;
  source: string;
  seed: number;
  maxLive: number;
  heapBytes: number;
  /** A fresh program worker (the supervisor's warm pool). */
  take: () => Worker;
}

/** Workers parked for a first run's `Thread.start()`s; later runs park as many as the last run started. */
const FIRST_STANDBY = 3;
/** The page drains the rings this often while a run goes (a full ring makes a printer wait). */
const DRAIN_MS = 20;
/** The polling deadlock check's spacing, when the exact one could not tell (a process being ended). */
const DEADLOCK_CHECK_MS = 150;
/** Wall time one exploration run may take before it is ended as a limit. */
const RUN_LIMIT_MS = 10_000;
/** How long the workers of an ended run may take to unwind before they are ended instead. */
const UNWIND_LIMIT_MS = 2_000;
/** Re-wakes of an ended run's waiters: a worker may have checked the stop flag just before it was set. */
const REWAKE_MS = 5;

type WaitAsync = (i32: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: unknown };
/** `Atomics.waitAsync` (ES2024; the project's lib is ES2023), where the browser has it. */
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Resolves when `i32[index]` is no longer `seen`, or after `ms` (1 ms where waitAsync is missing). */
function change(i32: Int32Array, index: number, seen: number, ms = DRAIN_MS): Promise<unknown> {
  if (waitAsync === undefined) return new Promise((res) => setTimeout(res, 1));
  const w = waitAsync(i32, index, seen, ms);
  return w.async ? (w.value as Promise<unknown>) : Promise.resolve();
}

interface Live {
  drainer: Drainer;
  stdout: string[];
  /** A worker failed (a runtime bug): the run ends as an error with this message. */
  fatal: string | null;
  /** Which worker runs which thread (a killed process's workers are ended). */
  workers: Map<number, Worker>;
  startedAt: number;
  /** The run's number in the session (protocol/explore.ts `Session.GEN`). */
  gen: number;
}

export class ExploreRunner {
  private memory!: WebAssembly.Memory;
  private sab!: SharedArrayBuffer;
  private i32!: Int32Array;
  /**
   * A worker was ended while it may still run (a killed process's, one that did not unwind):
   * Chromium lets it run on for a while, writing to the buffer, so the next run gets a new one.
   */
  private tainted = false;
  /** The session's words (protocol/explore.ts `Session`), kept across runs. */
  private readonly control = new SharedArrayBuffer(Session.WORDS * 4);
  private readonly ctl = new Int32Array(this.control);
  /** The session's workers by their number; each serves every run until the session ends. */
  private readonly workers = new Map<number, Worker>();
  private nextWorker = 1;
  /** Workers that serve the run going on (or ending): each says when it has unwound. */
  private serving = 0;
  private live: Live | null = null;
  private standby = FIRST_STANDBY;
  /** Threads the last run used (its slots are cleared before the next). */
  private lastTids = 1;
  private disposed = false;

  constructor(private readonly o: ExploreRunnerOptions) {
    this.newBuffer();
  }

  private newBuffer(): void {
    const pages = Math.ceil(this.o.heapBytes / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.sab = this.memory.buffer as unknown as SharedArrayBuffer;
    this.i32 = new Int32Array(this.sab);
    this.lastTids = 1;
    this.tainted = false;
  }

  /** One run: replays `forced`, then the default policy decides; resolves when it has ended and unwound. */
  async run(forced: readonly number[]): Promise<ExploreRunResult> {
    if (this.disposed) throw new Error('explore runner disposed');
    // The session's workers hold the old buffer: they leave with it.
    if (this.tainted) {
      for (const n of [...this.workers.keys()]) this.fail(n, null);
      this.newBuffer();
    }
    this.layOut(forced);
    const gen = Atomics.load(this.ctl, Session.GEN) + 1;
    const live: Live = { drainer: new Drainer(this.i32), stdout: [], fatal: null, workers: new Map(), startedAt: performance.now(), gen };
    this.live = live;
    Atomics.store(this.ctl, Session.MAIN_END, 0);
    Atomics.store(this.ctl, Session.RETURNED, 0);
    // The session's workers serve the run; new ones join it (a first run, or more threads than before).
    this.serving = this.workers.size;
    const first = this.workers.entries().next();
    if (first.done === true) Atomics.store(this.ctl, Session.MAIN, this.launch(live, gen, 'start', 1));
    else {
      Atomics.store(this.ctl, Session.MAIN, first.value[0]);
      live.workers.set(1, first.value[1]);
    }
    for (let k = this.workers.size; k < this.standby + 1; k++) this.launch(live, gen, 'standby', 0);
    Atomics.store(this.ctl, Session.STANDBY, Math.min(this.standby, this.workers.size - 1));
    Atomics.store(this.ctl, Session.GEN, gen);
    Atomics.notify(this.ctl, Session.GEN);
    const end = await this.watch(live);
    Atomics.store(this.i32, H.ABORT, 1);
    this.wakeAll();
    this.collect(live, true);
    const decisions = readExploreLog(this.i32);
    const threads = Atomics.load(this.i32, H.NEXT_TID) - 1;
    this.lastTids = threads + 1;
    this.standby = Math.min(SPAWN_Q_LEN, Math.max(0, threads - 1));
    await this.unwind();
    this.live = null;
    return { ...end, stdout: live.stdout, decisions };
  }

  /** Ends the session and its workers (the exploration is over). */
  dispose(): void {
    this.disposed = true;
    Atomics.store(this.ctl, Session.QUIT, 1);
    Atomics.notify(this.ctl, Session.GEN);
    Atomics.store(this.i32, H.ABORT, 1);
    this.wakeAll();
    for (const w of this.workers.values()) w.terminate();
    this.workers.clear();
  }

  /** The buffer as a fresh `step` run's, with the decision log and the decisions to replay. */
  private layOut(forced: readonly number[]): void {
    // The header and the slots the last run used; the heap needs nothing (alloc zeroes).
    this.i32.fill(0, 0, Math.min(HEAP_AT >> 2, slotIndex(this.lastTids + 1)));
    initRunBuffer(this.sab, {
      tracing: false,
      maxLive: this.o.maxLive,
      speed: Infinity,
      startedAt: performance.now(),
      sched: { mode: SchedMode.STEP, seed: this.o.seed },
      steps: forced,
      detect: 0,
    });
    initExploreLog(this.i32, EXPLORE_LOG_WORDS);
  }

  /**
   * A new worker joins the session, serving run `gen` first as thread `tid` (`start`) or parked
   * for the run's threads (`standby`). Returns its number.
   */
  private launch(live: Live, gen: number, type: StartMessage['type'], tid: number): number {
    const w = this.o.take();
    const me = this.nextWorker++;
    this.workers.set(me, w);
    this.serving++;
    if (tid !== 0) live.workers.set(tid, w);
    w.onerror = (e) => {
      e.preventDefault();
      this.fail(me, e.message || 'worker failed to load');
    };
    const message: StartMessage = {
      type,
      sab: this.sab,
      memory: this.memory,
      js: this.o.js,
      source: this.o.source,
      tid,
      session: { control: this.control, worker: me, gen },
    };
    const toPage = Comlink.proxy((m: WorkerMessage) => this.onMessage(me, w, m));
    // The call returns when the session ends, or when the worker failed.
    Comlink.wrap<ProgramWorkerApi>(w)
      .run(message, toPage)
      .then(() => {
        if (!this.disposed) this.fail(me, 'a session worker left the session');
      })
      .catch((e: unknown) => this.fail(me, e instanceof Error ? e.message : String(e)));
    return me;
  }

  /** Worker `me` failed (or was ended with its process): it leaves the session; the run ends as an error. */
  private fail(me: number, message: string | null): void {
    const w = this.workers.get(me);
    if (w === undefined) return;
    this.workers.delete(me);
    w.terminate();
    // It will not say it has unwound.
    this.serving--;
    if (this.live !== null && message !== null) this.live.fatal ??= message.split('\n')[0] ?? message;
    Atomics.notify(this.ctl, Session.RETURNED);
  }

  private onMessage(me: number, w: Worker, m: WorkerMessage): void {
    const live = this.live;
    // A message about an earlier run (it arrived after that run ended) is not this run's.
    if (live === null || this.workers.get(me) !== w || m.gen !== live.gen) return;
    switch (m.type) {
      case 'spawn':
        // No worker was parked for the new thread: one more joins the session.
        this.launch(live, live.gen, 'start', m.tid);
        break;
      case 'took':
        live.workers.set(m.tid, w);
        break;
      case 'ended':
        freeRing(this.i32, live.drainer, m.tid);
        Atomics.sub(this.i32, H.RINGS_PENDING, 1);
        break;
      case 'kill': {
        // The process's workers end with it (Chromium lets a terminated busy worker run on).
        const victims = killThreads(this.i32, m.pid, (tid) => {
          const v = live.workers.get(tid);
          for (const [n, x] of this.workers) if (x === v) this.fail(n, null);
          this.tainted = true;
        });
        this.collect(live, false);
        endKilled(this.i32, live.drainer, victims, m.pid, m.exitcode, 0);
        break;
      }
      case 'fatal':
        this.fail(me, m.message);
        break;
    }
  }

  /** Waits for the run's end: the program's, a deadlock, a full log, a failure or the time limit. */
  private async watch(live: Live): Promise<Pick<ExploreRunResult, 'state' | 'message'>> {
    const detector = new DeadlockDetector();
    let idleSeen = 0;
    let lastCheck = 0;
    for (;;) {
      await Promise.race([change(this.i32, H.EXPLORE_IDLE, idleSeen), change(this.ctl, Session.MAIN_END, 0)]);
      this.collect(live, false);
      if (live.fatal !== null) return { state: 'error', message: live.fatal };
      const main = Atomics.load(this.ctl, Session.MAIN_END);
      if (main !== 0) return { state: main === 2 ? 'error' : 'finished' };
      const now = performance.now();
      const idle = Atomics.load(this.i32, H.EXPLORE_IDLE);
      if (Atomics.load(this.i32, H.EXPLORE_FULL) !== 0) {
        return { state: 'limit', message: `more than ${Atomics.load(this.i32, H.SCHED_DECISIONS)} scheduling decisions: too long a run to explore` };
      }
      // Nobody can run: exact in a deterministic run, unless a killed process is still ending.
      const report = idle !== idleSeen ? detector.exact(this.i32) : now - lastCheck >= DEADLOCK_CHECK_MS ? detector.check(this.i32) : null;
      if (idle === idleSeen && now - lastCheck >= DEADLOCK_CHECK_MS) lastCheck = now;
      idleSeen = idle;
      if (report !== null) return { state: 'deadlock', message: englishNote(report.note) };
      if (now - live.startedAt > RUN_LIMIT_MS) return { state: 'limit', message: `one run took more than ${RUN_LIMIT_MS / 1000} s` };
    }
  }

  /** Drains the rings: stdout lines are kept (tracing is off: little else is written). */
  private collect(live: Live, final: boolean): void {
    const events: TraceEvent[] = live.drainer.drain(final);
    for (const ev of events) if (ev.k === 'print' && ev.stream === 'stdout') live.stdout.push(ev.text);
  }

  /**
   * Wakes every thread of the stopped run wherever it waits (its token cell, its wait word, the
   * park stack, a full ring, the learner's answer), so each sees the stop flag and unwinds.
   */
  private wakeAll(): void {
    const i32 = this.i32;
    for (const w of [H.ABORT, H.STEP_CHOICE, H.DRAINED, H.EXITS]) Atomics.notify(i32, w);
    const n = Math.min(Atomics.load(i32, H.NEXT_TID), MAX_THREADS);
    for (let tid = 1; tid < n; tid++) {
      const s = slotIndex(tid);
      for (const w of [T.SCHED_CELL, T.SLEEP, T.STATE, T.ALIVE, T.WAKE]) Atomics.notify(i32, s + w);
      const futex = Atomics.load(i32, s + T.FUTEX);
      if (futex !== 0) Atomics.notify(i32, futex - 1);
    }
    const parked = Math.min(Atomics.load(i32, H.PARKED), SPAWN_Q_LEN);
    for (let k = 0; k < parked; k++) Atomics.notify(i32, (i32[H.SPAWN_Q + k] ?? 0) >> 2);
  }

  /** Resolves once every worker of the ended run has unwound (one that does not is ended). */
  private async unwind(): Promise<void> {
    const t0 = performance.now();
    for (;;) {
      const returned = Atomics.load(this.ctl, Session.RETURNED);
      if (returned >= this.serving) return;
      await change(this.ctl, Session.RETURNED, returned, REWAKE_MS);
      this.wakeAll();
      if (performance.now() - t0 > UNWIND_LIMIT_MS) {
        // Not one of them can be told from the others: the session starts over with new workers.
        for (const n of [...this.workers.keys()]) this.fail(n, null);
        this.serving = 0;
        this.tainted = true;
        return;
      }
    }
  }
}
