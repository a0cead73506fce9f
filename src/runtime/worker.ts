/**
 * A program worker: idles warm until the page hands it a run, then runs threads of that run.
 * MainThread runs the top level and then waits for the program's non-daemon threads (CPython's
 * `threading._shutdown`); any other thread evaluates the module's declarations with its snapshot
 * and runs its target. When a thread other than MainThread ends, its worker forgets the thread's
 * state (core/perthread.ts) and parks on the run's spawn queue for the next `start()`: starting
 * a thread then costs a wake-up, not a new worker (tens of milliseconds), and a thread-per-task
 * loop runs on a handful of workers. A worker never serves two runs: program code may have
 * changed its globals, and a stopped run's buffer may still be written by its workers. The
 * exception is the outcome explorer's session (`session`): the same program, run again and
 * again on the same workers and buffer, each run ended and unwound before the next begins, with
 * every thread's state forgotten as between two threads of one run.
 */
import * as Comlink from 'comlink';
import { H, T, ThreadFlag, ThreadState, slotIndex } from '../protocol/memory-layout';
import { alloc, free, readString } from '../protocol/heap';
import { writeThread } from '../protocol/trace';
import { setHost } from './host';
import { RunAborted } from './errors';
import { aborting, currentLine, ctx, futexWait, makeContext, nowMicros, setCtx, setState } from './core/context';
import { flushCounters } from './core/counters';
import { flushTaskTrace } from './core/tasktrace';
import { makeFastPath, precompileFastPath } from './core/fastpath';
import { post, setPoster } from './core/port';
import { WORKER_LOADED, type ProgramWorkerApi, type StartMessage, type ThreadOutcome, type WorkerMessage } from '../protocol/messages';
import type { ProgramRt } from '../protocol/program';
import { decodeValue, loadValue } from './core/values';
import { awaitHandedTid, joinParkStack, parkForThread } from './core/spawn';
import { wallNow } from './core/wallclock';
import { beginThread, det, endThread } from './core/sched';
import { beginDetectors, detect } from './core/warn';
import { beginRace, endKey, hbRelease } from './core/race';
import { programHost } from './program-host';
import { installProgramClocks } from './core/detglobals';
import { seedRandom } from './random';
import { resetPerThread } from './core/perthread';
import { restoreInherited } from './core/inherit';
import { invokeExcepthook } from './threading/excepthook';
import { formatTraceback, measureLineOffset } from './traceback';
import { loadProgram, makeRt, printErr } from './program';
import { Thread, setCurrentThread, setProcessSelf } from './threading/thread';
import './shared';
import { installModules } from './modules';
import { finishAsyncio, installAsyncioBridge } from './asyncio-bridge';
import type { SpawnPayload } from './core/spawn';
import { Session } from '../protocol/explore';

/** The parts of a dedicated worker's global scope used here (the project's lib is DOM's). */
interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (e: MessageEvent) => void): void;
}
const scope = self as unknown as WorkerScope;
// Captured before sandbox() removes postMessage from the program's global scope.
const endpoint: Comlink.Endpoint = {
  postMessage: scope.postMessage.bind(scope),
  addEventListener: scope.addEventListener.bind(scope) as Comlink.Endpoint['addEventListener'],
  removeEventListener: scope.removeEventListener.bind(scope) as Comlink.Endpoint['removeEventListener'],
};
// Tracebacks need the program's outer frames too (V8 keeps 10 by default).
Error.stackTraceLimit = 100;
const lineOffset = measureLineOffset();

