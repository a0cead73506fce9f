/**
 * The outcome explorer's runs (docs/diagnostics.md, "Outcome explorer"): one program run again
 * and again in `step` mode, each run replaying the decisions it is given and then deciding by the
 * runtime's default policy, logging every decision (protocol/explore.ts). Hundreds of runs a
 * second need what a normal run never does: the same Workers and the same buffer serve every
 * run. A run ends when MainThread's worker says the program has ended, or when the scheduler
 * tells the page that nobody can run (an exact deadlock, checked at once from the thread table)
 * or that the log is full; the page then stops it, wakes every waiter so each worker unwinds and
 * returns, and only then lays out the buffer for the next run.
 */
import * as Comlink from 'comlink';
import { EXPLORE_LOG_WORDS, initExploreLog, readExploreLog, type Decision } from '../protocol/explore';
import { HEAP_AT, H, MAX_THREADS, SPAWN_Q_LEN, SchedMode, T, slotIndex } from '../protocol/memory-layout';
import type { ProgramWorkerApi, StartMessage, ThreadOutcome, WorkerMessage } from '../protocol/messages';
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

/** Resolves when H.EXPLORE_IDLE is no longer `seen`, or after DRAIN_MS (1 ms where waitAsync is missing). */
function idleChange(i32: Int32Array, seen: number): Promise<unknown> {
  if (waitAsync === undefined) return new Promise((res) => setTimeout(res, 1));
  const w = waitAsync(i32, H.EXPLORE_IDLE, seen, DRAIN_MS);
  return w.async ? (w.value as Promise<unknown>) : Promise.resolve();
}

interface Live {
  drainer: Drainer;
  stdout: string[];
  /** A worker failed (a runtime bug): the run ends as an error with this message. */
  fatal: string | null;
  mainOut: ThreadOutcome | null;
  /** Which worker runs which thread (a killed process's workers are ended). */
  workers: Map<number, Worker>;
  /** Resolves when MainThread's worker returns or a worker fails. */
  wake: () => void;
  startedAt: number;
}

export class ExploreRunner {
  private readonly memory: WebAssembly.Memory;
  private readonly sab: SharedArrayBuffer;
  private readonly i32: Int32Array;
  /** Workers that served a run and returned cleanly: the next run's. */
  private readonly idle: Worker[] = [];
  /** Workers whose `run()` has not returned yet. */
  private readonly busy = new Set<Worker>();
  /** Called when `busy` empties (an ended run has unwound). */
  private onQuiet: (() => void) | null = null;
  private readonly remotes = new WeakMap<Worker, Comlink.Remote<ProgramWorkerApi>>();
  /** Workers that may not serve again (killed with their process, failed). */
  private readonly spoilt = new WeakSet<Worker>();
  private live: Live | null = null;
  private standby = FIRST_STANDBY;
  /** Threads the last run used (its slots are cleared before the next). */
  private lastTids = 1;
  private disposed = false;

