/**
 * Python's `queue` module: `Queue`, `LifoQueue`, `PriorityQueue`, `SimpleQueue`, `Empty`,
 * `Full`. Every class wraps one QueueCore record (core.ts); a handle sent to another thread
 * decodes to the same class over the same record.
 */
import { Empty, Full } from '../errors';
import { SHARED, remember, type SharedObject } from '../core/objects';
import { QueueApi, QueueCore, QueueKind, registerQueueApi } from './core';

/** `queue.Queue(maxsize=0)`: FIFO; LifoQueue and PriorityQueue change only the order. */
export class Queue implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  /** @internal */
  declare readonly _q: QueueCore;

  constructor(maxsize = 0, core?: QueueCore) {
    const q = core ?? new QueueCore(undefined, kindOf(new.target), QueueApi.QUEUE, Number(maxsize) || 0, false);
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: q.addr });
    Object.defineProperty(this, '_q', { value: q });
    if (!core) remember(this);
  }

  get maxsize(): number {
    return this._q.maxsize;
  }

  put(item: unknown, block = true, timeout: number | null = null): void {
    this._q.put(item, block, timeout ?? null);
  }

  get(block = true, timeout: number | null = null): unknown {
    return this._q.get(block, timeout ?? null);
  }

  put_nowait(item: unknown): void {
    this._q.put(item, false);
  }

  get_nowait(): unknown {
    return this._q.get(false);
  }

  task_done(): void {
    this._q.task_done();
  }

  join(): void {
    this._q.join();
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

  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    return this._q.cross(forProcess);
  }

  __repr__(): string {
    const kind = this._q.kind;
    const cls = kind === QueueKind.PRIORITY ? 'PriorityQueue' : kind === QueueKind.LIFO ? 'LifoQueue' : 'Queue';
    return `<queue.${cls} object at 0x${this.addr.toString(16)}>`;
  }
}

export class LifoQueue extends Queue {}
export class PriorityQueue extends Queue {}

function kindOf(cls: unknown): number {
  let p: unknown = cls;
  while (typeof p === 'function') {
    if (p === PriorityQueue) return QueueKind.PRIORITY;
    if (p === LifoQueue) return QueueKind.LIFO;
    if (p === Queue) return QueueKind.FIFO;
    p = Object.getPrototypeOf(p);
  }
  return QueueKind.FIFO;
}

/** `queue.SimpleQueue()`: unbounded FIFO, no task tracking. */
export class SimpleQueue implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  /** @internal */
  declare readonly _q: QueueCore;

  constructor(core?: QueueCore) {
    const q = core instanceof QueueCore ? core : new QueueCore(undefined, QueueKind.FIFO, QueueApi.SIMPLE, 0, false);
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: q.addr });
    Object.defineProperty(this, '_q', { value: q });
    if (!(core instanceof QueueCore)) remember(this);
  }

  put(item: unknown, _block = true, _timeout: number | null = null): void {
    this._q.put(item, true, null, false);
  }

  put_nowait(item: unknown): void {
    this._q.put(item, true, null, false);
  }

  get(block = true, timeout: number | null = null): unknown {
    return this._q.get(block, timeout ?? null);
  }

  get_nowait(): unknown {
    return this._q.get(false);
  }

  empty(): boolean {
    return this._q.empty();
  }

  qsize(): number {
    return this._q.qsize();
  }

  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    return this._q.cross(forProcess);
  }

  __repr__(): string {
    return `<_queue.SimpleQueue object at 0x${this.addr.toString(16)}>`;
  }
}

registerQueueApi(QueueApi.QUEUE, (core) => {
  const cls = core.kind === QueueKind.PRIORITY ? PriorityQueue : core.kind === QueueKind.LIFO ? LifoQueue : Queue;
  return new cls(0, core);
});
registerQueueApi(QueueApi.SIMPLE, (core) => new SimpleQueue(core));

export const queueModule = { Queue, LifoQueue, PriorityQueue, SimpleQueue, Empty, Full };
