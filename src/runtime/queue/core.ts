/**
 * The one queue of the runtime, in the shared heap: `queue.Queue`/`LifoQueue`/`PriorityQueue`/
 * `SimpleQueue` and `multiprocessing.Queue`/`JoinableQueue`/`SimpleQueue` are thin wrappers over
 * it (they differ in their API surface and in how items are copied). CPython's algorithm: one
 * mutex, and three conditions (not_empty, not_full, all_tasks_done), here futex generation
 * words bumped under the mutex, so a waiter that reads the generation under the mutex can never
 * miss the wake-up that follows.
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo (objects.ts)
 *   2 MUTEX        inner mutex (innerlock.ts) over every word below and the item list
 *   3 COUNT        items in the queue
 *   4 MAXSIZE      bound (<= 0: unbounded)
 *   5 KIND         0 FIFO · 1 LIFO · 2 PRIORITY (heapq order)
 *   6 API          which wrapper class a handle decodes to (QueueApi below)
 *   7 NOT_EMPTY    generation, bumped by each put; getters sleep on it
 *   8 NOT_FULL     generation, bumped by each get; putters of a full queue sleep on it
 *   9 ALL_DONE     generation, bumped when UNFINISHED drops to 0; join() sleeps on it
 *  10 UNFINISHED   items put and not yet marked by task_done()
 *  11 ARR          address of the item array (0 until the first put): item block addresses
 *  12 CAP          its capacity; it doubles when full (mutex held, items moved in order)
 *  13 GET_WAITERS  getters asleep (a put notifies only when > 0)
 *  14 PUT_WAITERS  putters asleep
 *  15 JOIN_WAITERS threads asleep in join()
 *  16 PUTTER, 17 PUT_T   tid and µs of the last put that found sleeping getters (arrow tail)
 *  18 GETTER, 19 GET_T   tid and µs of the last get that found sleeping putters
 *  20 DONER,  21 DONE_T  tid and µs of the task_done() that released join()
 *  22 START        FIFO: index of the oldest item in ARR (a ring of CAP slots)
 *
 * Items: each is one heap block holding its codec bytes (values.ts storeValue), encoded by the
 * putter before it takes the mutex and decoded by the getter after it lets go. ARR orders them:
 * FIFO a ring from START, LIFO a stack (top at COUNT-1), PRIORITY a binary heap (heapq's).
 */
import { ObjType, OBJ_MP, WaitKind } from '../../protocol/memory-layout';
import { alloc, blockBytes, free } from '../../protocol/heap';
import { writeGauge, writeWake } from '../../protocol/trace';
import { Empty, Full, ValueError } from '../errors';
import { clockMs, ctx, deadlineFor, futexWait, nowMicros, setState } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { SHARED, allocObject, registerType, remember, type SharedObject } from '../core/objects';
import { freeValue, loadValue, storeValue } from '../core/values';
import { forkCopy } from '../threading/fork';
import { pyLess, siftdown, siftup } from './order';
import { det, opPoint } from '../core/sched';
import { hbAcquire, hbRelease } from '../core/race';

const MUTEX = 2;
const COUNT = 3;
const MAXSIZE = 4;
const KIND = 5;
const API = 6;
const NOT_EMPTY = 7;
const NOT_FULL = 8;
const ALL_DONE = 9;
const UNFINISHED = 10;
const ARR = 11;
const CAP = 12;
const GET_WAITERS = 13;
const PUT_WAITERS = 14;
const JOIN_WAITERS = 15;
const PUTTER = 16;
const PUT_T = 17;
const GETTER = 18;
const GET_T = 19;
const DONER = 20;
const DONE_T = 21;
const START = 22;
const WORDS = 23;

export const QueueKind = { FIFO: 0, LIFO: 1, PRIORITY: 2 } as const;

/** The wrapper class a record decodes to in another worker. */
export const QueueApi = {
  QUEUE: 0,
  SIMPLE: 1,
  MP_QUEUE: 2,
  MP_JOINABLE: 3,
  MP_SIMPLE: 4,
} as const;

