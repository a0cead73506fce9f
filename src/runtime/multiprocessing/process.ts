/**
 * `multiprocessing.Process`: a child process is a worker of its own whose module state is a
 * fork copy of its parent's at `start()` (values encoded with `forProcess`: `shared(...)` records
 * and threading primitives are copied, multiprocessing objects stay shared). Unlike
 * `Thread.start()`, `start()` does not wait for the child to begin running, as with fork.
 *
 * Process record (Int32 words):
 *   0 header, 1 seqNo
 *   2 TID     the child's main thread id (= its pid here), 0 until started; the deadlock
 *             detector reads it (as for Thread records) to name whom a join waits for
 *   3 IDENT   heap string: CPython's `_identity` joined with ':' ("3", "1:2"), names children
 *   4 PARENT  pid of the process that created it
 *
 * The rest (alive, exit code, name, daemon) lives in the child's thread slot (memory-layout.ts `T`):
 * the worker bootstrap sets EXITCODE 0/1 when `run()` returns or raises, the page sets -15/-9
 * when `terminate()`/`kill()` ends it.
 */
import { H, ObjType, T, ThreadFlag, slotIndex } from '../../protocol/memory-layout';
import { readString, storeString } from '../../protocol/heap';
import { AssertionError, ValueError } from '../errors';
import { ctx } from '../core/context';
import { fromAddr, registerType, remember } from '../core/objects';
import { perThread } from '../core/perthread';
import { post } from '../core/port';
import { joinSlot, nextProcessNumber, slotAlive, spawn } from '../core/spawn';
import { Spawnable, type SpawnableOptions } from '../core/spawnable';
import { encodeScope, registerBuiltin } from '../core/values';
import { getProcessSelf } from '../threading/thread';
import { beginFork, endFork } from '../threading/fork';
import { forkFailed, forkStarted } from './connection';

const TID = 2;
const IDENT = 3;
const PARENT = 4;
const WORDS = 5;

/** The running process's identity ("" in the main process), for children's names. */
function ownIdentity(): string {
  const c = ctx();
  if (c.pid === 1) return '';
  const obj = c.i32[slotIndex(c.pid) + T.OBJ] ?? 0;
  return obj ? readString(c.i32, c.i32[(obj >> 2) + IDENT] ?? 0) : '';
}

function ownDaemon(): boolean {
  const c = ctx();
  return ((c.i32[slotIndex(c.pid) + T.FLAGS] ?? 0) & ThreadFlag.DAEMON) !== 0;
}

/**
 * `type(self).__name__`: a program's subclass keeps its own name; the runtime's classes are
 * named explicitly (a production build minifies their JS names).
 */
function pyClassName(p: Process): string {
  const ctor = (Object.getPrototypeOf(p) as { constructor: { name: string } }).constructor;
  if (ctor === Process) return 'Process';
  if (ctor === MainProcess) return '_MainProcess';
  return ctor.name || 'Process';
}

export class Process extends Spawnable {
  protected _identity: string;

  constructor(opts: SpawnableOptions = {}, addr?: number) {
    const o = opts ?? {};
    super(ObjType.Process, WORDS, o, addr);
    const c = ctx();
    const i32 = c.i32;
    if (addr === 0) {
      // MainProcess: no record (the main process was never started by anyone).
      this._tid = 1;
      this._started = true;
      this._identity = '';
      this._name = 'MainProcess';
      this._daemon = false;
      return;
    }
    if (addr !== undefined) {
      this._tid = i32[(addr >> 2) + TID] ?? 0;
      this._started = this._tid !== 0;
      this._identity = readString(i32, i32[(addr >> 2) + IDENT] ?? 0);
      if (this._started) this._readSlot(this._tid);
      else this._name = `Process-${this._identity}`;
      return;
    }
    remember(this);
    // CPython numbers a process when it is created: `_identity = parent's + (next(counter),)`.
    const parentIdent = ownIdentity();
    this._identity = `${parentIdent ? `${parentIdent}:` : ''}${nextProcessNumber()}`;
    i32[(this.addr >> 2) + IDENT] = storeString(i32, this._identity);
    i32[(this.addr >> 2) + PARENT] = c.pid;
    const cls = pyClassName(this);
    this._name = o.name !== undefined && o.name !== null ? String(o.name) : `${cls}-${this._identity}`;
    this._daemon = o.daemon ?? ownDaemon();
  }

  protected _startedError(): Error {
    return new AssertionError('process has already started');
  }

  get pid(): number | null {
    return this._started ? this._tid : null;
  }

  get ident(): number | null {
    return this.pid;
  }

  get exitcode(): number | null {
    if (!this._started) return null;
    const i32 = ctx().i32;
    const s = slotIndex(this._tid);
    if (Atomics.load(i32, s + T.ALIVE) !== 0) return null;
    return i32[s + T.EXITCODE] ?? 0;
  }

  get _parent_pid(): number {
    return ctx().i32[(this.addr >> 2) + PARENT] ?? 0;
  }

  /** Internal: CPython's names for pool workers (`ForkPoolWorker-3`, `ForkProcess-2`). */
  _rename(prefix: string): void {
    this._name = `${prefix}-${this._identity}`;
  }

