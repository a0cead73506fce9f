/**
 * `concurrent.futures.wait` and `as_completed`. CPython installs a waiter on every future; here
 * a waiter is a heap block whose word 0 is a generation each completing future bumps (Future's
 * WAITERS list), so one thread can sleep on many futures at once. As in CPython, a future counts
 * as completed once FINISHED or CANCELLED_AND_NOTIFIED (a cancelled future is "notified" when an
 * executor's worker reaches it).
 */
import { WaitKind } from '../../protocol/memory-layout';
import { alloc, free } from '../../protocol/heap';
import { TimeoutError } from '../errors';
import { ctx, deadlineFor, futexWait, programSeconds, setState } from '../core/context';
import { CANCELLED_AND_NOTIFIED, Future } from './future';

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';

function isCompleted(f: Future): boolean {
  return f._state() >= CANCELLED_AND_NOTIFIED;
}

function unique(fs: Iterable<Future>): Future[] {
  const out: Future[] = [];
  const seen = new Set<Future>();
  for (const f of fs) {
    if (!(f instanceof Future)) throw new TypeError('wait() and as_completed() take concurrent.futures.Future objects');
    if (!seen.has(f)) {
      seen.add(f);
      out.push(f);
    }
  }
  return out;
}

/** A waiter registered on `fs`; `close()` unregisters and frees it. */
class Waiter {
  readonly addr: number;
  constructor(private readonly fs: Future[]) {
    this.addr = alloc(ctx().i32, 8);
    for (const f of fs) f._addWaiter(this.addr);
  }

  gen(): number {
    return Atomics.load(ctx().i32, this.addr >> 2);
  }

  /** Sleeps until a registered future completes after `gen` was read, or the deadline. */
  sleep(gen: number, deadline: number): boolean {
    return futexWait(ctx().i32, this.addr >> 2, gen, deadline);
  }

  close(): void {
    for (const f of this.fs) f._removeWaiter(this.addr);
    free(ctx().i32, this.addr);
  }
}

export interface DoneAndNotDoneFutures {
  done: Set<Future>;
  not_done: Set<Future>;
}

export function wait(fs: Iterable<Future>, timeout: number | null = null, return_when: string = ALL_COMPLETED): DoneAndNotDoneFutures {
  const list = unique(fs);
  const satisfied = (done: Future[]): boolean => {
    if (return_when === FIRST_COMPLETED && done.length > 0) return true;
    if (return_when === FIRST_EXCEPTION && done.some((f) => !f.cancelled() && f.exception(0) !== null)) return true;
    return done.length === list.length;
  };
  let done = list.filter(isCompleted);
  if (!satisfied(done)) {
    const waiter = new Waiter(list);
    const deadline = deadlineFor(timeout);
    let blocked = false;
    try {
      for (;;) {
        const gen = waiter.gen();
        done = list.filter(isCompleted);
        if (satisfied(done)) break;
        if (!blocked) {
          blocked = true;
          const first = list.find((f) => !isCompleted(f));
          setState('blocked', { obj: first?.addr ?? 0, kind: WaitKind.RESULT, timeout, what: `wait (${return_when})` });
        }
        if (!waiter.sleep(gen, deadline)) {
          done = list.filter(isCompleted);
          break;
        }
      }
    } finally {
      waiter.close();
      if (blocked) setState('running');
    }
  }
  const doneSet = new Set(done);
  return { done: doneSet, not_done: new Set(list.filter((f) => !doneSet.has(f))) };
}

export function* as_completed(fs: Iterable<Future>, timeout: number | null = null): Generator<Future, void, unknown> {
  const end = timeout === null || timeout === undefined ? null : programSeconds() + timeout;
  const list = unique(fs);
  const total = list.length;
  let pending = list.filter((f) => !isCompleted(f));
  const finished = list.filter(isCompleted);
  const waiter = new Waiter(pending);
  try {
    yield* finished;
    while (pending.length > 0) {
      let waitTimeout: number | null = null;
      if (end !== null) {
        waitTimeout = end - programSeconds();
        if (waitTimeout < 0) throw new TimeoutError(`${pending.length} (of ${total}) futures unfinished`);
      }
      const gen = waiter.gen();
      let newly = pending.filter(isCompleted);
      if (newly.length === 0) {
        setState('blocked', { obj: pending[0]?.addr ?? 0, kind: WaitKind.RESULT, timeout: waitTimeout, what: 'as_completed' });
        try {
          waiter.sleep(gen, deadlineFor(waitTimeout));
        } finally {
          setState('running');
        }
        newly = pending.filter(isCompleted);
      }
      // Completion order, as CPython's waiter records it.
      newly.sort((a, b) => a._setT() - b._setT());
      const got = new Set(newly);
      pending = pending.filter((f) => !got.has(f));
      yield* newly;
    }
  } finally {
    waiter.close();
  }
}