const factories = new Map<number, (core: QueueCore) => SharedObject>();

/** Each module registers how a handle of its API decodes (queue: 0-1, multiprocessing: 2-4). */
export function registerQueueApi(api: number, f: (core: QueueCore) => SharedObject): void {
  factories.set(api, f);
}

registerType(ObjType.Queue, (addr) => {
  const core = new QueueCore(addr);
  const f = factories.get(core.api);
  if (!f) throw new Error(`queue API ${core.api} is not loaded`);
  return f(core);
});

/** Below this many µs between two length changes, the gauge is sampled (hot producer/consumer loops). */
const GAUGE_GAP_US = 200;

function checkTimeout(timeout: number | null | undefined): void {
  if (timeout !== null && timeout !== undefined && timeout < 0) throw new ValueError("'timeout' must be a non-negative number");
}

/**
 * A program's `Queue`, `SimpleQueue`… (of `queue` or `multiprocessing`): the face of one
 * QueueCore, the one it decodes when another thread shared it, else a new one from `make()`,
 * remembered as a new object.
 */
export abstract class QueueFront implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  /** @internal */
  declare readonly _q: QueueCore;

  constructor(core: QueueCore | undefined, make: () => QueueCore) {
    const q = core ?? make();
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: q.addr });
    Object.defineProperty(this, '_q', { value: q });
    if (!core) remember(this);
  }
}

/** The bounded queues (`queue.Queue` and its kinds, `multiprocessing.Queue`): their size queries. */
export abstract class SizedQueueFront extends QueueFront {
  qsize(): number {
    return this._q.qsize();
  }

  empty(): boolean {
    return this._q.empty();
  }

  full(): boolean {
    return this._q.full();
  }
}

/** The first of `known`'s classes on `cls`'s prototype chain (a program's subclass of Queue is a Queue). */
export function knownBase<T>(cls: unknown, known: ReadonlyMap<unknown, T>, otherwise: T): T {
  for (let p: unknown = cls; typeof p === 'function'; p = Object.getPrototypeOf(p)) {
    const v = known.get(p);
    if (v !== undefined) return v;
  }
  return otherwise;
}

export class QueueCore {
  readonly addr: number;
  private readonly i: number;
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;
  /** Items cross processes (fork copies) for multiprocessing queues. */
  private readonly mp: boolean;
  private lastGauge = -Infinity;

  constructor(addr: number);
  constructor(addr: undefined, kind: number, api: number, maxsize: number, mp: boolean);
  constructor(addr?: number, kind = 0, api = 0, maxsize = 0, mp = false) {
    const c = ctx();
    this.i32 = c.i32;
    this.u8 = new Uint8Array(c.sab);
    if (addr === undefined) {
      addr = allocObject(ObjType.Queue, WORDS, mp ? OBJ_MP : 0, maxsize > 0 ? maxsize : 0);
      const i = addr >> 2;
      this.i32[i + KIND] = kind;
      this.i32[i + API] = api;
      this.i32[i + MAXSIZE] = maxsize;
    }
    this.addr = addr;
    this.i = addr >> 2;
    this.mp = ((this.i32[this.i] ?? 0) & OBJ_MP) !== 0;
  }

  get api(): number {
    return this.i32[this.i + API] ?? 0;
  }

  get maxsize(): number {
    return this.i32[this.i + MAXSIZE] ?? 0;
  }

  get kind(): number {
    return this.i32[this.i + KIND] ?? 0;
  }

  qsize(): number {
    return Atomics.load(this.i32, this.i + COUNT);
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    const m = this.maxsize;
    return m > 0 && this.qsize() >= m;
  }

  // -- items ------------------------------------------------------------------------------------

