/**
 * `multiprocessing`'s synchronization primitives (CPython's `multiprocessing/synchronize.py`): the
 * `threading` classes constructed with the multiprocessing flag (OBJ_MP), so that a fork keeps
 * them shared instead of copying them (threading/fork.ts). The module object takes every export
 * of this file.
 */
import { Barrier as TBarrier } from '../threading/barrier';
import { Condition as TCondition } from '../threading/condition';
import { Event as TEvent } from '../threading/event';
import { Lock as TLock, RLock as TRLock } from '../threading/lock';
import { BoundedSemaphore as TBoundedSemaphore, Semaphore as TSemaphore } from '../threading/semaphore';

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