  constructor(private readonly o: ExploreRunnerOptions) {
    const pages = Math.ceil(o.heapBytes / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.sab = this.memory.buffer as unknown as SharedArrayBuffer;
    this.i32 = new Int32Array(this.sab);
  }

  /** One run: replays `forced`, then the default policy decides; resolves when it has ended and unwound. */
  async run(forced: readonly number[]): Promise<ExploreRunResult> {
    if (this.disposed) throw new Error('explore runner disposed');
    this.layOut(forced);
    let wake = () => {};
    const woken = new Promise<void>((res) => (wake = res));
    const live: Live = { drainer: new Drainer(this.i32), stdout: [], fatal: null, mainOut: null, workers: new Map(), wake, startedAt: performance.now() };
    this.live = live;
    this.launch(live, this.worker(), 'start', 1);
    for (let k = 0; k < this.standby; k++) this.launch(live, this.worker(), 'standby', 0);
    const end = await this.watch(live, woken);
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

  /** Ends every worker (the exploration is over). */
  dispose(): void {
    this.disposed = true;
    Atomics.store(this.i32, H.ABORT, 1);
    this.wakeAll();
    for (const w of [...this.idle, ...this.busy]) w.terminate();
    this.idle.length = 0;
    this.busy.clear();
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

  private worker(): Worker {
    return this.idle.pop() ?? this.o.take();
  }

  private launch(live: Live, w: Worker, type: StartMessage['type'], tid: number): void {
    let api = this.remotes.get(w);
    if (api === undefined) {
      api = Comlink.wrap<ProgramWorkerApi>(w);
      this.remotes.set(w, api);
    }
    w.onerror = (e) => {
      e.preventDefault();
      this.fail(live, w, e.message || 'worker failed to load');
    };
    this.busy.add(w);
    if (tid !== 0) live.workers.set(tid, w);
    const message: StartMessage = { type, sab: this.sab, memory: this.memory, js: this.o.js, source: this.o.source, tid, reuse: true };
    const toPage = Comlink.proxy((m: WorkerMessage) => this.onMessage(live, w, m));
    api
      .run(message, toPage)
      .then((out) => {
        if (out.tid === 1 && out.completed) {
          live.mainOut = out;
          live.wake();
        }
      })
      .catch((e: unknown) => this.fail(live, w, e instanceof Error ? e.message : String(e)))
      .finally(() => this.returned(w));
  }

  /** A worker's `run()` has returned (or the worker was ended): it serves the next run unless spoilt. */
  private returned(w: Worker): void {
    if (!this.busy.delete(w)) return;
    if (this.spoilt.has(w) || this.disposed) w.terminate();
    else this.idle.push(w);
    if (this.busy.size === 0) this.onQuiet?.();
  }

  private fail(live: Live, w: Worker, message: string): void {
    this.spoilt.add(w);
    live.fatal ??= message.split('\n')[0] ?? message;
    live.wake();
  }

  private onMessage(live: Live, w: Worker, m: WorkerMessage): void {
    if (this.live !== live) return;
    switch (m.type) {
      case 'spawn':
        this.launch(live, this.worker(), 'start', m.tid);
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
          if (v === undefined) return;
          this.spoilt.add(v);
          this.returned(v);
        });
        this.collect(live, false);
        endKilled(this.i32, live.drainer, victims, m.pid, m.exitcode, 0);
        break;
      }
      case 'fatal':
        this.fail(live, w, m.message);
        break;
    }
  }

  /** Waits for the run's end: the program's, a deadlock, a full log, a failure or the time limit. */
  private async watch(live: Live, woken: Promise<void>): Promise<Pick<ExploreRunResult, 'state' | 'message'>> {
    const detector = new DeadlockDetector();
    let idleSeen = 0;
    let lastCheck = 0;
    for (;;) {
      await Promise.race([idleChange(this.i32, idleSeen), woken]);
      this.collect(live, false);
      if (live.fatal !== null) return { state: 'error', message: live.fatal };
      if (live.mainOut !== null) return { state: live.mainOut.error ? 'error' : 'finished' };
      const now = performance.now();
      const idle = Atomics.load(this.i32, H.EXPLORE_IDLE);
      if (Atomics.load(this.i32, H.EXPLORE_FULL) !== 0) return { state: 'limit', message: `more than ${EXPLORE_LOG_WORDS} words of decisions: too long to explore` };
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

  /** Resolves once every worker of the ended run has returned (one that does not is ended). */
  private async unwind(): Promise<void> {
    const t0 = performance.now();
    while (this.busy.size > 0) {
      await new Promise<void>((res) => {
        this.onQuiet = res;
        setTimeout(res, REWAKE_MS);
      });
      this.onQuiet = null;
      this.wakeAll();
      if (performance.now() - t0 > UNWIND_LIMIT_MS) {
        for (const w of [...this.busy]) {
          this.spoilt.add(w);
          this.returned(w);
        }
      }
    }
  }
}
