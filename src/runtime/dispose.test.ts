/**
 * `using x = E` ends with `__rt.dispose(x)` (program.ts). When the run is stopped or the
 * thread's process killed, the block is left by a RunAborted; if the stop interrupted the block's
 * acquisition (a Condition's wait taking its lock back), the disposer releases a lock the thread
 * does not hold. That error must not replace the RunAborted: it printed as the thread's crash
 * at the end of stopped deterministic runs (e2e/sched-replay.spec.ts, `condition`).
 */
import { describe, expect, it } from 'vitest';
import { H, T } from '../protocol/memory-layout';
import { mainThreadRun, raises } from './core/run-buffer.fixture';
import { RunAborted } from './errors';
import { makeRt } from './program';
import { Condition } from './threading/condition';
import { RLock } from './threading/lock';

describe('__rt.dispose', () => {
  it('raises what the disposer raises while the run goes on', () => {
    mainThreadRun();
    const { dispose } = makeRt(true, null);
    expect(raises(() => dispose(new RLock()))).toBe('RuntimeError: cannot release un-acquired lock');
  });

  it('unwinds with RunAborted when the run was stopped, whatever the disposer raises', () => {
    const run = mainThreadRun();
    const { dispose } = makeRt(true, null);
    const cond = new Condition();
    Atomics.store(run.ctx.i32, H.ABORT, 1);
    expect(() => dispose(cond)).toThrow(RunAborted);
    Atomics.store(run.ctx.i32, H.ABORT, 0);
  });

  it('unwinds with RunAborted when the thread’s process was killed', () => {
    const run = mainThreadRun();
    const { dispose } = makeRt(true, null);
    Atomics.store(run.ctx.i32, run.ctx.slot + T.KILLED, 1);
    expect(() => dispose(new RLock())).toThrow(RunAborted);
  });

  it('still disposes what it holds when the run was stopped', () => {
    const run = mainThreadRun();
    const { dispose } = makeRt(true, null);
    const lock = new RLock();
    lock.acquire();
    Atomics.store(run.ctx.i32, H.ABORT, 1);
    dispose(lock);
    expect(lock.locked()).toBe(false);
  });
});
