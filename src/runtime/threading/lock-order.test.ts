/**
 * The lock-order detector with real Lock, RLock and Condition records, two threads taking turns
 * on this Vitest worker (the worker's move from one thread to the next: resetPerThread, as
 * worker.ts does). Lines and real Workers: e2e/diagnostics-lock-order.spec.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { alloc, storeString } from '../../protocol/heap';
import { Detect, H, RING_WORDS_THREAD, T, ThreadState, slotIndex } from '../../protocol/memory-layout';
import { drainRing, initRing, ringBytes } from '../../protocol/ring';
import type { TraceEvent } from '../../protocol/trace';
import { makeContext, setCtx } from '../core/context';
import { resetPerThread } from '../core/perthread';
import { mainThreadRun, type TestRun } from '../core/run-buffer.fixture';
import { beginDetectors } from '../core/warn';
import { Condition } from './condition';
import { Lock, RLock } from './lock';

let run: TestRun;
let i32: Int32Array;

beforeEach(() => {
  run = mainThreadRun();
  i32 = run.ctx.i32;
  beginDetectors(i32);
});

/** Moves this worker on to thread `tid` (a fresh slot and ring), as a worker takes its next thread. */
function becomeThread(tid: number, name: string): () => string[] {
  const s = slotIndex(tid);
  const ring = alloc(i32, ringBytes(RING_WORDS_THREAD));
  initRing(i32, ring, RING_WORDS_THREAD);
  i32[s + T.RING] = ring;
  i32[s + T.NAME] = storeString(i32, name);
  i32[s + T.ALIVE] = 1;
  i32[s + T.STATE] = ThreadState.RUNNING;
  resetPerThread();
  setCtx(makeContext(run.ctx.sab, tid, '', 0));
  beginDetectors(i32);
  return () => {
    const out: TraceEvent[] = [];
    drainRing(i32, ring, tid, out);
    return out.flatMap((e) => (e.k === 'print' && e.stream === 'warning' ? [e.text] : []));
  };
}

const warningsOfMain = (): string[] =>
  run.events().flatMap((e) => (e.k === 'print' && e.stream === 'warning' ? [e.text] : []));

/** The same lock as another thread sees it (a handle decoded there). */
const seen = <L extends Lock | RLock>(lock: L): L => (lock instanceof RLock ? new RLock(lock.addr) : new Lock(lock.addr)) as L;