  /** Makes room for one more item (mutex held): a full array doubles, the ring unrolled into it. */
  private reserve(): void {
    const i32 = this.i32;
    const i = this.i;
    const n = i32[i + COUNT] ?? 0;
    const cap = i32[i + CAP] ?? 0;
    if (n < cap) return;
    const ncap = Math.max(16, cap * 2);
    const bigger = alloc(i32, ncap * 4);
    const old = i32[i + ARR] ?? 0;
    if (old !== 0) {
      const at = old >> 2;
      const start = i32[i + KIND] === QueueKind.FIFO ? (i32[i + START] ?? 0) : 0;
      for (let k = 0; k < n; k++) i32[(bigger >> 2) + k] = i32[at + ((start + k) % cap)] ?? 0;
      free(i32, old);
    }
    i32[i + ARR] = bigger;
    i32[i + CAP] = ncap;
    i32[i + START] = 0;
  }

  /** Adds the item block (mutex held). May throw (a PriorityQueue item that cannot be compared). */
  private link(block: number): void {
    const i32 = this.i32;
    const i = this.i;
    this.reserve();
    const n = i32[i + COUNT] ?? 0;
    const at = (i32[i + ARR] ?? 0) >> 2;
    const kind = i32[i + KIND];
    if (kind === QueueKind.PRIORITY) {
      const heap = Array.from(i32.subarray(at, at + n));
      heap.push(block);
      const cache = new Map<number, unknown>();
      siftdown(heap, 0, n, (a, b) => pyLess(this.cached(cache, a), this.cached(cache, b)));
      i32.set(heap, at);
    } else if (kind === QueueKind.LIFO) {
      i32[at + n] = block;
    } else {
      i32[at + (((i32[i + START] ?? 0) + n) % (i32[i + CAP] ?? 1))] = block;
    }
    Atomics.store(i32, i + COUNT, n + 1);
  }

  /** Takes the next item block (mutex held; COUNT > 0). */
  private unlink(): number {
    const i32 = this.i32;
    const i = this.i;
    const n = (i32[i + COUNT] ?? 1) - 1;
    const at = (i32[i + ARR] ?? 0) >> 2;
    const kind = i32[i + KIND];
    let block: number;
    if (kind === QueueKind.PRIORITY) {
      const heap = Array.from(i32.subarray(at, at + n + 1));
      const last = heap.pop() as number;
      if (heap.length > 0) {
        block = heap[0] as number;
        heap[0] = last;
        const cache = new Map<number, unknown>();
        siftup(heap, 0, (a, b) => pyLess(this.cached(cache, a), this.cached(cache, b)));
        i32.set(heap, at);
      } else block = last;
    } else if (kind === QueueKind.LIFO) {
      block = i32[at + n] ?? 0;
    } else {
      const start = i32[i + START] ?? 0;
      block = i32[at + start] ?? 0;
      i32[i + START] = (start + 1) % (i32[i + CAP] ?? 1);
    }
    Atomics.store(i32, i + COUNT, n);
    return block;
  }

  private cached(cache: Map<number, unknown>, block: number): unknown {
    if (!cache.has(block)) cache.set(block, loadValue(block));
    return cache.get(block);
  }

  private gauge(force: boolean): void {
    const c = ctx();
    if (!c.tracing) return;
    const now = nowMicros();
    if (!force && now - this.lastGauge < GAUGE_GAP_US) return;
    this.lastGauge = now;
    writeGauge(c.ring, this.addr, Atomics.load(this.i32, this.i + COUNT));
  }

  // -- put / get --------------------------------------------------------------------------------

