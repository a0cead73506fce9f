/**
 * `threading.Lock` and `threading.RLock`: futex mutexes on one heap word each (the "mutex 2"
 * design of Drepper's "Futexes Are Tricky", as in parlib-simple's lock.js).
 *
 * Record (Int32 words from the object's index):
 *   0 header, 1 seqNo (objects.ts)
 *   2 STATE     0 unlocked · 1 locked, no waiters · 2 locked, maybe waiters
 *   3 OWNER     tid of the holder, 0 when unlocked (read by the deadlock detector)
 *   4 RELEASER  tid of the last release that found waiters (tail of the causality arrow)
 *   5 RELEASE_T µs of that release
 *   6 LOGGED    holds drawn so far: the first HOLD_LOG acquisitions are drawn, then only the
 *               contended ones (sampled); every drawn hold has its release drawn
 *   7 COUNT     RLock only: recursion depth
 *
 * Python allows any thread to release a Lock; an RLock only by its owner.
 */
import { Detect, ObjType, OBJ_MP, T, WaitKind } from '../../protocol/memory-layout';
import { writeCounter, writeHold, writeWake } from '../../protocol/trace';
import { RuntimeError, ValueError } from '../errors';
import { checkAbort, ctx, deadlineFor, futexWait, markFutex, nowMicros, setState } from '../core/context';
import { det, opPoint } from '../core/sched';
import { COUNTER_FLUSH, flushCounters, track, type Counted } from '../core/counters';
import { SHARED, allocObject, registerType, remember, type SharedObject } from '../core/objects';
import type { FastPath } from '../core/fastpath';
import { held } from '../core/held';
import { crossRecord } from './fork';
import { wallNow } from '../core/wallclock';
import { hbRelease, mutexAcquired, mutexReleased, racing } from '../core/race';
import { detect } from '../core/warn';
import { lockTaking } from './lock-order';

const STATE = 2;
const OWNER = 3;
const RELEASER = 4;
const RELEASE_T = 5;
const LOGGED = 6;
const COUNT = 7;
const WORDS = 8;

/** What rare() is asked to do (see there). */
const COUNTED = 0;
const CONTENDED = 1;
const RELEASED = 2;

/** Acquisitions whose hold is always drawn, before only contended ones are. */
const HOLD_LOG = 64;
/**
 * Spins before sleeping on the futex. Few on purpose: a spinning waiter steals the lock's cache
 * line on every hand-over (~100 ns each between cores), while a sleeping one lets the holder run
 * its next acquisitions uncontended, as glibc's mutex does; two threads hammering one lock then
 * run about as fast as one.
 */
const SPIN = 4;
/** How long a blocked acquire polls (wall ms) before it sleeps on the futex, and each poll's wait. */
const POLL_MS = 2;
const POLL_SLICE_MS = 0.05;
/** Under heavy contention, log at most one block per lock and thread per this many µs. */
const LOG_GAP_US = 250;

export function checkAcquireArgs(blocking: boolean, timeout: number | null | undefined): void {
  if (timeout === -1 || timeout === undefined || timeout === null) return;
  if (!blocking) throw new ValueError("can't specify a timeout for a non-blocking call");
  if (timeout < 0) throw new ValueError('timeout value must be a non-negative number');
}

/** Shared machinery of Lock and RLock: the futex word and its tracing. */
abstract class MutexBase implements SharedObject, Counted {
  readonly [SHARED] = true;
  readonly addr: number;
  protected readonly i: number;
  protected readonly i32: Int32Array;
  protected readonly tid: number;
  /** Byte address of the state word, for the wasm fast path. */
  private readonly stateAt: number;
  private readonly fp: FastPath;
  fast = 0;
  /** The next count at which take() calls rare() (1: the first acquisition does). */
  due = 1;
  /** The current hold was drawn, so its release must be drawn too (the row must not lie). */
  private holdLogged = false;
  private contended = 0;
  private lastLogged = -Infinity;

