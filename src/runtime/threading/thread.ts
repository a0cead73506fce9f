/**
 * `threading.Thread`, `Timer` and the module functions about threads. A started thread is a
 * worker of its own; this object is its handle, the same record (and, in its own thread, the
 * same class with the same fields) everywhere.
 *
 * Thread record (Int32 words): 0 header, 1 seqNo, 2 TID (0 until started).
 * Everything else about a started thread is in its slot of the thread table (memory-layout.ts `T`).
 */
import { H, ObjType, T, ThreadFlag, ThreadState, slotIndex } from '../../protocol/memory-layout';
import { RuntimeError } from '../errors';
import { ctx, futexWait } from '../core/context';
import { allocObject, fromAddr, registerType, remember } from '../core/objects';
import { perThread } from '../core/perthread';
import { joinSlot, nextThreadNumber, slotAlive, spawn, spinWhile } from '../core/spawn';
import { Spawnable, type SpawnableOptions, type Target } from '../core/spawnable';
import { encodeScope, registerBuiltin, registerDecoder } from '../core/values';
import { Event } from './event';
import { checkExcepthook } from './excepthook';
import { det, noteWait, opPoint } from '../core/sched';
import { wallNow } from '../core/wallclock';

/** CPython's default switch interval (`sys.getswitchinterval()`), wall ms. */
const START_SWITCH_MS = 5;
/** How long start() watches the new thread's state before sleeping on it, wall ms. */
const START_SPIN_MS = 0.2;

const TID = 2;
const WORDS = 3;

/** Python's `ident` values are large integers; ours are derived from the tid. */
const IDENT_BASE = 140_000_000_000_000;

export class Thread extends Spawnable {
  constructor(opts: SpawnableOptions = {}, addr?: number) {
    if (addr === undefined) checkExcepthook();
    const o = opts ?? {};
    super(ObjType.Thread, WORDS, o, addr);
    if (addr !== undefined) {
      this._started = true;
      this._tid = ctx().i32[(addr >> 2) + TID] ?? 0;
      this._readSlot(this._tid);
      return;
    }
    remember(this);
    if (o.name !== undefined && o.name !== null) this._name = String(o.name);
    else {
      const n = nextThreadNumber();
      const tn = this._target ? targetName(this._target) : '';
      this._name = tn ? `Thread-${n} (${tn})` : `Thread-${n}`;
    }
    this._daemon = o.daemon ?? current_thread().daemon;
  }

  protected _startedError(): Error {
    return new RuntimeError('cannot set daemon status of active thread');
  }

  get ident(): number | null {
    return this._started ? IDENT_BASE + this._tid * 4096 : null;
  }

  get native_id(): number | null {
    return this._started ? this._tid : null;
  }

  getName(): string {
    return this.name;
  }

  setName(n: string): void {
    this.name = n;
  }

  isDaemon(): boolean {
    return this._daemon;
  }

  setDaemon(d: boolean): void {
    this.daemon = d;
  }

  start(): void {
    if (this._started) throw new RuntimeError('threads can only be started once');
    if (det) opPoint(`start ${this.name}`);
    const run = this._encodeRun(Thread, false);
    const scope = encodeScope(false);
    this._started = true;
    const c = ctx();
    const tid = spawn({ kind: 'thread', name: this.name, daemon: this._daemon, obj: this.addr, payload: { scope, run } });
    this._tid = tid;
    Atomics.store(c.i32, (this.addr >> 2) + TID, tid);
    // CPython's start() waits for the new thread's bootstrap (`self._started.wait()`).
    const st = slotIndex(tid) + T.STATE;
    // Set before reading the state: a change made after this store is notified (setState).
    Atomics.store(c.i32, slotIndex(tid) + T.STATE_WATCH, 1);
    // A warm parked worker sets RUNNING within ~0.1 ms: watching that long saves this thread a
    // sleep and a wake-up (0.3-1 ms during a run on a 2-core machine: bench/README.md).
    if (!det) spinWhile(c.i32, st, ThreadState.STARTING, START_SPIN_MS);
    else noteWait(`start ${this.name}`, 0);
    while (Atomics.load(c.i32, st) === ThreadState.STARTING) futexWait(c.i32, st, ThreadState.STARTING, Infinity);
    if (det) {
      // A deterministic run: the scheduler's policy decides how long the new thread keeps the
      // token (in `gil` mode: until it blocks or its switch interval is used, as in CPython).
      Atomics.store(c.i32, slotIndex(tid) + T.STATE_WATCH, 0);
      return;
    }
    // ...and then the new thread holds the GIL until it blocks or its switch interval is up, so
    // the starter goes on only after that. The seed counts on it: in `condition`, fun1 must be
    // waiting before fun2 (started next) notifies, or that notify is lost and both wait forever
    // (seen in 2 of 30 runs without this wait).
    const until = wallNow() + START_SWITCH_MS;
    spinWhile(c.i32, st, ThreadState.RUNNING, START_SPIN_MS);
    while (Atomics.load(c.i32, st) === ThreadState.RUNNING && futexWait(c.i32, st, ThreadState.RUNNING, until)) {
      /* woken by a state change: look again */
    }
    Atomics.store(c.i32, slotIndex(tid) + T.STATE_WATCH, 0);
  }

