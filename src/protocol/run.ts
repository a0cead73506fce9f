/**
 * A fresh run's buffer as the workers expect it (memory-layout.ts): the heap, the header words, and
 * MainThread's slot and trace ring. The supervisor lays out every run with it; runtime unit
 * tests (runtime/core/run-buffer.fixture.ts) lay out theirs the same way.
 */
import { Detect, H, HF, RING_WORDS_MAIN, SchedMode, T, ThreadFlag, ThreadState, slotIndex, type SchedModeCode } from './memory-layout';
import { alloc, initHeap, storeString } from './heap';
import { initRing, ringBytes } from './ring';
import { initSched } from './sched';
import { initSteps } from './step';

export interface RunBufferOptions {
  tracing: boolean;
  /** Live threads + processes allowed at once. */
  maxLive: number;
  /** Program seconds per wall second. */
  speed: number;
  /** `performance.now()` of the run's start, in the caller's clock. */
  startedAt: number;
  /** How the run schedules its threads (default: parallel) and its seed (protocol/sched.ts). */
  sched?: { mode: SchedModeCode; seed: number };
  /** Step mode: the decisions (tids) to replay before the first pause (protocol/step.ts). */
  steps?: readonly number[];
  /** The detectors on in this run (memory-layout.ts Detect bits; default: all). */
  detect?: number;
}

/** Initialises `sab` for a new run; returns the address of MainThread's trace ring. */
export function initRunBuffer(sab: SharedArrayBuffer, o: RunBufferOptions): number {
  const i32 = new Int32Array(sab);
  const f64 = new Float64Array(sab);
  initHeap(i32);
  i32[H.TRACING] = o.tracing ? 1 : 0;
  i32[H.MAX_LIVE] = o.maxLive;
  i32[H.NEXT_TID] = 2;
  i32[H.DETECT] = o.detect ?? Detect.ALL;
  i32[H.LIVE] = 1;
  f64[HF.SPEED] = o.speed;
  f64[HF.T0_EPOCH_MS] = performance.timeOrigin + o.startedAt;
  f64[HF.START_TIME] = Date.now() / 1000;
  const s = slotIndex(1);
  const ring = alloc(i32, ringBytes(RING_WORDS_MAIN));
  initRing(i32, ring, RING_WORDS_MAIN);
  i32[s + T.RING] = ring;
  i32[s + T.ALIVE] = 1;
  i32[s + T.PID] = 1;
  i32[s + T.FLAGS] = ThreadFlag.MAIN;
  i32[s + T.NAME] = storeString(i32, 'MainThread');
  i32[s + T.STATE] = ThreadState.STARTING;
  initSched(sab, o.sched?.mode ?? SchedMode.PARALLEL, o.sched?.seed ?? 0);
  if (o.sched?.mode === SchedMode.STEP) initSteps(i32, o.steps ?? []);
  return ring;
}
