/**
 * `threading.Event`. A waiter parks on one word holding both the flag and a generation that every
 * set() bumps: CPython's waiter returns True when set() happened during its wait even if clear()
 * followed at once (the seed's `event` example clears right after waking), and keeping flag and
 * generation in one word makes a set() one atomic step, so one set() can never satisfy two
 * successive waits (a waiter that saw the flag, cleared it and waited again on a stale
 * generation).
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 STATE   (generation << 1) | flag; waiters sleep on it
 *   3 unused
 *   4 SETTER  tid of the last set() (tail of the causality arrow)
 *   5 SET_T   µs of that set()
 */
import { ObjType, OBJ_MP, WaitKind } from '../../protocol/memory-layout';
import { writeGauge, writeWake } from '../../protocol/trace';

import { ctx, deadlineFor, futexWait, nowMicros, setState } from '../core/context';
import { SHARED, allocObject, registerType, remember, type SharedObject } from '../core/objects';
import { crossableMethods } from '../core/values';
import { crossRecord } from './fork';
import { det, opPoint } from '../core/sched';
import { hbAcquire, hbRelease } from '../core/race';

const STATE = 2;
const SETTER = 4;
const SET_T = 5;
const WORDS = 6;

export class Event implements SharedObject {
  readonly [SHARED] = true;
  readonly addr: number;
  private readonly i: number;
  private readonly i32: Int32Array;

  constructor(addr?: number, mp = false) {
    this.i32 = ctx().i32;
    this.addr = addr ?? allocObject(ObjType.Event, WORDS, mp ? OBJ_MP : 0);
    this.i = this.addr >> 2;
    crossableMethods(this, ['set', 'clear', 'wait', 'is_set']);
    if (addr === undefined) remember(this);
  }

  is_set(): boolean {
    const set = (Atomics.load(this.i32, this.i + STATE) & 1) === 1;
    // Seeing the flag set orders this thread after the set() (the race detector).
    if (set) hbAcquire(this.addr);
    return set;
  }

  /** Deprecated alias kept by CPython. */
  isSet(): boolean {
    return this.is_set();
  }

  set(): void {
    if (det) opPoint('set', this.addr);
    hbRelease(this.addr);
    const i32 = this.i32;
    const at = this.i + STATE;
    for (;;) {
      const w = Atomics.load(i32, at);
      if (w & 1) return;
      // Logged before the wake-up, so the row cannot show the flag set after a waiter's clear().
      i32[this.i + SETTER] = ctx().tid;
      i32[this.i + SET_T] = nowMicros();
      if (Atomics.compareExchange(i32, at, w, ((w >>> 1) + 1) * 2 + 1) !== w) continue;
      writeGauge(ctx().ring, this.addr, 1);
      Atomics.notify(i32, at);
      return;
    }
  }

  clear(): void {
    const i32 = this.i32;
    const at = this.i + STATE;
    for (;;) {
      const w = Atomics.load(i32, at);
      if (!(w & 1)) return;
      if (Atomics.compareExchange(i32, at, w, w & ~1) === w) break;
    }
    writeGauge(ctx().ring, this.addr, 0);
  }

  wait(timeout: number | null = null): boolean {
    if (det) opPoint('wait', this.addr);
    const i32 = this.i32;
    const at = this.i + STATE;
    const w = Atomics.load(i32, at);
    if (w & 1) {
      hbAcquire(this.addr);
      return true;
    }
    setState('blocked', { obj: this.addr, kind: WaitKind.WAIT, timeout, what: 'wait' });
    const deadline = deadlineFor(timeout);
    // Any change of the word from w (flag clear, generation g) means a set() happened.
    while (Atomics.load(i32, at) === w) {
      if (!futexWait(i32, at, w, deadline)) break;
    }
    const signaled = Atomics.load(i32, at) !== w;
    if (signaled) hbAcquire(this.addr);
    if (signaled) writeWake(ctx().ring, i32[this.i + SETTER] ?? 0, ctx().tid, this.addr, i32[this.i + SET_T] ?? 0, 'set → wait');
    setState('running');
    return signaled;
  }

  /** Fork: the child gets a copy with the flag as it is now. */
  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    return crossRecord(this.addr, forProcess, (k) => {
      this.i32[k + SETTER] = 0;
    });
  }

  __repr__(): string {
    return `<threading.Event at ${this.addr}: ${this.is_set() ? 'set' : 'unset'}>`;
  }
}

registerType(ObjType.Event, (addr) => new Event(addr));
