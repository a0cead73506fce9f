/**
 * What `threading.Thread` and `multiprocessing.Process` share (CPython modelled `Process` on
 * `Thread`): a target with its arguments, a name and a daemon flag that a started one keeps in its
 * slot of the thread table (memory-layout.ts `T`), the run spec its new worker decodes, and the
 * binding of a decoded instance to its started record. Here, in core, because `threading/` and
 * `multiprocessing/` both build on it; what differs (identity, errors, join rules, liveness,
 * repr) stays in the subclasses.
 */
import { T, ThreadFlag, slotIndex } from '../../protocol/memory-layout';
import { readString } from '../../protocol/heap';
import { ctx } from './context';
import { SHARED, allocObject, remember, type SharedObject } from './objects';
import { encodeValue } from './values';

export type Target = (...args: unknown[]) => unknown;

/** The keyword arguments of `Thread(...)` and `Process(...)`. */
export interface SpawnableOptions {
  target?: Target | null;
  args?: readonly unknown[];
  kwargs?: Record<string, unknown> | null;
  name?: string | null;
  daemon?: boolean | null;
}

export abstract class Spawnable implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  protected _target: Target | null;
  protected _args: unknown[];
  protected _kwargs: Record<string, unknown> | null;
  /** null: a decoded handle's, read from its slot when first asked (see _readSlot). */
  protected _name: string | null;
  protected _daemon: boolean;
  protected _started: boolean;
  protected _tid: number;

  /** A new record of `type` (`words` Int32 words), or the wrapper of the record at `addr`. */
  protected constructor(type: number, words: number, o: SpawnableOptions, addr: number | undefined) {
    // Not enumerable: a subclass instance crosses as its own fields (`_encodeRun`), not its record.
    Object.defineProperty(this, 'addr', { value: addr ?? allocObject(type, words), writable: true });
    this._target = o.target ?? null;
    this._args = o.args ? [...o.args] : [];
    this._kwargs = o.kwargs ?? null;
    // The subclass sets these: a new one from its options, a decoded one from its record.
    this._name = '';
    this._daemon = false;
    this._started = false;
    this._tid = 0;
  }

  /** CPython's error for changing the daemon flag once started (threads and processes differ). */
  protected abstract _startedError(): Error;

  get name(): string {
    if (this._name === null) {
      const i32 = ctx().i32;
      this._name = readString(i32, i32[slotIndex(this._tid) + T.NAME] ?? 0);
    }
    return this._name;
  }

  set name(v: string) {
    this._name = String(v);
  }

  get daemon(): boolean {
    return this._daemon;
  }

  set daemon(v: boolean) {
    if (this._started) throw this._startedError();
    this._daemon = Boolean(v);
  }

  /** The activity: calls the target (subclasses override it). */
  run(): void {
    if (this._target) {
      const args = this._kwargs ? [...this._args, this._kwargs] : this._args;
      this._target(...args);
    }
  }

  /**
   * Name and daemon flag of the started one in slot `tid` (`name` when the caller knows it). The
   * name is read when first asked for: a new thread decodes every handle in the module's lists
   * of threads, and most are never named (every start() paid for them).
   */
  protected _readSlot(tid: number, name?: string): void {
    const i32 = ctx().i32;
    this._name = name ?? null;
    this._daemon = ((i32[slotIndex(tid) + T.FLAGS] ?? 0) & ThreadFlag.DAEMON) !== 0;
  }

  /**
   * What the new worker runs: for an instance of `plain` itself, the target and its arguments;
   * for a program's subclass, the instance (its class by name and its own fields, copied).
   */
  protected _encodeRun(plain: abstract new (...args: never[]) => Spawnable, forProcess: boolean): Uint8Array {
    const ctor = Object.getPrototypeOf(this).constructor as unknown;
    return ctor === plain
      ? encodeValue({ target: this._target, args: this._args, kwargs: this._kwargs }, forProcess)
      : encodeValue({ cls: ctor, fields: { ...this } }, forProcess);
  }

  /**
   * Internal: the worker bootstrap binds a decoded instance to its started record. The tid comes
   * from the worker itself: the starter stores it in the record only after spawn() returns, and
   * a standby worker may already be running by then.
   */
  _bind(addr: number, tid: number, name?: string): void {
    Object.defineProperty(this, 'addr', { value: addr, writable: true });
    this._started = true;
    this._tid = tid;
    this._readSlot(tid, name);
    remember(this);
  }
}

// Every Thread and Process is a runtime object (`isShared`): said once, on the prototype, as a
// per-instance property cost a decoded handle ~0.2 µs.
Object.defineProperty(Spawnable.prototype, SHARED, { value: true });