  /** CPython's `Queue.put`; `tasks` counts the item for task_done()/join(). */
  put(item: unknown, block = true, timeout: number | null = null, tasks = true): void {
    if (det) opPoint('put', this.addr);
    const node = storeValue(item, this.mp);
    const i32 = this.i32;
    const i = this.i;
    const c = ctx();
    const maxsize = i32[i + MAXSIZE] ?? 0;
    innerLock(i32, i + MUTEX);
    // The race detector: the putter's work happens before the getter's (every item's, as one key).
    hbRelease(this.addr);
    let blocked = false;
    let deadline = Infinity;
    try {
      if (maxsize > 0) {
        if (!block) {
          if ((i32[i + COUNT] ?? 0) >= maxsize) throw new Full();
        } else {
          checkTimeout(timeout);
          deadline = deadlineFor(timeout);
          while ((i32[i + COUNT] ?? 0) >= maxsize) {
            if (timeout !== null && timeout !== undefined && clockMs() >= deadline) throw new Full();
            if (!blocked) {
              blocked = true;
              setState('blocked', { obj: this.addr, kind: WaitKind.PUT, timeout, what: 'put' });
            }
            this.waitUnlocked(NOT_FULL, PUT_WAITERS, deadline);
          }
        }
      }
      this.link(node);
      if (tasks) i32[i + UNFINISHED] = (i32[i + UNFINISHED] ?? 0) + 1;
      Atomics.add(i32, i + NOT_EMPTY, 1);
      if ((i32[i + GET_WAITERS] ?? 0) > 0) {
        i32[i + PUTTER] = c.tid;
        i32[i + PUT_T] = nowMicros();
        Atomics.notify(i32, i + NOT_EMPTY, 1);
      }
    } catch (e) {
      innerUnlock(i32, i + MUTEX);
      freeValue(node);
      if (blocked) setState('running');
      throw e;
    }
    const from = i32[i + GETTER] ?? 0;
    const fromT = i32[i + GET_T] ?? 0;
    innerUnlock(i32, i + MUTEX);
    if (blocked) {
      writeWake(c.ring, from, c.tid, this.addr, fromT, 'get → put');
      setState('running');
    }
    this.gauge(blocked || maxsize > 0);
  }

  /**
   * With the mutex held: one wait on the futex word `cond` (NOT_FULL, NOT_EMPTY or ALL_DONE) with the mutex
   * released, counted in `waiters` so that the other side notifies only when someone waits.
   */
  private waitUnlocked(cond: number, waiters: number, deadline: number): void {
    const i32 = this.i32;
    const i = this.i;
    const gen = i32[i + cond] ?? 0;
    i32[i + waiters] = (i32[i + waiters] ?? 0) + 1;
    innerUnlock(i32, i + MUTEX);
    try {
      futexWait(i32, i + cond, gen, deadline);
    } finally {
      innerLock(i32, i + MUTEX);
      i32[i + waiters] = (i32[i + waiters] ?? 1) - 1;
    }
  }

  /**
   * CPython's `Queue.get`. `as` names what the lane shows while blocked when the queue is the
   * runtime's own plumbing (a pool's join waits on its out-queue, shown as the join).
   */
  get(block = true, timeout: number | null = null, as?: { obj: number; kind: number; what: string }): unknown {
    if (det) opPoint('get', this.addr);
    const i32 = this.i32;
    const i = this.i;
    const c = ctx();
    let blocked = false;
    if (block) checkTimeout(timeout);
    const deadline = block ? deadlineFor(timeout) : 0;
    innerLock(i32, i + MUTEX);
    let node: number;
    try {
      while ((i32[i + COUNT] ?? 0) === 0) {
        if (!block) throw new Empty();
        if (timeout !== null && timeout !== undefined && clockMs() >= deadline) throw new Empty();
        if (!blocked) {
          blocked = true;
          setState('blocked', { obj: as?.obj ?? this.addr, kind: as?.kind ?? WaitKind.GET, timeout, what: as?.what ?? 'get' });
        }
        this.waitUnlocked(NOT_EMPTY, GET_WAITERS, deadline);
      }
      node = this.unlink();
      hbAcquire(this.addr);
    } catch (e) {
      innerUnlock(i32, i + MUTEX);
      if (blocked) setState('running');
      throw e;
    }
    Atomics.add(i32, i + NOT_FULL, 1);
    if ((i32[i + PUT_WAITERS] ?? 0) > 0) {
      i32[i + GETTER] = c.tid;
      i32[i + GET_T] = nowMicros();
      Atomics.notify(i32, i + NOT_FULL, 1);
    }
    const from = i32[i + PUTTER] ?? 0;
    const fromT = i32[i + PUT_T] ?? 0;
    innerUnlock(i32, i + MUTEX);
    if (blocked) {
      if (!as) writeWake(c.ring, from, c.tid, this.addr, fromT, 'put → get');
      setState('running');
    }
    this.gauge(blocked);
    try {
      return loadValue(node);
    } finally {
      freeValue(node);
    }
  }

