/**
 * `multiprocessing.Queue`, `JoinableQueue` and `SimpleQueue`: the runtime's one queue (queue/
 * core.ts) flagged as a multiprocessing object, so it stays shared across a fork and its items
 * are copied as for another process. CPython's API surface: no task_done()/join() on Queue;
 * `close()` and `join_thread()` exist (there is no feeder thread here: the item is in shared
 * memory when put() returns, so they only mark the queue closed for this process).
 */
import { AssertionError, ValueError } from '../errors';
import { QueueApi, QueueCore, QueueFront, QueueKind, SizedQueueFront, knownBase, registerQueueApi } from '../queue/core';

/** mp timeouts: a negative timeout means "do not wait" (CPython polls with it), not an error. */
function clamp(timeout: number | null | undefined): number | null {
  return timeout === null || timeout === undefined ? null : Math.max(0, timeout);
}

export class Queue extends SizedQueueFront {
  private _closed = false;

  constructor(maxsize = 0, core?: QueueCore) {
    const api = knownBase(new.target, APIS, QueueApi.MP_QUEUE);
    super(core, () => new QueueCore(undefined, QueueKind.FIFO, api, Number(maxsize) || 0, true));
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

const APIS = new Map<unknown, number>([[JoinableQueue, QueueApi.MP_JOINABLE]]);

export class SimpleQueue extends QueueFront {

  constructor(core?: QueueCore) {
    super(core instanceof QueueCore ? core : undefined, () => new QueueCore(undefined, QueueKind.FIFO, QueueApi.MP_SIMPLE, 0, true));
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
