/**
 * Python's `queue` module: `Queue`, `LifoQueue`, `PriorityQueue`, `SimpleQueue`, `Empty`,
 * `Full`. Every class wraps one QueueCore record (core.ts); a handle sent to another thread
 * decodes to the same class over the same record.
 */
import { Empty, Full } from '../errors';
import { QueueApi, QueueCore, QueueFront, QueueKind, SizedQueueFront, knownBase, registerQueueApi } from './core';

/** `queue.Queue(maxsize=0)`: FIFO; LifoQueue and PriorityQueue change only the order. */
export class Queue extends SizedQueueFront {

  constructor(maxsize = 0, core?: QueueCore) {
    const kind = knownBase(new.target, KINDS, QueueKind.FIFO);
    super(core, () => new QueueCore(undefined, kind, QueueApi.QUEUE, Number(maxsize) || 0, false));
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

const KINDS = new Map<unknown, number>([
  [PriorityQueue, QueueKind.PRIORITY],
  [LifoQueue, QueueKind.LIFO],
  [Queue, QueueKind.FIFO],
]);

/** `queue.SimpleQueue()`: unbounded FIFO, no task tracking. */
export class SimpleQueue extends QueueFront {

  constructor(core?: QueueCore) {
    super(core instanceof QueueCore ? core : undefined, () => new QueueCore(undefined, QueueKind.FIFO, QueueApi.SIMPLE, 0, false));
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
