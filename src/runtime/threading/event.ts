/**
 * `threading.Event`. A waiter parks on a generation counter rather than on the flag: CPython's
 * waiter returns True when set() happened during its wait even if clear() followed at once
 * (the seed's `event` example clears right after waking), and a flag-only futex would miss that.
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 FLAG    0 clear, 1 set
 *   3 GEN     bumped by every set() that changed the flag; waiters sleep on it
 *   4 SETTER  tid of the last set() (tail of the causality arrow)
 *   5 SET_T   µs of that set()
 */
import { Ev, ObjType, OBJ_MP, WaitKind } from '../../protocol/layout';
import { ctx, deadlineFor, emit, futexWait, nowMicros, setState } from '../core/context';
import { SHARED, allocObject, registerType, remember, type SharedObject } from '../core/objects';
import { crossableMethods } from '../core/values';
import { crossRecord } from './fork';

const FLAG = 2;
const GEN = 3;
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
    return Atomics.load(this.i32, this.i + FLAG) === 1;
  }

  /** Deprecated alias kept by CPython. */
  isSet(): boolean {
    return this.is_set();
  }

  set(): void {
    const i32 = this.i32;
    i32[this.i + SETTER] = ctx().tid;
    i32[this.i + SET_T] = nowMicros();
    if (Atomics.exchange(i32, this.i + FLAG, 1) === 0) {
      // Logged before the wake-up, so the row cannot show the flag set after a waiter's clear().
      if (ctx().tracing) emit(Ev.GAUGE, [this.addr, 1]);
      Atomics.add(i32, this.i + GEN, 1);
      Atomics.notify(i32, this.i + GEN);
    }
  }

  clear(): void {
    if (Atomics.exchange(this.i32, this.i + FLAG, 0) === 1 && ctx().tracing) emit(Ev.GAUGE, [this.addr, 0]);
  }

  wait(timeout: number | null = null): boolean {
    const i32 = this.i32;
    const gen = Atomics.load(i32, this.i + GEN);
    if (Atomics.load(i32, this.i + FLAG) === 1) return true;
    setState('blocked', { obj: this.addr, kind: WaitKind.WAIT, timeout, what: 'wait' });
    const deadline = deadlineFor(timeout);
    let signaled = false;
    for (;;) {
      if (Atomics.load(i32, this.i + GEN) !== gen) {
        signaled = true;
        break;
      }
      if (!futexWait(i32, this.i + GEN, gen, deadline)) {
        signaled = Atomics.load(i32, this.i + GEN) !== gen;
        break;
      }
    }
    if (signaled && ctx().tracing) {
      const from = i32[this.i + SETTER] ?? 0;
      if (from && from !== ctx().tid) emit(Ev.WAKE, [from, ctx().tid, this.addr, i32[this.i + SET_T] ?? 0], ['set → wait']);
    }
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
