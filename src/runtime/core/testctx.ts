/**
 * Test-only (imported by *.test.ts files): a run buffer laid out as the supervisor lays it out
 * (supervisor.ts `run`), with this Vitest worker as its MainThread, so runtime objects that live
 * in the shared heap (pipes, managers…) can be tested without a browser. Everything that crosses
 * workers is tested end to end in e2e/.
 */
import { H, HF, RING_WORDS_MAIN, T, ThreadFlag, ThreadState, slotIndex } from '../../protocol/layout';
import { alloc, initHeap, storeString } from '../../protocol/heap';
import { drainRing, initRing, ringBytes } from '../../protocol/ring';
import type { TraceEvent } from '../../protocol/trace';
import { makeContext, setCtx, type WorkerContext } from './context';
import { resetObjects } from './objects';

export interface TestRun {
  ctx: WorkerContext;
  /** The trace events MainThread wrote since the last call. */
  events(): TraceEvent[];
}

/** A fresh run (4 MB heap) whose MainThread is the calling test. */
export function mainThreadRun(opts: { speed?: number; heapBytes?: number } = {}): TestRun {
  const sab = new SharedArrayBuffer(opts.heapBytes ?? 4 * 1024 * 1024);
  const i32 = new Int32Array(sab);
  const f64 = new Float64Array(sab);
  initHeap(i32);
  i32[H.TRACING] = 1;
  i32[H.MAX_LIVE] = 256;
  i32[H.NEXT_TID] = 2;
  i32[H.LIVE] = 1;
  f64[HF.SPEED] = opts.speed ?? 1;
  f64[HF.T0_EPOCH_MS] = performance.timeOrigin + performance.now();
  f64[HF.START_TIME] = Date.now() / 1000;
  const s = slotIndex(1);
  const ring = alloc(i32, ringBytes(RING_WORDS_MAIN));
  initRing(i32, ring, RING_WORDS_MAIN);
  i32[s + T.RING] = ring;
  i32[s + T.ALIVE] = 1;
  i32[s + T.PID] = 1;
  i32[s + T.FLAGS] = ThreadFlag.MAIN;
  i32[s + T.NAME] = storeString(i32, 'MainThread');
  i32[s + T.STATE] = ThreadState.RUNNING;
  const ctx = makeContext(sab, 1, '', 0);
  setCtx(ctx);
  resetObjects();
  return {
    ctx,
    events() {
      const out: TraceEvent[] = [];
      drainRing(i32, ring, 1, out);
      return out;
    },
  };
}