  constructor(type: number, mp: boolean, addr?: number) {
    const c = ctx();
    this.i32 = c.i32;
    this.tid = c.tid;
    this.addr = addr ?? allocObject(type, WORDS, mp ? OBJ_MP : 0);
    this.i = this.addr >> 2;
    this.stateAt = this.addr + STATE * 4;
    this.fp = c.fast;
    if (addr === undefined) remember(this);
  }

  /**
   * Takes the futex; true when acquired. Records the hold when it is worth drawing.
   *
   * Everything but the uncontended acquisition goes through rare(), which the first
   * acquisition already calls (due = 1), so that call has run before the JIT compiles the
   * program's loop.
   */
  protected take(blocking: boolean, timeout: number): boolean {
    if (det) opPoint('acquire', this.addr);
    if (detect & Detect.LOCK_ORDER) lockTaking(this.addr, blocking && timeout === -1);
    const got = this.fp.take(this.stateAt, this.tid) === 1;
    if (got) {
      held.n++;
      // The race detector: what the last holder did happens before what this one does.
      if (racing) mutexAcquired(this.addr);
      if (++this.fast < this.due) return true;
    } else if (!blocking) {
      return false;
    }
    return this.rare(got ? COUNTED : CONTENDED, timeout, 0);
  }

  /** Gives the futex back. Like take(), one call (rare) for all but the plain release. */
  protected give(): void {
    if (det) opPoint('release', this.addr);
    const owner = this.i32[this.i + OWNER] ?? 0;
    if (racing) {
      if (owner === this.tid) mutexReleased(this.addr);
      else hbRelease(this.addr);
    }
    const prev = this.fp.give(this.stateAt);
    // fast > 1: the first release after each flush takes the long way, so rare()'s call has
    // run before the JIT compiles the caller, with tracing off too.
    if (prev === 1 && owner === this.tid && !this.holdLogged && this.fast > 1) {
      held.n--;
      return;
    }
    this.rare(RELEASED, prev, owner);
  }