/** User code gets no network and no storage (docs/quality-bars.md): the globals are removed before it runs. */
function sandbox(): void {
  const banned = [
    'fetch',
    'XMLHttpRequest',
    'WebSocket',
    'WebSocketStream',
    'EventSource',
    'importScripts',
    'indexedDB',
    'caches',
    'Worker',
    'SharedWorker',
    'BroadcastChannel',
    'WebTransport',
    'postMessage',
    // Ending the worker from inside would leave its thread "running" forever for everyone who joins it.
    'close',
  ];
  // Most of these are accessors or methods on the scope's prototypes (WorkerGlobalScope.prototype
  // .fetch, .importScripts, .indexedDB…): shadowing them on the scope alone would leave
  // `Object.getPrototypeOf(self).fetch.call(self, url)` working, so they go from the chain too.
  for (let o = Object.getPrototypeOf(scope) as object | null; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of banned) {
      if (!Object.hasOwn(o, k)) continue;
      try {
        delete (o as Record<string, unknown>)[k];
      } catch {
        /* non-configurable: the own-property shadow below still hides it */
      }
    }
  }
  for (const k of banned) {
    try {
      Object.defineProperty(scope, k, { value: undefined, writable: false, configurable: false });
    } catch {
      /* not present in this engine */
    }
  }
}

function installHost(): void {
  setHost(programHost());
}

/**
 * How a thread's program ended is not the program's once its run was stopped or its process
 * killed: whatever it raised while unwinding (an interrupted acquisition's `finally` releasing a
 * lock it never got back) is part of the stop, not a crash to report.
 */
function unwinding(err: unknown): boolean {
  return err instanceof RunAborted || aborting();
}

function report(err: unknown, header?: string): void {
  if (unwinding(err)) return;
  const c = ctx();
  printErr(formatTraceback(err, { source: c.source, lineOffset: c.lineOffset, ...(header ? { header } : {}) }));
}

/**
 * Waits until every non-daemon thread and process started by this process has ended (CPython:
 * `threading._shutdown`, then multiprocessing's exit handler joining non-daemon children).
 */
function waitForChildren(): void {
  const c = ctx();
  const i32 = c.i32;
  let blocked = false;
  for (;;) {
    const exits = Atomics.load(i32, H.EXITS);
    let waiting = false;
    const n = Atomics.load(i32, H.NEXT_TID);
    for (let tid = 1; tid < n && !waiting; tid++) {
      if (tid === c.tid) continue;
      const s = slotIndex(tid);
      if (Atomics.load(i32, s + T.ALIVE) !== 1) continue;
      if ((i32[s + T.OWNER] ?? 0) !== c.pid) continue;
      if ((i32[s + T.FLAGS] ?? 0) & ThreadFlag.DAEMON) continue;
      waiting = true;
    }
    if (!waiting) break;
    if (!blocked) {
      blocked = true;
      setState('blocked', { kind: 2, what: 'shutdown: waiting for non-daemon threads' });
    }
    futexWait(i32, H.EXITS, exits, Infinity);
  }
  if (blocked) setState('running');
}

/** Marks this thread ended in its slot and tells whoever joins it. */
function finish(crashed: boolean, error?: string): void {
  const c = ctx();
  const i32 = c.i32;
  flushCounters();
  flushTaskTrace();
  // On the park stack before anyone learns that this thread ended (its starter's start() or a
  // join() wakes next), so that the next start() takes this worker, warm from the thread it just
  // ran, rather than one that parked earlier and went to sleep: in a loop of starts, consecutive
  // threads then run on the same worker (see park()).
  if (c.tid !== 1 && parkCell !== 0) parkedEarly = joinParkStack(i32, parkCell);
  setState(crashed ? 'crashed' : 'done', error ? { error } : {});
  i32[c.slot + T.END_T] = nowMicros();
  // The race detector: all this thread did happens before what its joiner does next.
  hbRelease(endKey(c.tid));
  Atomics.store(i32, c.slot + T.ALIVE, 0);
  Atomics.notify(i32, c.slot + T.ALIVE);
  Atomics.sub(i32, H.LIVE, 1);
  Atomics.add(i32, H.EXITS, 1);
  Atomics.notify(i32, H.EXITS);
  endThread();
}