  /** The thread's activity: calls the target (subclasses override it), then drops it as CPython does. */
  override run(): void {
    try {
      super.run();
    } finally {
      this._target = null;
      this._args = [];
      this._kwargs = null;
    }
  }

  join(timeout: number | null = null): void {
    if (!this._started) throw new RuntimeError('cannot join thread before it is started');
    if (this._tid === ctx().tid) throw new RuntimeError('cannot join current thread');
    if (det) opPoint(`join ${this.name}`);
    joinSlot(this._tid, this.addr, this.name, timeout);
  }

  is_alive(): boolean {
    return this._started && slotAlive(this._tid);
  }

  __repr__(): string {
    const status = !this._started ? 'initial' : this.is_alive() ? 'started' : 'stopped';
    const d = this._daemon ? ' daemon' : '';
    const id = this._started ? ` ${this.ident ?? ''}` : '';
    return `<${Object.getPrototypeOf(this).constructor.name as string}(${this.name}, ${status}${d}${id})>`;
  }
}

function targetName(t: Target): string {
  const n = t.name;
  if (!n) return '<lambda>';
  return n.startsWith('bound ') ? n.slice(6) : n;
}

/** `threading.Timer(interval, function, args?, kwargs?)`. */
export class Timer extends Thread {
  interval: number;
  function: Target;
  args: unknown[];
  kwargs: Record<string, unknown> | null;
  finished: Event;

  constructor(interval: number, fn: Target, args?: unknown[] | null, kwargs?: Record<string, unknown> | null) {
    super({});
    this.interval = interval;
    this.function = fn;
    this.args = args ? [...args] : [];
    this.kwargs = kwargs ?? null;
    this.finished = new Event();
  }

  cancel(): void {
    this.finished.set();
  }

  override run(): void {
    this.finished.wait(this.interval);
    if (!this.finished.is_set()) {
      this.function(...(this.kwargs ? [...this.args, this.kwargs] : this.args));
    }
    this.finished.set();
  }
}

/** `threading.local()`: attributes are per thread. Each worker decodes its own empty instance. */
export class local {
  [key: string]: unknown;
  constructor(id?: number) {
    const own = typeof id === 'number' ? id : allocObject(ObjType.Local, 2);
    Object.defineProperty(this, '__cross__', { value: () => ({ tag: 'local', data: own }) });
  }
}

const locals = new Map<number, local>();

registerDecoder('local', (id) => {
  let l = locals.get(id as number);
  if (!l) {
    l = new local(id as number);
    locals.set(id as number, l);
  }
  return l;
});

let currentThread: Thread | null = null;
let processSelf: Thread | null = null;
perThread(() => {
  locals.clear();
  currentThread = null;
  processSelf = null;
});

export function setCurrentThread(t: Thread): void {
  currentThread = t;
}

/**
 * In a child process, the Process object it runs (`current_process()` is that object, as in
 * CPython), while `current_thread()` is the process's own MainThread.
 */
export function setProcessSelf(p: Thread): void {
  processSelf = p;
}

export function getProcessSelf(): Thread | null {
  return processSelf;
}

export function current_thread(): Thread {
  if (!currentThread) throw new RuntimeError('no current thread');
  return currentThread;
}

export function main_thread(): Thread {
  const i32 = ctx().i32;
  return fromAddr(i32[slotIndex(1) + T.OBJ] ?? 0) as Thread;
}

/** Alive threads of the calling process (not processes), as CPython's enumerate(). */
export function enumerate(): Thread[] {
  const c = ctx();
  const i32 = c.i32;
  const out: Thread[] = [];
  const n = Atomics.load(i32, H.NEXT_TID);
  for (let tid = 1; tid < n; tid++) {
    const s = slotIndex(tid);
    if (Atomics.load(i32, s + T.ALIVE) !== 1) continue;
    if ((i32[s + T.PID] ?? 0) !== c.pid) continue;
    const flags = i32[s + T.FLAGS] ?? 0;
    if (flags & ThreadFlag.PROCESS && tid !== c.pid) continue;
    const obj = i32[s + T.OBJ] ?? 0;
    if (obj) out.push(tid === c.tid ? current_thread() : (fromAddr(obj) as Thread));
  }
  return out;
}

export function active_count(): number {
  return enumerate().length;
}

export function get_ident(): number {
  return IDENT_BASE + ctx().tid * 4096;
}

export function get_native_id(): number {
  return ctx().tid;
}

registerType(ObjType.Thread, (addr) => new Thread({}, addr));
registerBuiltin('threading.Thread', Thread);
registerBuiltin('threading.Timer', Timer);
