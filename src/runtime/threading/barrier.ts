/**
 * `threading.Barrier(parties, action?, timeout?)` with CPython's semantics: the i-th arriving
 * thread gets index i; the last one runs `action` before anyone is released; a timeout or an
 * exception in the action breaks the barrier for everyone (BrokenBarrierError); `reset()` breaks
 * the current generation's waiters and makes the barrier usable again.
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 PARTIES
 *   3 COUNT       threads waiting in the current generation
 *   4 GEN         generation; bumped when a group is released, and when the barrier is
 *                 broken or reset (waiters sleep on it)
 *   5 BROKEN      1 while broken (abort, timeout, failed action)
 *   6 BROKEN_GEN  a generation whose waiters must raise (broken or reset), -1 none
 *   7 MUTEX       inner mutex
 *   8 ACTION      heap address of the encoded action function, 0 none
 *   9 TIMEOUT_US  default timeout in program µs, -1 none
 *  10 LAST        tid of the thread that released the last group (arrow tail)
 *  11 LAST_T      µs of that release
 */
import { ObjType, OBJ_MP, WaitKind } from '../../protocol/memory-layout';
import { writeGauge, writeWake } from '../../protocol/trace';

import { BrokenBarrierError, ValueError } from '../errors';
import { ctx, deadlineFor, futexWait, nowMicros, setState } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { SHARED, allocObject, registerType, remember, type SharedObject } from '../core/objects';
import { crossRecord } from './fork';
import { crossableMethods, loadValue, storeValue } from '../core/values';
import { det, opPoint } from '../core/sched';
import { hbAcquire, hbRelease } from '../core/race';

const PARTIES = 2;
const COUNT = 3;
const GEN = 4;
const BROKEN = 5;
const BROKEN_GEN = 6;
const MUTEX = 7;
const ACTION = 8;
const TIMEOUT_US = 9;
const LAST = 10;
const LAST_T = 11;
const WORDS = 12;
const CROSSING = ['wait', 'reset', 'abort'] as const;

export class Barrier implements SharedObject {
  readonly [SHARED] = true;
  readonly addr: number;
  private readonly i: number;
  private readonly i32: Int32Array;
  private action: (() => unknown) | null | undefined;

  constructor(parties: number, action?: (() => unknown) | null, timeout?: number | null, mp = false) {
    this.i32 = ctx().i32;
    if (!(parties >= 1)) throw new ValueError('parties must be >= 1');
    this.addr = allocObject(ObjType.Barrier, WORDS, mp ? OBJ_MP : 0, parties);
    this.i = this.addr >> 2;
    const i32 = this.i32;
    i32[this.i + PARTIES] = parties;
    i32[this.i + BROKEN_GEN] = -1;
    i32[this.i + TIMEOUT_US] = timeout === undefined || timeout === null ? -1 : Math.round(timeout * 1e6);
    if (action) {
      this.action = action;
      i32[this.i + ACTION] = storeValue(action);
    } else this.action = null;
    crossableMethods(this, CROSSING);
    remember(this);
  }

  /** The barrier whose record is at `addr` (a handle decoded in another thread); its action loads on first use. */
  private static fromAddr(addr: number): Barrier {
    const b = Object.create(Barrier.prototype) as Barrier;
    Object.assign(b, { [SHARED]: true, addr, i: addr >> 2, i32: ctx().i32, action: undefined });
    crossableMethods(b, CROSSING);
    return b;
  }

  static {
    registerType(ObjType.Barrier, (addr) => Barrier.fromAddr(addr));
  }

  get parties(): number {
    return this.i32[this.i + PARTIES] ?? 0;
  }

  get n_waiting(): number {
    return Atomics.load(this.i32, this.i + COUNT);
  }

  get broken(): boolean {
    return Atomics.load(this.i32, this.i + BROKEN) === 1;
  }

  private runAction(): void {
    if (this.action === undefined) {
      const at = this.i32[this.i + ACTION] ?? 0;
      this.action = at ? (loadValue(at) as () => unknown) : null;
    }
    this.action?.();
  }

