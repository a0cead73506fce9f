/**
 * `time.perf_counter_ns/monotonic_ns/time_ns` (CPython returns ints: here bigints, exact past
 * 2^53) and `os.getpid/getppid/cpu_count`.
 */
import { describe, expect, it } from 'vitest';
import { pyStr } from '../lib/pyrepr';
import { RING_WORDS_THREAD, T, slotIndex } from '../protocol/memory-layout';
import { alloc } from '../protocol/heap';
import { initRing, ringBytes } from '../protocol/ring';
import { makeContext, setCtx } from './core/context';
import { mainThreadRun } from './core/run-buffer.fixture';
import { osModule } from './os';
import { monotonic, monotonic_ns, perf_counter, perf_counter_ns, time, time_ns } from './time';

describe('time: the _ns clocks', () => {
  it('are bigints of the same program clocks, scaled by the speed factor', () => {
    mainThreadRun({ speed: 1000 });
    const a = perf_counter();
    const n = perf_counter_ns();
    const b = perf_counter();
    expect(typeof n).toBe('bigint');
    expect(Number(n) / 1e9).toBeGreaterThanOrEqual(a - 1e-9);
    expect(Number(n) / 1e9).toBeLessThanOrEqual(b + 1e-9);
    const m0 = monotonic();
    const m = monotonic_ns();
    const m1 = monotonic();
    expect(Number(m) / 1e9).toBeGreaterThanOrEqual(m0 - 1e-9);
    expect(Number(m) / 1e9).toBeLessThanOrEqual(m1 + 1e-9);
    const t0 = time();
    const t = time_ns();
    const t1 = time();
    expect(t).toBeGreaterThan(2n ** 53n); // past what a number holds exactly
    expect(Number(t) / 1e9).toBeGreaterThanOrEqual(t0 - 1e-6);
    expect(Number(t) / 1e9).toBeLessThanOrEqual(t1 + 1e-6);
    expect(pyStr(t)).toMatch(/^\d{19}$/); // prints as Python's int
    expect(perf_counter_ns() - n >= 0n).toBe(true);
  });
});

describe('os', () => {
  it('getpid is the process id (1 for the main program), getppid its parent (0: none)', () => {
    mainThreadRun();
    expect([osModule.getpid(), osModule.getppid()]).toEqual([1, 0]);
    expect(osModule.cpu_count()).toBeGreaterThanOrEqual(1);
  });

  it('in a child process and its threads: the child’s pid, the parent’s pid', () => {
    const run = mainThreadRun();
    const i32 = run.ctx.i32;
    // Process 5 started by the main process, and a thread 6 of process 5.
    for (const [tid, pid, owner] of [
      [5, 5, 1],
      [6, 5, 5],
    ] as const) {
      const s = slotIndex(tid);
      const ring = alloc(i32, ringBytes(RING_WORDS_THREAD));
      initRing(i32, ring, RING_WORDS_THREAD);
      i32[s + T.RING] = ring;
      i32[s + T.PID] = pid;
      i32[s + T.OWNER] = owner;
      i32[s + T.ALIVE] = 1;
    }
    setCtx(makeContext(run.ctx.sab, 5, '', 0));
    expect([osModule.getpid(), osModule.getppid()]).toEqual([5, 1]);
    setCtx(makeContext(run.ctx.sab, 6, '', 0));
    expect([osModule.getpid(), osModule.getppid()]).toEqual([5, 1]);
  });
});
