/**
 * `threading.Condition(lock?)`, CPython's algorithm on shared memory: each waiter parks on its
 * own thread slot's WAKE word and queues its tid; `notify(n)` dequeues exactly n waiters in FIFO
 * order and wakes each one. A waiter that times out removes itself if still queued.
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 LOCK     address of the underlying Lock/RLock record
 *   3 MUTEX    inner futex mutex guarding the queue (innerlock.ts)
 *   4 HEAD     index of the oldest waiter in the ring below
 *   5 LEN      number of queued waiters
 *   6.. QUEUE  MAX_WAITERS tids, a ring (waiters are alive: at most the live-thread limit)
 */
import { MAX_WAITERS, ObjType, OBJ_MP, T, WaitKind, slotIndex } from '../../protocol/memory-layout';
import { writeWake } from '../../protocol/trace';

import { RuntimeError } from '../errors';
import { ctx, deadlineFor, futexWait, nowMicros, programSeconds, setState } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { SHARED, allocObject, fromAddr, registerType, remember, type SharedObject } from '../core/objects';
import { forkCopy } from './fork';
import { Lock, RLock } from './lock';
import { crossableMethods } from '../core/values';
import { det, opPoint } from '../core/sched';

const LOCK = 2;
const MUTEX = 3;
const HEAD = 4;
const LEN = 5;
const QUEUE = 6;
const WORDS = QUEUE + MAX_WAITERS;
const CROSSING = ['notify', 'notify_all', 'acquire', 'release'] as const;

export class Condition implements SharedObject {
  readonly [SHARED] = true;
  readonly addr: number;
  private readonly i: number;
  private readonly i32: Int32Array;
  private readonly lock: Lock | RLock;

  constructor(lock?: Lock | RLock | null, mp = false) {
    const c = ctx();
    this.i32 = c.i32;
    this.lock = lock ?? new RLock(undefined, mp);
    this.addr = allocObject(ObjType.Condition, WORDS, mp ? OBJ_MP : 0);
    this.i = this.addr >> 2;
    this.i32[this.i + LOCK] = this.lock.addr;
    crossableMethods(this, CROSSING);
    remember(this);
  }

  /** The condition whose record is at `addr` (a handle decoded in another thread), with its lock. */
  private static fromAddr(addr: number): Condition {
    const cond = Object.create(Condition.prototype) as Condition;
    const i32 = ctx().i32;
    const lock = fromAddr(i32[(addr >> 2) + LOCK] ?? 0) as Lock | RLock;
    Object.assign(cond, { [SHARED]: true, addr, i: addr >> 2, i32, lock });
    crossableMethods(cond, CROSSING);
    return cond;
  }

  static {
    registerType(ObjType.Condition, (addr) => Condition.fromAddr(addr));
  }

  acquire(blocking = true, timeout: number | null = -1): boolean {
    return this.lock.acquire(blocking, timeout);
  }

  release(): void {
    this.lock.release();
  }

  /** Block form: `using _ = cond.hold();`. */
  hold(): this {
    this.lock.acquire();
    return this;
  }

  [Symbol.dispose](): void {
    this.lock.release();
  }

  private isOwned(): boolean {
    if (this.lock instanceof RLock) return this.lock._is_owned();
    // CPython's fallback for plain locks: owned by "someone" when it cannot be taken.
    if (this.lock.acquire(false)) {
      this.lock.release();
      return false;
    }
    return true;
  }