  start(): void {
    if (this._started) throw new AssertionError('cannot start a process twice');
    if (this._parent_pid !== ctx().pid) throw new AssertionError('can only start a process object created by current process');
    if (ownDaemon()) throw new AssertionError('daemonic processes are not allowed to have children');
    let run: Uint8Array;
    let scope: Record<string, Uint8Array>;
    beginFork();
    try {
      run = this._encodeRun(Process, true);
      scope = encodeScope(true);
    } catch (e) {
      forkFailed();
      throw e;
    } finally {
      endFork();
    }
    let tid: number;
    try {
      tid = spawn({ kind: 'process', name: this.name, daemon: this._daemon, obj: this.addr, payload: { scope, run } });
    } catch (e) {
      forkFailed();
      throw e;
    }
    forkStarted(tid);
    this._started = true;
    this._tid = tid;
    Atomics.store(ctx().i32, (this.addr >> 2) + TID, tid);
  }

  join(timeout: number | null = null): void {
    if (this._parent_pid !== ctx().pid) throw new AssertionError('can only join a child process');
    if (!this._started) throw new AssertionError('can only join a started process');
    joinSlot(this._tid, this.addr, this.name, timeout);
  }

  is_alive(): boolean {
    if (!this._started) return false;
    if (this._tid === ctx().pid) return true;
    return slotAlive(this._tid);
  }

  /** SIGTERM: the page ends the process's workers; exitcode -15. */
  terminate(): void {
    this.signal(-15);
  }

  /** SIGKILL: exitcode -9. */
  kill(): void {
    this.signal(-9);
  }

  private signal(exitcode: number): void {
    if (!this._started || this._tid === ctx().pid) return;
    if (!slotAlive(this._tid)) return;
    // The process stops here, not when the page gets to it: its threads see KILLED at their
    // next print or wait (nothing printed after terminate() returns), and a deterministic run's
    // scheduler never hands them the token again. The page then ends their workers.
    const i32 = ctx().i32;
    const n = Atomics.load(i32, H.NEXT_TID);
    for (let tid = 1; tid < n; tid++) {
      const s = slotIndex(tid);
      if ((i32[s + T.PID] ?? 0) === this._tid && Atomics.load(i32, s + T.ALIVE) === 1) Atomics.store(i32, s + T.KILLED, 1);
    }
    post({ type: 'kill', pid: this._tid, exitcode });
  }

  close(): void {
    if (this.is_alive()) throw new ValueError("Cannot close a process while it is still running. You should first call join() or terminate().");
  }

  /** Internal: the worker bootstrap binds a decoded instance to its started record. */
  override _bind(addr: number, tid: number): void {
    super._bind(addr, tid);
    this._identity = readString(ctx().i32, ctx().i32[(addr >> 2) + IDENT] ?? 0);
  }

  __repr__(): string {
    const cls = pyClassName(this);
    let status: string;
    if (!this._started) status = 'initial';
    else {
      const code = this.exitcode;
      status = code === null ? 'started' : `stopped exitcode=${code}`;
    }
    const pid = this._started ? ` pid=${this._tid}` : '';
    return `<${cls} name='${this.name}'${pid} parent=${this._parent_pid} ${status}${this._daemon ? ' daemon' : ''}>`;
  }
}

/** `current_process()` in the main process: CPython's `_MainProcess`. */
class MainProcess extends Process {
  constructor() {
    super({}, 0);
  }

  override get _parent_pid(): number {
    return 0;
  }

  override get exitcode(): number | null {
    return null;
  }

  override is_alive(): boolean {
    return true;
  }

  override __repr__(): string {
    return `<_MainProcess name='MainProcess' parent=None started>`;
  }
}

let mainProcess: MainProcess | null = null;
let ownProcess: Process | null = null;
perThread(() => {
  mainProcess = null;
  ownProcess = null;
});

export function current_process(): Process {
  const c = ctx();
  if (c.pid === 1) return (mainProcess ??= new MainProcess());
  if (ownProcess) return ownProcess;
  // A Process subclass's instance is its child's own `self`: CPython returns that object.
  const self: unknown = getProcessSelf();
  if (self instanceof Process) return (ownProcess = self);
  const obj = c.i32[slotIndex(c.pid) + T.OBJ] ?? 0;
  // Bind with our own pid: the parent stores the record's TID only after spawn() returns, and a
  // standby worker may already be running this process by then.
  ownProcess = new Process({}, obj);
  ownProcess._bind(obj, c.pid);
  return ownProcess;
}

/** The process that started this one (null in the main process). */
export function parent_process(): Process | null {
  const c = ctx();
  if (c.pid === 1) return null;
  const parent = c.i32[slotIndex(c.pid) + T.OWNER] ?? 1;
  if (parent === 1) return new MainProcess();
  return processFor(parent);
}

function processFor(pid: number): Process {
  const obj = ctx().i32[slotIndex(pid) + T.OBJ] ?? 0;
  const p = fromAddr(obj);
  return p instanceof Process ? p : new Process({}, obj);
}

/** Live children of the calling process. */
export function active_children(): Process[] {
  const c = ctx();
  const i32 = c.i32;
  const out: Process[] = [];
  const n = Atomics.load(i32, H.NEXT_TID);
  for (let tid = 2; tid < n; tid++) {
    const s = slotIndex(tid);
    if (!((i32[s + T.FLAGS] ?? 0) & ThreadFlag.PROCESS)) continue;
    if ((i32[s + T.OWNER] ?? 0) !== c.pid || Atomics.load(i32, s + T.ALIVE) !== 1) continue;
    out.push(processFor(tid));
  }
  return out;
}

export function cpu_count(): number {
  return (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1;
}

registerType(ObjType.Process, (addr) => new Process({}, addr));
registerBuiltin('multiprocessing.Process', Process);