  // -- tasks ------------------------------------------------------------------------------------

  task_done(): void {
    const i32 = this.i32;
    const i = this.i;
    innerLock(i32, i + MUTEX);
    const left = (i32[i + UNFINISHED] ?? 0) - 1;
    if (left < 0) {
      innerUnlock(i32, i + MUTEX);
      throw new ValueError('task_done() called too many times');
    }
    i32[i + UNFINISHED] = left;
    hbRelease(this.addr);
    if (left === 0) {
      i32[i + DONER] = ctx().tid;
      i32[i + DONE_T] = nowMicros();
      Atomics.add(i32, i + ALL_DONE, 1);
      if ((i32[i + JOIN_WAITERS] ?? 0) > 0) Atomics.notify(i32, i + ALL_DONE);
    }
    innerUnlock(i32, i + MUTEX);
  }

  join(): void {
    const i32 = this.i32;
    const i = this.i;
    const c = ctx();
    let blocked = false;
    innerLock(i32, i + MUTEX);
    while ((i32[i + UNFINISHED] ?? 0) > 0) {
      if (!blocked) {
        blocked = true;
        setState('blocked', { obj: this.addr, kind: WaitKind.JOIN, what: 'join (unfinished tasks)' });
      }
      this.waitUnlocked(ALL_DONE, JOIN_WAITERS, Infinity);
    }
    const from = i32[i + DONER] ?? 0;
    const fromT = i32[i + DONE_T] ?? 0;
    hbAcquire(this.addr);
    innerUnlock(i32, i + MUTEX);
    if (blocked) {
      writeWake(c.ring, from, c.tid, this.addr, fromT, 'task_done → join');
      setState('running');
    }
  }

  /** Takes every item now (shutdown(cancel_futures=True) drains its work queue this way). */
  drain(): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      try {
        out.push(this.get(false));
      } catch (e) {
        if (e instanceof Empty) return out;
        throw e;
      }
    }
  }

  // -- fork -------------------------------------------------------------------------------------

  /**
   * The handle a value crossing to `forProcess` gets: a `queue.Queue` is copied with its items
   * (a forked child has its own copy of the parent's memory); multiprocessing queues stay shared.
   */
  cross(forProcess: boolean): { tag: string; data: unknown } {
    if (!forProcess || this.mp) return { tag: 'rt', data: this.addr };
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    try {
      const copy = forkCopy(this.addr, (k) => {
        i32[k + MUTEX] = 0;
        i32[k + GET_WAITERS] = 0;
        i32[k + PUT_WAITERS] = 0;
        i32[k + JOIN_WAITERS] = 0;
        i32[k + PUTTER] = 0;
        i32[k + GETTER] = 0;
        i32[k + DONER] = 0;
        this.copyItems(k);
      });
      return { tag: 'rt', data: copy };
    } finally {
      innerUnlock(i32, this.i + MUTEX);
    }
  }

  private copyBlock(block: number): number {
    const i32 = this.i32;
    const len = blockBytes(i32, block);
    const copy = alloc(i32, len);
    this.u8.copyWithin(copy, block, block + len);
    return copy;
  }

  /** The copy's own item array, in logical order from 0 (mutex of the original held). */
  private copyItems(k: number): void {
    const i32 = this.i32;
    const n = i32[this.i + COUNT] ?? 0;
    const cap = i32[this.i + CAP] ?? 0;
    i32[k + ARR] = 0;
    i32[k + CAP] = 0;
    i32[k + START] = 0;
    if (cap === 0) return;
    const arr = alloc(i32, cap * 4);
    const src = (i32[this.i + ARR] ?? 0) >> 2;
    const start = i32[this.i + KIND] === QueueKind.FIFO ? (i32[this.i + START] ?? 0) : 0;
    for (let j = 0; j < n; j++) i32[(arr >> 2) + j] = this.copyBlock(i32[src + ((start + j) % cap)] ?? 0);
    i32[k + ARR] = arr;
    i32[k + CAP] = cap;
  }
}
