/**
 * `multiprocessing.Queue`, `JoinableQueue` and `SimpleQueue`: the runtime's one queue (queue/
 * core.ts) flagged as a multiprocessing object, so it stays shared across a fork and its items
 * are copied as for another process. CPython's API surface: no task_done()/join() on Queue;
 * `close()` and `join_thread()` exist (there is no feeder thread here: the item is in shared
 * memory when put() returns, so they only mark the queue closed for this process).
 */
import { AssertionError, ValueError } from '../errors';
import { SHARED, remember, type SharedObject } from '../core/objects';
import { QueueApi, QueueCore, QueueKind, registerQueueApi } from '../queue/core';

/** mp timeouts: a negative timeout means "do not wait" (CPython polls with it), not an error. */
function clamp(timeout: number | null | undefined): number | null {
  return timeout === null || timeout === undefined ? null : Math.max(0, timeout);
}

export class Queue implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  /** @internal */
  declare readonly _q: QueueCore;
  private _closed = false;

  constructor(maxsize = 0, core?: QueueCore) {
    const q = core ?? new QueueCore(undefined, QueueKind.FIFO, apiOf(new.target), Number(maxsize) || 0, true);
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: q.addr });
    Object.defineProperty(this, '_q', { value: q });
    if (!core) remember(this);
  }

  private checkClosed(): void {
    if (this._closed) throw new ValueError(`Queue ${this.__repr__()} is closed`);
  }

  put(obj: unknown, block = true, timeout: number | null = null): void {
    this.checkClosed();
    this._q.put(obj, block, clamp(timeout), this instanceof JoinableQueue);
  }

  get(block = true, timeout: number | null = null): unknown {
    this.checkClosed();
    return this._q.get(block, clamp(timeout));
  }

  put_nowait(obj: unknown): void {
    this.put(obj, false);
  }

  get_nowait(): unknown {
    return this.get(false);
  }

  qsize(): number {
    return this._q.qsize();
  }

  empty(): boolean {
    return this._q.empty();
  }

  full(): boolean {
    return this._q.full();
  }

  close(): void {
    this._closed = true;
  }

  join_thread(): void {
    if (!this._closed) throw new AssertionError(`Queue ${this.__repr__()} not closed`);
  }

  cancel_join_thread(): void {}

  __repr__(): string {
    const cls = this instanceof JoinableQueue ? 'JoinableQueue' : 'Queue';
    return `<multiprocessing.queues.${cls} object at 0x${this.addr.toString(16)}>`;
  }
}

export class JoinableQueue extends Queue {
  task_done(): void {
    this._q.task_done();
  }

  join(): void {
    this._q.join();
  }
}

function apiOf(cls: unknown): number {
  let p: unknown = cls;
  while (typeof p === 'function') {
    if (p === JoinableQueue) return QueueApi.MP_JOINABLE;
    p = Object.getPrototypeOf(p);
  }
  return QueueApi.MP_QUEUE;
}

export class SimpleQueue implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  /** @internal */
  declare readonly _q: QueueCore;

  constructor(core?: QueueCore) {
    const q = core instanceof QueueCore ? core : new QueueCore(undefined, QueueKind.FIFO, QueueApi.MP_SIMPLE, 0, true);
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: q.addr });
    Object.defineProperty(this, '_q', { value: q });
    if (!(core instanceof QueueCore)) remember(this);
  }

  put(obj: unknown): void {
    this._q.put(obj, true, null, false);
  }

  get(): unknown {
    return this._q.get(true, null);
  }

  empty(): boolean {
    return this._q.empty();
  }

  close(): void {}

  __repr__(): string {
    return `<multiprocessing.queues.SimpleQueue object at 0x${this.addr.toString(16)}>`;
  }
}

registerQueueApi(QueueApi.MP_QUEUE, (core) => new Queue(0, core));
registerQueueApi(QueueApi.MP_JOINABLE, (core) => new JoinableQueue(0, core));
registerQueueApi(QueueApi.MP_SIMPLE, (core) => new SimpleQueue(core));
