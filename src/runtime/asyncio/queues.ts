/**
 * `asyncio.Queue`, `LifoQueue`, `PriorityQueue` after CPython 3.12's `queues.py`: getters and
 * putters wait on futures in FIFO deques; `put_nowait` wakes one getter, `get_nowait` one putter.
 */
import { QueueEmpty, QueueFull, RuntimeError, ValueError } from '../errors';
import { Coroutine, OpCoroutine, callText, coro, type CoroGen } from './coroutine';
import { BaseEventLoop, Future, nextObjName, rt } from './core';
import { Deque } from './deque';
import { host } from '../host';
import { Event } from './locks';
import { pyRepr } from '../../lib/pyrepr';
import { pyLess, siftdown, siftup } from '../queue/order';
import { addressOf } from './repr';

export class Queue<T = unknown> {
  /** @internal */ _maxsize: number;
  /** @internal */ _getters = new Deque<Future>();
  /** @internal */ _putters = new Deque<Future>();
  /** @internal */ _unfinishedTasks = 0;
  /** @internal */ _finished: Event;
  /** @internal */ _loop: BaseEventLoop | null = null;
  /** @internal */ readonly _name: string;
  /** @internal */ readonly _getWhat: string;
  /** @internal */ readonly _putWhat: string;
  /** @internal Timeline row id (0: not traced). */ readonly _traceId: number;

  constructor(maxsize: number | { maxsize?: number } = 0) {
    this._maxsize = typeof maxsize === 'number' ? maxsize : (maxsize.maxsize ?? 0);
    this._name = nextObjName(this.constructor.name);
    this._finished = new Event(`${this._name} join`);
    this._finished.set();
    this._getWhat = `${this._name} get`;
    this._putWhat = `${this._name} put`;
    this._init(this._maxsize);
    this._traceId = host.traceObject('asyncio.Queue', this._name, this._maxsize);
  }

  // Overridable storage, as CPython's _init/_get/_put/_qsize.
  /** @internal */ _items!: Deque<T>;
  protected _init(_maxsize: number): void {
    this._items = new Deque<T>();
  }
  protected _get(): T {
    return this._items.shift() as T;
  }
  protected _put(item: T): void {
    this._items.push(item);
  }
  protected _qsize(): number {
    return this._items.length;
  }

  /** @internal */
  _waiter(what: string): Future {
    const loop = rt.runningLoop;
    if (this._loop === null) this._loop = loop;
    if (loop === null || loop !== this._loop) throw new RuntimeError(`${this.__repr__()} is bound to a different event loop`);
    const f = new Future(loop);
    f._what = what;
    return f;
  }

  /** @internal Wakes the first waiter that is not done yet. */
  _wakeupNext(waiters: Deque<Future>): void {
    for (;;) {
      const w = waiters.shift();
      if (w === undefined) return;
      if (!w.done()) {
        w.set_result(null);
        return;
      }
    }
  }

  qsize(): number {
    return this._qsize();
  }

  get maxsize(): number {
    return this._maxsize;
  }

  empty(): boolean {
    return this._qsize() === 0;
  }

  full(): boolean {
    return this._maxsize <= 0 ? false : this._qsize() >= this._maxsize;
  }

  /** A coroutine: waits for a free slot, then puts. */
  put(item: T): Coroutine {
    return new QueueOp(this as Queue<unknown>, true, item);
  }

  put_nowait(item: T): void {
    if (this.full()) throw new QueueFull();
    this._put(item);
    if (this._traceId !== 0) host.traceGauge(this._traceId, this._qsize());
    this._unfinishedTasks += 1;
    this._finished.clear();
    this._wakeupNext(this._getters);
  }

  /** A coroutine: waits for an item, then removes and returns it. */
  get(): Coroutine {
    return new QueueOp(this as Queue<unknown>, false, undefined);
  }

  get_nowait(): T {
    if (this.empty()) throw new QueueEmpty();
    const item = this._get();
    if (this._traceId !== 0) host.traceGauge(this._traceId, this._qsize());
    this._wakeupNext(this._putters);
    return item;
  }