  /**
   * Every path of take() and give() but the uncontended one: COUNTED, the bookkeeping of a
   * counted acquisition; CONTENDED, waiting for the lock (`a`: the timeout); RELEASED, a
   * release that may wake a waiter or must be drawn (`a`: the previous state, `b`: the holder).
   *
   * One method on purpose, bigger than V8 inlines (max_inlined_bytecode_size: 460 bytes of
   * bytecode). take() and give() are inlined into the program's hot loop; when their rare
   * paths were inlined too, a branch that had not yet run when the loop was compiled (the first
   * counter flush at COUNTER_FLUSH, the first contention, the first release that wakes a
   * waiter) deoptimized the loop when it first ran, and each thread paid a second 10-15 ms
   * compile (--trace-deopt on the `lock` benchmark). Out of line, the loop's compile is also
   * a fraction of the code (no tracing or futex paths in it).
   */
  private rare(what: number, a: number, b: number): boolean {
    if (what === RELEASED) {
      const prev = a;
      const owner = b;
      const i32 = this.i32;
      const i = this.i + STATE;
      if (owner === this.tid && prev > 0) held.n--;
      if (prev === 1) {
        // A release by another thread than the holder (allowed for Lock) is rare: always draw it.
        if (this.holdLogged || (owner !== this.tid && ctx().tracing)) this.logRelease();
        return true;
      }
      if (prev <= 0) {
        Atomics.add(i32, i, 1);
        i32[this.i + OWNER] = owner;
        throw new RuntimeError(this.unlockedMessage());
      }
      i32[this.i + RELEASER] = this.tid;
      i32[this.i + RELEASE_T] = nowMicros();
      Atomics.store(i32, i, 0);
      Atomics.notify(i32, i, 1);
      if (this.holdLogged || (owner !== this.tid && ctx().tracing)) this.logRelease();
      return true;
    }
    if (what === COUNTED) {
      const n = this.fast;
      if (n >= COUNTER_FLUSH) {
        flushCounters(); // fast := 0, due := 1: the next acquisition tracks it again
        return true;
      }
      if (n === 1) track(this);
      if (n < HOLD_LOG && (this.i32[this.i + LOGGED] ?? HOLD_LOG) < HOLD_LOG) {
        this.logAcquire();
        this.due = n + 1;
      } else {
        this.due = COUNTER_FLUSH;
      }
      return true;
    }
    const timeout = a;
    const i32 = this.i32;
    const i = this.i + STATE;
    // (A deterministic run has one thread running at a time: nobody would release meanwhile.)
    for (let s = det ? SPIN : 0; s < SPIN; s++) {
      if (Atomics.load(i32, i) === 0 && Atomics.compareExchange(i32, i, 0, 1) === 0) {
        i32[this.i + OWNER] = this.tid;
        this.contended++;
        held.n++;
        if (racing) mutexAcquired(this.addr);
        return true;
      }
    }
    const timed = timeout !== -1;
    const deadline = timed ? deadlineFor(timeout) : Infinity;
    const now = nowMicros();
    const log = ctx().tracing && now - this.lastLogged > LOG_GAP_US;
    if (log) {
      this.lastLogged = now;
      flushCounters();
      this.flushContended();
    } else {
      this.contended++;
    }
    setState('blocked', { obj: this.addr, kind: WaitKind.ACQUIRE, timeout: timed ? timeout : null, what: 'acquire' }, log);
    const holder = i32[this.i + OWNER] ?? 0;
    let polled = false;
    // Phase 1: poll without marking the lock contended, so the holder's releases stay on the
    // fast path (no notify). Under heavy contention this lets the holder run many acquisitions
    // in a row, as a sleeping waiter does with glibc, at a fraction of V8's wait/notify cost.
    // Pollers nap on their own slot's SLEEP word (never notified), not on the lock's word: a
    // release's single notify must reach a phase-2 sleeper, never be swallowed by a poller.
    const c = ctx();
    const nap = c.slot + T.SLEEP;
    const pollUntil = det ? 0 : Math.min(deadline, wallNow() + POLL_MS);
    // For the deadlock detector, a poller waits on the lock's word as it saw it held.
    markFutex(c, i, Atomics.load(i32, i) || 1);
    while (wallNow() < pollUntil) {
      if (Atomics.load(i32, i) === 0 && Atomics.compareExchange(i32, i, 0, 1) === 0) {
        polled = true;
        break;
      }
      Atomics.wait(c.i32, nap, 0, POLL_SLICE_MS);
      checkAbort();
    }
    markFutex(c, -1, 0);
    // Phase 2: the classic futex sleep (state 2: the releaser will notify).
    if (!polled) {
      let c = Atomics.exchange(i32, i, 2);
      while (c !== 0) {
        if (!futexWait(i32, i, 2, deadline)) {
          if (Atomics.compareExchange(i32, i, 0, 2) === 0) break;
          setState('running', {}, log);
          return false;
        }
        c = Atomics.exchange(i32, i, 2);
      }
    }
    i32[this.i + OWNER] = this.tid;
    held.n++;
    // (Here, not in take(): a call there that only contention reaches deoptimized the program's
    // loop, compiled before the first contention, when it came.)
    if (racing) mutexAcquired(this.addr);
    if (log) {
      // A notifying release recorded itself; a polled acquisition follows the holder we saw.
      const from = polled ? holder : (i32[this.i + RELEASER] ?? 0);
      const fromT = polled ? nowMicros() : (i32[this.i + RELEASE_T] ?? 0);
      writeWake(c.ring, from, this.tid, this.addr, fromT, 'release → acquire');
    }
    setState('running', {}, log);
    if (log) this.logAcquire();
    return true;
  }

  protected abstract unlockedMessage(): string;

  /** Draws this acquisition on the lock's row; its release is then drawn too (logRelease). */
  private logAcquire(): void {
    if (!ctx().tracing) return;
    Atomics.add(this.i32, this.i + LOGGED, 1);
    writeHold(ctx().ring, this.addr, this.tid);
    this.holdLogged = true;
  }

  private logRelease(): void {
    this.holdLogged = false;
    writeHold(ctx().ring, this.addr, null);
  }