  wait(timeout: number | null = null): boolean {
    if (!this.isOwned()) throw new RuntimeError('cannot wait on un-acquired lock');
    if (det) opPoint('wait', this.addr);
    const c = ctx();
    const i32 = this.i32;
    const me = c.tid;
    const wake = c.slot + T.WAKE;
    Atomics.store(i32, wake, 0);
    i32[c.slot + T.WOKEN_BY] = 0;
    innerLock(i32, this.i + MUTEX);
    const len = i32[this.i + LEN] ?? 0;
    i32[this.i + QUEUE + (((i32[this.i + HEAD] ?? 0) + len) % MAX_WAITERS)] = me;
    i32[this.i + LEN] = len + 1;
    innerUnlock(i32, this.i + MUTEX);

    const saved = this.lock instanceof RLock ? this.lock._release_save() : (this.lock.release(), 1);
    let gotit = false;
    try {
      setState('blocked', { obj: this.addr, kind: WaitKind.WAIT, timeout, what: 'wait' });
      const deadline = deadlineFor(timeout);
      while (Atomics.load(i32, wake) === 0) {
        if (!futexWait(i32, wake, 0, deadline)) break;
      }
      gotit = Atomics.load(i32, wake) === 1;
      if (!gotit) this.removeWaiter(me);
      const from = i32[c.slot + T.WOKEN_BY] ?? 0;
      if (gotit) writeWake(c.ring, from, me, this.addr, i32[c.slot + T.WAKE_T] ?? nowMicros(), 'notify → wait');
      setState('running');
    } finally {
      if (this.lock instanceof RLock) this.lock._acquire_restore(saved);
      else this.lock.acquire();
    }
    return gotit;
  }

  wait_for<T>(predicate: () => T, timeout: number | null = null): T {
    let endtime: number | null = null;
    let waittime = timeout;
    let result = predicate();
    while (!result) {
      if (waittime !== null) {
        if (endtime === null) endtime = programSeconds() + waittime;
        else {
          waittime = endtime - programSeconds();
          if (waittime <= 0) break;
        }
      }
      this.wait(waittime);
      result = predicate();
    }
    return result;
  }

  notify(n = 1): void {
    if (!this.isOwned()) throw new RuntimeError('cannot notify on un-acquired lock');
    if (det) opPoint('notify', this.addr);
    const c = ctx();
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    let left = n;
    while (left > 0 && (i32[this.i + LEN] ?? 0) > 0) {
      const head = i32[this.i + HEAD] ?? 0;
      const tid = i32[this.i + QUEUE + head] ?? 0;
      i32[this.i + HEAD] = (head + 1) % MAX_WAITERS;
      i32[this.i + LEN] = (i32[this.i + LEN] ?? 1) - 1;
      const s = slotIndex(tid);
      i32[s + T.WOKEN_BY] = c.tid;
      i32[s + T.WAKE_T] = nowMicros();
      Atomics.store(i32, s + T.WAKE, 1);
      Atomics.notify(i32, s + T.WAKE);
      left--;
    }
    innerUnlock(i32, this.i + MUTEX);
  }

  notify_all(): void {
    this.notify(MAX_WAITERS);
  }

  /** Deprecated alias kept by CPython. */
  notifyAll(): void {
    this.notify_all();
  }

  private removeWaiter(tid: number): void {
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    const head = i32[this.i + HEAD] ?? 0;
    const len = i32[this.i + LEN] ?? 0;
    const kept: number[] = [];
    for (let k = 0; k < len; k++) {
      const t = i32[this.i + QUEUE + ((head + k) % MAX_WAITERS)] ?? 0;
      if (t !== tid) kept.push(t);
    }
    kept.forEach((t, k) => (i32[this.i + QUEUE + ((head + k) % MAX_WAITERS)] = t));
    i32[this.i + LEN] = kept.length;
    innerUnlock(i32, this.i + MUTEX);
  }

  /** Fork: a copy over a copy of its lock (the same copy the child gets for the lock itself). */
  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    if (!forProcess) return { tag: 'rt', data: this.addr };
    const lockCopy = (this.lock.__cross__(true).data as number);
    const copy = forkCopy(this.addr, (k) => {
      const i32 = this.i32;
      i32[k + LOCK] = lockCopy;
      i32[k + MUTEX] = 0;
      i32[k + HEAD] = 0;
      i32[k + LEN] = 0;
    });
    return { tag: 'rt', data: copy };
  }

  /** Number of queued waiters (for tests and the timeline). */
  _waiters(): number {
    return this.i32[this.i + LEN] ?? 0;
  }

  __repr__(): string {
    return `<Condition(${String((this.lock as { __repr__(): string }).__repr__())}, ${this._waiters()})>`;
  }
}

