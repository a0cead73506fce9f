/**
 * `threading.Semaphore` / `BoundedSemaphore`: the value is one futex word.
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 VALUE     permits left
 *   3 WAITERS   threads sleeping on VALUE (release notifies only when > 0)
 *   4 INITIAL   the constructor's value (bound for BoundedSemaphore, capacity on the timeline)
 *   5 RELEASER  tid of the last release (tail of the causality arrow)
 *   6 RELEASE_T µs of that release
 */
import { ObjType, OBJ_MP, WaitKind } from '../../protocol/memory-layout';
import { writeGauge, writeWake } from '../../protocol/trace';

import { ValueError } from '../errors';
import { ctx, deadlineFor, futexWait, nowMicros, setState } from '../core/context';
import { SHARED, allocObject, registerType, remember, type SharedObject } from '../core/objects';
import { crossableMethods } from '../core/values';
import { crossRecord } from './fork';
import { det, opPoint } from '../core/sched';
import { hbAcquire, hbRelease } from '../core/race';

const VALUE = 2;
const WAITERS = 3;
const INITIAL = 4;
const RELEASER = 5;
const RELEASE_T = 6;
const WORDS = 7;

export class Semaphore implements SharedObject {
  readonly [SHARED] = true;
  readonly addr: number;
  protected readonly i: number;
  protected readonly i32: Int32Array;

  constructor(value = 1, addr?: number, mp = false, type: number = ObjType.Semaphore) {
    const c = ctx();
    this.i32 = c.i32;
    if (addr !== undefined) {
      this.addr = addr;
      this.i = addr >> 2;
      crossableMethods(this, ['acquire', 'release']);
      return;
    }
    if (value < 0) throw new ValueError('semaphore initial value must be >= 0');
    this.addr = allocObject(type, WORDS, mp ? OBJ_MP : 0, value);
    this.i = this.addr >> 2;
    this.i32[this.i + VALUE] = value;
    this.i32[this.i + INITIAL] = value;
    crossableMethods(this, ['acquire', 'release']);
    remember(this);
  }

  acquire(blocking = true, timeout: number | null = null): boolean {
    if (det) opPoint('acquire', this.addr);
    if (!blocking && timeout !== null && timeout !== undefined) {
      throw new ValueError("can't specify timeout for non-blocking acquire");
    }
    const i32 = this.i32;
    const v = this.i + VALUE;
    let deadline = -1;
    let blocked = false;
    for (;;) {
      const cur = Atomics.load(i32, v);
      if (cur > 0) {
        if (Atomics.compareExchange(i32, v, cur, cur - 1) !== cur) continue;
        hbAcquire(this.addr);
        this.gauge(cur - 1);
        if (blocked) {
          const from = i32[this.i + RELEASER] ?? 0;
          writeWake(ctx().ring, from, ctx().tid, this.addr, i32[this.i + RELEASE_T] ?? 0, 'release → acquire');
          setState('running');
        }
        return true;
      }
      if (!blocking) return false;
      if (deadline < 0) deadline = deadlineFor(timeout);
      if (!blocked) {
        blocked = true;
        setState('blocked', { obj: this.addr, kind: WaitKind.ACQUIRE, timeout, what: 'acquire' });
      }
      Atomics.add(i32, this.i + WAITERS, 1);
      const ok = futexWait(i32, v, 0, deadline);
      Atomics.sub(i32, this.i + WAITERS, 1);
      if (!ok && Atomics.load(i32, v) <= 0) {
        setState('running');
        return false;
      }
    }
  }

  release(n = 1): void {
    if (n < 1) throw new ValueError('n must be one or more');
    if (det) opPoint('release', this.addr);
    hbRelease(this.addr);
    const i32 = this.i32;
    const v = this.i + VALUE;
    for (;;) {
      const cur = Atomics.load(i32, v);
      this.checkBound(cur, n);
      if (Atomics.compareExchange(i32, v, cur, cur + n) === cur) {
        this.gauge(cur + n);
        break;
      }
    }
    i32[this.i + RELEASER] = ctx().tid;
    i32[this.i + RELEASE_T] = nowMicros();
    if (Atomics.load(i32, this.i + WAITERS) > 0) Atomics.notify(i32, v, n);
  }

  protected checkBound(_cur: number, _n: number): void {}

  private gauge(value: number): void {
    writeGauge(ctx().ring, this.addr, Math.max(0, (this.i32[this.i + INITIAL] ?? 0) - value));
  }

  /** Block form: `using _ = sem.hold();`. */
  hold(): this {
    this.acquire();
    return this;
  }

  [Symbol.dispose](): void {
    this.release();
  }

  /** Fork: the child gets a copy with the permits left now, without waiters. */
  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    return crossRecord(this.addr, forProcess, (k) => {
      this.i32[k + WAITERS] = 0;
      this.i32[k + RELEASER] = 0;
    });
  }

  /** Permits left (CPython's private `_value`, handy in tests and notes). */
  get _value(): number {
    return Atomics.load(this.i32, this.i + VALUE);
  }

  __repr__(): string {
    return `<threading.Semaphore at ${this.addr}: value=${this._value}>`;
  }
}

export class BoundedSemaphore extends Semaphore {
  constructor(value = 1, addr?: number, mp = false) {
    super(value, addr, mp, ObjType.BoundedSemaphore);
  }

  protected override checkBound(cur: number, n: number): void {
    if (cur + n > (this.i32[this.i + INITIAL] ?? 0)) throw new ValueError('Semaphore released too many times');
  }
}

registerType(ObjType.Semaphore, (addr) => new Semaphore(0, addr));
registerType(ObjType.BoundedSemaphore, (addr) => new BoundedSemaphore(0, addr));