function summary(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

function runMain(program: (rt: ProgramRt) => void): ThreadOutcome {
  const c = ctx();
  const main = new Thread({ name: 'MainThread', daemon: false });
  c.i32[(main.addr >> 2) + 2] = c.tid;
  main._bind(main.addr, c.tid);
  c.i32[c.slot + T.OBJ] = main.addr;
  setCurrentThread(main);
  writeThread(c.ring, c.tid, null, c.pid, 'main', false, 'MainThread');
  // A lane opens `ready`; this says its code has begun (timeline/model.ts).
  setState('running', { essential: true });
  installAsyncioBridge(true, 'MainThread');
  let error: unknown = null;
  try {
    program(makeRt(true, null));
    finishAsyncio();
  } catch (e) {
    if (unwinding(e)) return aborted(c.tid);
    error = e;
    report(e);
  }
  try {
    waitForChildren();
  } catch (e) {
    if (e instanceof RunAborted) return aborted(c.tid);
    throw e;
  }
  finish(error !== null, error !== null ? summary(error) : undefined);
  return { tid: c.tid, error: error !== null, completed: true };
}

function aborted(tid: number): ThreadOutcome {
  return { tid, error: false, completed: false };
}

interface RunSpec {
  target?: ((...a: unknown[]) => unknown) | null;
  args?: unknown[];
  kwargs?: Record<string, unknown> | null;
  cls?: { prototype: object };
  fields?: Record<string, unknown>;
}

function runThread(program: (rt: ProgramRt) => void): ThreadOutcome {
  const c = ctx();
  const i32 = c.i32;
  const payloadAddr = i32[c.slot + T.PAYLOAD] ?? 0;
  const payload = loadValue(payloadAddr) as SpawnPayload;
  // Decoded into this worker: the heap copy is no longer needed (a thread-per-task loop would
  // otherwise fill the heap with snapshots).
  i32[c.slot + T.PAYLOAD] = 0;
  free(i32, payloadAddr);
  const obj = i32[c.slot + T.OBJ] ?? 0;
  const name = readString(i32, i32[c.slot + T.NAME] ?? 0);
  c.threadName = name;
  const isProcess = ((i32[c.slot + T.FLAGS] ?? 0) & ThreadFlag.PROCESS) !== 0;
  let self: Thread;
  let crashed = false;
  let error: string | undefined;
  try {
    installAsyncioBridge(false, name);
    program(makeRt(false, payload.scope));
    restoreInherited(payload.inherit);
    const spec = decodeValue(payload.run) as RunSpec;
    if (spec.cls) {
      self = Object.create(spec.cls.prototype) as Thread;
      Object.assign(self, spec.fields ?? {});
      self._bind(obj, c.tid);
    } else {
      self = new Thread({ target: spec.target ?? null, args: spec.args ?? [], kwargs: spec.kwargs ?? null }, obj);
      self._bind(obj, c.tid);
    }
    if (isProcess) {
      // CPython: in the child, current_process() is the Process and current_thread() its MainThread.
      setProcessSelf(self);
      const main = new Thread({ name: 'MainThread', daemon: false });
      main._bind(main.addr, c.tid, 'MainThread');
      setCurrentThread(main);
    } else setCurrentThread(self);
  } catch (e) {
    // Setting up failed (e.g. a value that could not cross): report it as the thread's crash.
    Atomics.store(i32, c.slot + T.STATE, ThreadState.RUNNING);
    Atomics.notify(i32, c.slot + T.STATE);
    announceTook();
    if (unwinding(e)) return aborted(c.tid);
    report(e, `Exception in thread ${name}:`);
    finish(true, summary(e));
    return { tid: c.tid, error: true, completed: true };
  }
  // Its code begins: wakes the starter's start() (setState notifies the STATE word) and ends the
  // `ready` its lane opened with at start() (timeline/model.ts), tracing off too.
  setState('running', { essential: true });
  announceTook();
  try {
    self.run();
    finishAsyncio();
  } catch (e) {
    if (unwinding(e)) return aborted(c.tid);
    crashed = true;
    error = summary(e);
    try {
      // A thread's crash goes to threading.excepthook (the default prints the same report).
      if (isProcess) report(e, `Process ${name}:`);
      else invokeExcepthook(e, self);
    } catch (hookError) {
      if (unwinding(hookError)) return aborted(c.tid);
      throw hookError;
    }
  }
  try {
    if (isProcess) waitForChildren();
  } catch (e) {
    if (e instanceof RunAborted) return aborted(c.tid);
    throw e;
  }
  if (isProcess) i32[c.slot + T.EXITCODE] = crashed ? 1 : 0;
  finish(crashed, error);
  return { tid: c.tid, error: crashed, completed: true };
}

function start(m: StartMessage, tid: number, program: (rt: ProgramRt) => void): ThreadOutcome {
  const c = makeContext(m.sab, tid, m.source, lineOffset, m.memory);
  setCtx(c);
  try {
    // A deterministic run: nothing of this thread runs before it holds the run's token.
    beginThread(c, () => currentLine(true) ?? 0);
    beginDetectors(c.i32);
    beginRace(detect);
    const seed = c.i32[H.SCHED_SEED] ?? 0;
    installProgramClocks(det, seed, tid, c.startTime);
    if (det) seedRandom(seed >>> 0, tid);
  } catch (e) {
    if (e instanceof RunAborted) return aborted(tid);
    throw e;
  }
  return tid === 1 ? runMain(program) : runThread(program);
}

/**
 * Waits on the run's park stack for the next thread. 0: the run ended, or enough workers are
 * parked already (the page then ends this one).
 */
function park(i32: Int32Array): number {
  const tid = parkedEarly ? awaitHandedTid(i32, parkCell) : parkForThread(i32, parkCell);
  parkedEarly = false;
  tookTid = tid;
  return tid;
}

/** This worker's wake cell on the run's park stack (0: not serving a run as a thread's worker). */
let parkCell = 0;
/** finish() already put the cell on the park stack: park() only waits for a tid. */
let parkedEarly = false;

/**
 * The thread a parked worker took, not yet told to the page. It is told once the thread runs
 * (or failed to): posting costs a structured clone, and the starter's start() is waiting.
 */
let tookTid = 0;

function announceTook(): void {
  if (tookTid === 0) return;
  post({ type: 'took', tid: tookTid });
  tookTid = 0;
}

/**
 * What this worker has served: nothing yet (or only parked: no program code ran), one run, or
 * the explorer's runs of one program.
 */
let served: 'none' | 'one' | { js: string; program: (rt: ProgramRt) => void } = 'none';
/** The runtime's host and modules are installed and the scope sandboxed (once per worker). */
let installed = false;

/** The compiled program; an explorer's worker keeps it from run to run (same program only). */
function programFor(m: StartMessage): (rt: ProgramRt) => void {
  // One run per worker otherwise: program code may have changed this worker's globals.
  if (served === 'one' || (served !== 'none' && (m.session === undefined || served.js !== m.js))) throw new Error('a program worker serves one run only');
  if (served !== 'none') return served.program;
  if (!installed) {
    installHost();
    installModules();
  }
  // Compiling runs none of it: a standby that parked and was never handed a thread stays clean.
  const program = loadProgram(m.js);
  if (!installed) sandbox();
  installed = true;
  served = m.session !== undefined ? { js: m.js, program } : 'one';
  return program;
}

/**
 * A standby that parked and was handed no thread: no program code ran here, so the worker may
 * serve another run (the page puts it back in its pool), and saying so saves loading a new one.
 */
function unused(): ThreadOutcome {
  if (served === 'one') served = 'none';
  return { tid: 0, error: false, completed: false, unused: true };
}

/**
 * Serves one run: thread `tid` (`start`), or parks for the run's next thread (`standby`), and
 * then for the one after it, until the run ends. Returns how the last thread it ran ended.
 */
function serve(m: StartMessage, type: StartMessage['type'], first: number, toPage: (msg: WorkerMessage) => void): ThreadOutcome {
  let tid = first;
  try {
    // Compiled before parking, so a standby worker starts its thread at once.
    const program = programFor(m);
    setPoster((msg) => void toPage(msg));
    const i32 = new Int32Array(m.sab);
    // This worker's wake cell for the park stack (core/spawn.ts), kept for the whole run.
    parkCell = alloc(i32, 8);
    parkedEarly = false;
    if (type === 'standby') {
      makeFastPath(m.sab, m.memory);
      tid = park(i32);
      if (tid === 0) return unused();
    }
    for (;;) {
      const out = start(m, tid, program);
      // MainThread's end is the program's; a stopped run or killed process ends the worker.
      if (tid === 1 || !out.completed) return out;
      // Everything the thread logged is in its ring: the page drains it and frees the ring.
      Atomics.add(i32, H.RINGS_PENDING, 1);
      void toPage({ type: 'ended', tid });
      resetPerThread();
      tid = park(i32);
      if (tid === 0) return aborted(0);
    }
  } catch (err) {
    if (err instanceof RunAborted) return aborted(tid);
    served = 'one';
    void toPage({
      type: 'fatal',
      tid,
      message: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err),
    });
    return aborted(tid);
  }
}

