/**
 * For tests and Node benchmarks (*.test.ts, bench/lock-node.ts): a run buffer laid out as the
 * supervisor lays it out (supervisor.ts `run`), with the calling thread as its MainThread, so runtime objects that live
 * in the shared heap (pipes, managers…) can be tested without a browser. Everything that crosses
 * workers is tested end to end in e2e/.
 */
import { T, ThreadState, slotIndex } from '../../protocol/memory-layout';
import { drainRing } from '../../protocol/ring';
import { initRunBuffer } from '../../protocol/run';
import type { TraceEvent } from '../../protocol/trace';
import { makeContext, setCtx, type WorkerContext } from './context';
import { resetObjects } from './objects';

export interface TestRun {
  ctx: WorkerContext;
  /** The trace events MainThread wrote since the last call. */
  events(): TraceEvent[];
}

/** `f()`'s error as `Name: message` (what a program printing `String(e)` shows), or 'no error'. */
export function raises(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return 'no error';
}

/**
 * A fresh run (4 MB heap) whose MainThread is the calling test. Over `memory` (a shared
 * WebAssembly.Memory, as a worker's) locks take the wasm fast path.
 */
export function mainThreadRun(opts: { speed?: number; heapBytes?: number; memory?: WebAssembly.Memory } = {}): TestRun {
  const sab = opts.memory ? (opts.memory.buffer as unknown as SharedArrayBuffer) : new SharedArrayBuffer(opts.heapBytes ?? 4 * 1024 * 1024);
  const i32 = new Int32Array(sab);
  const ring = initRunBuffer(sab, { tracing: true, maxLive: 256, speed: opts.speed ?? 1, startedAt: performance.now() });
  i32[slotIndex(1) + T.STATE] = ThreadState.RUNNING;
  const ctx = makeContext(sab, 1, '', 0, opts.memory ?? null);
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
