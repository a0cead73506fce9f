/**
 * Python's `multiprocessing` as programs import it. The synchronization primitives are the
 * `threading` classes constructed with the multiprocessing flag (OBJ_MP): a fork keeps them
 * shared instead of copying them (threading/fork.ts).
 */
import { BrokenBarrierError, TimeoutError } from '../errors';
import { Barrier as TBarrier } from '../threading/barrier';
import { Condition as TCondition } from '../threading/condition';
import { Event as TEvent } from '../threading/event';
import { Lock as TLock, RLock as TRLock } from '../threading/lock';
import { BoundedSemaphore as TBoundedSemaphore, Semaphore as TSemaphore } from '../threading/semaphore';
import { AsyncResult, Pool } from './pool';
import { Process, active_children, cpu_count, current_process, parent_process } from './process';
import { JoinableQueue, Queue, SimpleQueue } from './queues';
import { Pipe } from './connection';
import { Manager } from './managers';
import { RawArray, RawValue, SharedArray, Value } from './sharedctypes';

export class Lock extends TLock {
  constructor() {
    super(undefined, true);
  }
}

export class RLock extends TRLock {
  constructor() {
    super(undefined, true);
  }
}

export class Condition extends TCondition {
  constructor(lock?: TLock | TRLock | null) {
    super(lock ?? null, true);
  }
}

export class Semaphore extends TSemaphore {
  constructor(value = 1) {
    super(value, undefined, true);
  }
}

export class BoundedSemaphore extends TBoundedSemaphore {
  constructor(value = 1) {
    super(value, undefined, true);
  }
}

export class Event extends TEvent {
  constructor() {
    super(undefined, true);
  }
}

export class Barrier extends TBarrier {
  constructor(parties: number, action?: (() => unknown) | null, timeout?: number | null) {
    super(parties, action, timeout, true);
  }
}

export const multiprocessingModule = {
  Process,
  Pool,
  AsyncResult,
  Queue,
  JoinableQueue,
  SimpleQueue,
  Pipe,
  Manager,
  Value,
  Array: SharedArray,
  RawValue,
  RawArray,
  Lock,
  RLock,
  Condition,
  Semaphore,
  BoundedSemaphore,
  Event,
  Barrier,
  BrokenBarrierError,
  TimeoutError,
  current_process,
  parent_process,
  active_children,
  cpu_count,
};