  wait(timeout: number | null = null): number {
    if (det) opPoint('wait', this.addr);
    const i32 = this.i32;
    const i = this.i;
    const c = ctx();
    if (timeout === null || timeout === undefined) {
      const t = i32[i + TIMEOUT_US] ?? -1;
      timeout = t < 0 ? null : t / 1e6;
    }
    innerLock(i32, i + MUTEX);
    if (i32[i + BROKEN] === 1) {
      innerUnlock(i32, i + MUTEX);
      throw new BrokenBarrierError();
    }
    // Every party's work before the barrier happens before every party's work after it.
    hbRelease(this.addr);
    const gen = i32[i + GEN] ?? 0;
    const index = i32[i + COUNT] ?? 0;
    const parties = i32[i + PARTIES] ?? 1;
    Atomics.store(i32, i + COUNT, index + 1);
    writeGauge(c.ring, this.addr, index + 1);
    if (index + 1 === parties) {
      try {
        this.runAction();
      } catch (e) {
        this.breakLocked();
        innerUnlock(i32, i + MUTEX);
        throw e;
      }
      Atomics.store(i32, i + COUNT, 0);
      i32[i + LAST] = c.tid;
      i32[i + LAST_T] = nowMicros();
      Atomics.add(i32, i + GEN, 1);
      Atomics.notify(i32, i + GEN);
      innerUnlock(i32, i + MUTEX);
      hbAcquire(this.addr);
      writeGauge(c.ring, this.addr, 0);
      return index;
    }
    innerUnlock(i32, i + MUTEX);
    setState('blocked', { obj: this.addr, kind: WaitKind.WAIT, timeout, what: 'wait' });
    const deadline = deadlineFor(timeout);
    for (;;) {
      if (Atomics.load(i32, i + GEN) !== gen) break;
      if (Atomics.load(i32, i + BROKEN) === 1 || i32[i + BROKEN_GEN] === gen) break;
      if (!futexWait(i32, i + GEN, gen, deadline)) {
        innerLock(i32, i + MUTEX);
        if (Atomics.load(i32, i + GEN) === gen) this.breakLocked();
        innerUnlock(i32, i + MUTEX);
        break;
      }
    }
    setState('running');
    if (Atomics.load(i32, i + GEN) !== gen && i32[i + BROKEN_GEN] !== gen) {
      const from = i32[i + LAST] ?? 0;
      writeWake(c.ring, from, c.tid, this.addr, i32[i + LAST_T] ?? 0, 'barrier');
      hbAcquire(this.addr);
      return index;
    }
    throw new BrokenBarrierError();
  }

  /**
   * Breaks the barrier: current and future waiters raise until reset(). Mutex held. The
   * current generation's waiters are woken as reset() wakes them, by a new GEN with the old one
   * marked broken: a wake-up must change the word they sleep on, since the deterministic
   * scheduler (core/sched.ts) finds its waiters runnable by that change, not by the notify.
   */
  private breakLocked(): void {
    const i32 = this.i32;
    Atomics.store(i32, this.i + BROKEN, 1);
    Atomics.store(i32, this.i + COUNT, 0);
    i32[this.i + BROKEN_GEN] = i32[this.i + GEN] ?? 0;
    Atomics.add(i32, this.i + GEN, 1);
    Atomics.notify(i32, this.i + GEN);
  }

  reset(): void {
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    const gen = i32[this.i + GEN] ?? 0;
    if ((i32[this.i + COUNT] ?? 0) > 0) i32[this.i + BROKEN_GEN] = gen;
    Atomics.store(i32, this.i + COUNT, 0);
    Atomics.store(i32, this.i + BROKEN, 0);
    Atomics.add(i32, this.i + GEN, 1);
    Atomics.notify(i32, this.i + GEN);
    innerUnlock(i32, this.i + MUTEX);
  }

  abort(): void {
    innerLock(this.i32, this.i + MUTEX);
    this.breakLocked();
    innerUnlock(this.i32, this.i + MUTEX);
  }

  /** Fork: the child gets a copy (same parties, action and count), with its inner mutex free. */
  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    return crossRecord(this.addr, forProcess, (k) => {
      this.i32[k + MUTEX] = 0;
      this.i32[k + LAST] = 0;
    });
  }

  __repr__(): string {
    return `<threading.Barrier at ${this.addr}: waiters=${this.n_waiting}/${this.parties}>`;
  }
}