/**
 * The outcome explorer's worker (protocol/explore.ts `Session`): serves run after run of the
 * same program on the same buffer, each as a fresh thread, without a message per run. After each
 * run it says it has unwound (RETURNED) and waits for the page to lay out the next (GEN); the
 * worker the page names (MAIN) runs its MainThread, the others park for its threads.
 */
function session(m: StartMessage, control: SharedArrayBuffer, me: number, toPage: (msg: WorkerMessage) => void): ThreadOutcome {
  const ctl = new Int32Array(control);
  let gen = m.session?.gen ?? 0;
  let type = m.type;
  let tid = m.tid;
  for (;;) {
    const run = gen;
    const out = serve(m, type, tid, (msg) => toPage({ ...msg, gen: run }));
    resetPerThread();
    if (out.tid === 1 && out.completed) {
      Atomics.store(ctl, Session.MAIN_END, out.error ? 2 : 1);
      Atomics.notify(ctl, Session.MAIN_END);
    }
    if (served === 'one') return out;
    Atomics.add(ctl, Session.RETURNED, 1);
    Atomics.notify(ctl, Session.RETURNED);
    while (Atomics.load(ctl, Session.GEN) === gen && Atomics.load(ctl, Session.QUIT) === 0) Atomics.wait(ctl, Session.GEN, gen, 250);
    if (Atomics.load(ctl, Session.QUIT) !== 0) return aborted(0);
    gen = Atomics.load(ctl, Session.GEN);
    const main = Atomics.load(ctl, Session.MAIN) === me;
    type = main ? 'start' : 'standby';
    tid = main ? 1 : 0;
    if (main) awaitParked(new Int32Array(m.sab), Atomics.load(ctl, Session.STANDBY));
  }
}

/** How long a session's MainThread waits for the other workers to park (they wake as it does). */
const PARKED_WAIT_MS = 50;

/** Waits until `n` workers are parked on the run's spawn queue, PARKED_WAIT_MS at most. */
function awaitParked(i32: Int32Array, n: number): void {
  const until = wallNow() + PARKED_WAIT_MS;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (Atomics.load(i32, H.PARKED) < n && wallNow() < until) Atomics.wait(nap, 0, 0, 0.05);
}

const api: ProgramWorkerApi = {
  run(m, toPage) {
    if (m.session === undefined) return serve(m, m.type, m.tid, toPage);
    return session(m, m.session.control, m.session.worker, toPage);
  },
};

Comlink.expose(api, endpoint);
endpoint.postMessage({ type: WORKER_LOADED });
// Off the critical path: a pool worker has nothing else to do until a run takes it.
setTimeout(precompileFastPath, 0);