  task_done(): void {
    if (this._unfinishedTasks <= 0) throw new ValueError('task_done() called too many times');
    this._unfinishedTasks -= 1;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /** A coroutine: waits until every item put has been marked task_done(). */
  join(): Coroutine {
    return coro(queueJoin, 'join', [this]);
  }

  protected _format(): string {
    let s = `maxsize=${pyRepr(this._maxsize)}`;
    if (this._qsize() > 0) s += ` _queue=${pyRepr(this._items.toArray())}`;
    if (this._getters.length > 0) s += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) s += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks > 0) s += ` tasks=${this._unfinishedTasks}`;
    return s;
  }

  __repr__(): string {
    return `<${this.constructor.name} at ${addressOf(this)} ${this._format()}>`;
  }
}

/**
 * `Queue.put` and `Queue.get` (CPython: `while self.full(): putter = …; await putter` then
 * `put_nowait`; `get` the same with `empty`, getters and `get_nowait`), as a state machine: a put
 * into a queue with room, or a get from one with items, never allocates a generator.
 */
class QueueOp extends OpCoroutine {
  // Declared, set in the constructor (see Coroutine: no field initializers on hot classes).
  declare private readonly _q: Queue<unknown>;
  declare private readonly _put: boolean;
  declare private readonly _item: unknown;
  declare private _waiter: Future | null;

  constructor(q: Queue<unknown>, put: boolean, item: unknown) {
    super(put ? 'put' : 'get');
    this._q = q;
    this._put = put;
    this._item = item;
    this._waiter = null;
  }

  override _callText(): string {
    return callText(`${this._q._name}.${this.name}`, this._put ? [this._item] : []);
  }

  /** Must it wait (full for a put, empty for a get)? */
  private _blocked(): boolean {
    return this._put ? this._q.full() : this._q.empty();
  }

  protected _next(): IteratorResult<unknown, unknown> {
    const q = this._q;
    this._waiter = null;
    if (this._blocked()) {
      const w = q._waiter(this._put ? q._putWhat : q._getWhat);
      (this._put ? q._putters : q._getters).push(w);
      this._waiter = w;
      return this._yield(w);
    }
    if (!this._put) return this._done(q.get_nowait());
    q.put_nowait(this._item);
    return this._done(null);
  }

  protected _throw(exc: unknown): IteratorResult<unknown, unknown> {
    const w = this._waiter;
    if (w !== null) {
      const waiters = this._put ? this._q._putters : this._q._getters;
      this._waiter = null;
      w.cancel(); // Just in case it is not done yet.
      waiters.remove(w);
      // Woken up (by get_nowait or put_nowait) but cannot take the slot or item: wake the next.
      if (!this._blocked() && !w.cancelled()) this._q._wakeupNext(waiters);
    }
    throw exc;
  }
}

function* queueJoin<T>(this: unknown, q: Queue<T>): CoroGen {
  if (q._unfinishedTasks > 0) yield* q._finished.wait()._start();
  return null;
}

export class LifoQueue<T = unknown> extends Queue<T> {
  protected override _get(): T {
    return this._items.pop() as T;
  }
}

/** Retrieves entries lowest first (`heapq` order: ties leave the heap's order, as CPython). */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /** @internal */ _heap: T[] = [];

  protected override _init(_maxsize: number): void {
    this._heap = [];
    this._items = new Deque<T>();
  }

  protected override _qsize(): number {
    return this._heap.length;
  }

  protected override _put(item: T): void {
    // heapq.heappush
    this._heap.push(item);
    siftdown(this._heap, 0, this._heap.length - 1, pyLess);
  }

  protected override _get(): T {
    // heapq.heappop: move the last leaf to the root, then CPython's _siftup (to a leaf, then up).
    const a = this._heap;
    const last = a.pop() as T;
    if (a.length === 0) return last;
    const top = a[0] as T;
    a[0] = last;
    siftup(a, 0, pyLess);
    return top;
  }

  protected override _format(): string {
    let s = `maxsize=${pyRepr(this._maxsize)}`;
    if (this._heap.length > 0) s += ` _queue=${pyRepr(this._heap)}`;
    return s;
  }
}