  private flushContended(): void {
    if (this.contended > 0) {
      writeCounter(ctx().ring, this.addr, this.contended, 'contended');
      this.contended = 0;
    }
  }

  /** True while held by anyone. */
  locked(): boolean {
    return Atomics.load(this.i32, this.i + STATE) !== 0;
  }

  /** tid of the holder (0: none). */
  owner(): number {
    return this.i32[this.i + OWNER] ?? 0;
  }

  /** Fork: the child gets a copy in the same state (held stays held), without waiters. */
  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    return crossRecord(this.addr, forProcess, (k) => {
      const i32 = this.i32;
      if ((i32[k + STATE] ?? 0) !== 0) i32[k + STATE] = 1;
      i32[k + RELEASER] = 0;
    });
  }
}

/** `threading.Lock()`. */
export class Lock extends MutexBase {
  constructor(addr?: number, mp = false) {
    super(ObjType.Lock, mp, addr);
  }

  acquire(blocking = true, timeout: number | null = -1): boolean {
    if (timeout !== -1) checkAcquireArgs(blocking, timeout);
    return this.take(blocking, timeout ?? -1);
  }

  release(): void {
    this.give();
  }

  protected unlockedMessage(): string {
    return 'release unlocked lock';
  }

  /** Block form: `using _ = lock.hold();` acquires now and releases at the end of the block. */
  hold(): this {
    this.take(true, -1);
    return this;
  }

  [Symbol.dispose](): void {
    this.give();
  }

  __enter__(): boolean {
    return this.acquire();
  }

  __exit__(): void {
    this.release();
  }

  __repr__(): string {
    return `<${this.locked() ? 'locked' : 'unlocked'} _thread.lock object>`;
  }
}

/** `threading.RLock()`: re-entrant; only the owner may release. */
export class RLock extends MutexBase {
  constructor(addr?: number, mp = false) {
    super(ObjType.RLock, mp, addr);
  }

  acquire(blocking = true, timeout: number | null = -1): boolean {
    if (timeout !== -1) checkAcquireArgs(blocking, timeout);
    const i32 = this.i32;
    if (i32[this.i + OWNER] === this.tid) {
      i32[this.i + COUNT] = (i32[this.i + COUNT] ?? 0) + 1;
      return true;
    }
    if (!this.take(blocking, timeout ?? -1)) return false;
    i32[this.i + COUNT] = 1;
    return true;
  }

  release(): void {
    const i32 = this.i32;
    if (i32[this.i + OWNER] !== this.tid) throw new RuntimeError('cannot release un-acquired lock');
    const n = (i32[this.i + COUNT] ?? 1) - 1;
    i32[this.i + COUNT] = n;
    if (n === 0) this.give();
  }

  protected unlockedMessage(): string {
    return 'cannot release un-acquired lock';
  }

  /** True when the calling thread holds it (Condition uses this). */
  _is_owned(): boolean {
    return this.i32[this.i + OWNER] === this.tid;
  }

  /** Releases completely, returning the recursion depth (Condition.wait). */
  _release_save(): number {
    if (!this._is_owned()) throw new RuntimeError('cannot release un-acquired lock');
    const n = this.i32[this.i + COUNT] ?? 1;
    this.i32[this.i + COUNT] = 0;
    this.give();
    return n;
  }

  _acquire_restore(count: number): void {
    this.take(true, -1);
    this.i32[this.i + COUNT] = count;
  }

  hold(): this {
    this.acquire();
    return this;
  }

  [Symbol.dispose](): void {
    this.release();
  }

  __enter__(): boolean {
    return this.acquire();
  }

  __exit__(): void {
    this.release();
  }

  __repr__(): string {
    const owner = this.owner();
    return `<${owner ? 'locked' : 'unlocked'} _thread.RLock object owner=${owner} count=${this.i32[this.i + COUNT] ?? 0}>`;
  }
}

registerType(ObjType.Lock, (addr) => new Lock(addr));
registerType(ObjType.RLock, (addr) => new RLock(addr));