describe('lock order', () => {
  it('two threads in opposite order that never overlap: a potential deadlock, named', () => {
    const a = new Lock();
    const b = new Lock();
    a.acquire();
    b.acquire();
    b.release();
    a.release();
    expect(warningsOfMain()).toEqual([]);
    const warnings = becomeThread(2, 'Thread-1 (task2)');
    const [a2, b2] = [seen(a), seen(b)];
    b2.acquire();
    a2.acquire();
    a2.release();
    b2.release();
    expect(warnings()).toEqual([
      'potential deadlock: MainThread acquired Lock#2 while holding Lock#1; Thread-1 (task2) acquired Lock#1 while holding Lock#2',
    ]);
  });

  it('says nothing when the run has the detector off', () => {
    i32[H.DETECT] = Detect.ALL & ~Detect.LOCK_ORDER;
    beginDetectors(i32);
    const a = new Lock();
    const b = new Lock();
    a.acquire();
    b.acquire();
    b.release();
    a.release();
    const warnings = becomeThread(2, 'Thread-1');
    seen(b).acquire();
    seen(a).acquire();
    expect(warnings()).toEqual([]);
    expect(Atomics.load(i32, H.LOCK_GRAPH)).toBe(0);
  });

  it('one thread in both orders says nothing (it cannot deadlock with itself)', () => {
    const a = new Lock();
    const b = new Lock();
    for (const [x, y] of [[a, b], [b, a]] as const) {
      x.acquire();
      y.acquire();
      y.release();
      x.release();
    }
    expect(warningsOfMain()).toEqual([]);
  });

  it('the same order in both threads says nothing', () => {
    const a = new Lock();
    const b = new Lock();
    a.acquire();
    b.acquire();
    b.release();
    a.release();
    const warnings = becomeThread(2, 'Thread-1');
    const [a2, b2] = [seen(a), seen(b)];
    a2.acquire();
    b2.acquire();
    b2.release();
    a2.release();
    expect(warnings()).toEqual([]);
  });

  it("an RLock's re-entry is not an acquisition: taking it again under another lock adds no edge", () => {
    const r = new RLock();
    const a = new Lock();
    r.acquire();
    a.acquire();
    r.acquire(); // re-entry while holding a: not "r after a"
    r.release();
    a.release();
    r.release();
    const warnings = becomeThread(2, 'Thread-1');
    const [r2, a2] = [seen(r), seen(a)];
    r2.acquire();
    a2.acquire();
    a2.release();
    r2.release();
    expect(warnings()).toEqual([]);
  });

  it("a Condition's lock counts, and wait() gives it back held", () => {
    const base = new Lock();
    const cond = new Condition(base);
    const x = new Lock();
    cond.acquire();
    expect(cond.wait(0.001)).toBe(false); // releases, times out, re-acquires
    x.acquire(); // under the condition's lock again
    x.release();
    cond.release();
    const warnings = becomeThread(2, 'Thread-1');
    const [x2, base2] = [seen(x), seen(base)];
    x2.acquire();
    base2.acquire();
    expect(warnings()).toEqual(['potential deadlock: MainThread acquired Lock#2 while holding Lock#1; Thread-1 acquired Lock#1 while holding Lock#2']);
  });

  it('a lock released is not held any more, whatever the order of the releases', () => {
    const a = new Lock();
    const b = new Lock();
    const c = new Lock();
    a.acquire();
    b.acquire();
    b.release();
    c.acquire(); // under a only: "c after a", not "c after b"
    a.release(); // out of order: c is still held
    b.acquire(); // under c only
    b.release();
    c.release();
    const warnings = becomeThread(2, 'Thread-1');
    const [a2, b2, c2] = [seen(a), seen(b), seen(c)];
    c2.acquire();
    a2.acquire(); // "a after c" against "c after a": a cycle
    a2.release();
    c2.release();
    expect(warnings()).toEqual(['potential deadlock: MainThread acquired Lock#3 while holding Lock#1; Thread-1 acquired Lock#1 while holding Lock#3']);
    b2.acquire();
    c2.acquire(); // "c after b" against "b after c": another
    expect(warnings()).toEqual(['potential deadlock: MainThread acquired Lock#2 while holding Lock#3; Thread-1 acquired Lock#3 while holding Lock#2']);
  });

  it('after the acquisitions that record lines, the same: known edges skipped, new ones recorded', () => {
    const warm = (lock: Lock) => {
      for (let k = 0; k < 20; k++) {
        lock.acquire();
        lock.release();
      }
    };
    const [a, b, c, d] = [new Lock(), new Lock(), new Lock(), new Lock()];
    warm(d);
    for (let k = 0; k < 3; k++) {
      a.acquire();
      b.acquire(); // the first time a new edge, then a known one
      b.release();
      a.release();
    }
    a.acquire();
    c.acquire(); // one lock held, a new edge: recorded
    c.release();
    a.release();
    expect(warningsOfMain()).toEqual([]);
    const warnings = becomeThread(2, 'Thread-1');
    const [a2, b2, c2, d2] = [seen(a), seen(b), seen(c), seen(d)];
    warm(d2);
    c2.acquire();
    a2.acquire();
    a2.release();
    c2.release();
    expect(warnings()).toEqual(['potential deadlock: MainThread acquired Lock#3 while holding Lock#1; Thread-1 acquired Lock#1 while holding Lock#3']);
    b2.acquire();
    a2.acquire();
    expect(warnings()).toEqual(['potential deadlock: MainThread acquired Lock#2 while holding Lock#1; Thread-1 acquired Lock#1 while holding Lock#2']);
  });

  it('non-blocking and timed acquisitions make no edge (they cannot wait forever)', () => {
    const a = new Lock();
    const b = new Lock();
    const c = new Lock();
    a.acquire();
    expect(b.acquire(false)).toBe(true);
    expect(c.acquire(true, 0.5)).toBe(true);
    c.release();
    b.release();
    a.release();
    const warnings = becomeThread(2, 'Thread-1');
    for (const [x, y] of [[b, a], [c, a]] as const) {
      const [x2, y2] = [seen(x), seen(y)];
      x2.acquire();
      y2.acquire();
      y2.release();
      x2.release();
    }
    expect(warnings()).toEqual([]);
  });

  it("a held lock's failed try is forgotten: no edge from a lock the thread does not hold", () => {
    const a = new Lock();
    const b = new Lock();
    a.acquire();
    const warnings = becomeThread(2, 'Thread-1');
    const [a2, b2] = [seen(a), seen(b)];
    expect(a2.acquire(false)).toBe(false); // held by MainThread
    b2.acquire(); // must not record "b after a"
    b2.release();
    a2.release(); // a Lock may be released by any thread
    setCtx(run.ctx);
    resetPerThread();
    beginDetectors(i32);
    b.acquire();
    a.acquire();
    expect(warnings()).toEqual([]);
    expect(warningsOfMain()).toEqual([]);
  });
});
