/**
 * Step mode's runtime half (protocol/step.ts has the shared words and the page's half). The
 * scheduler (core/sched.ts) calls in here at each decision of a `step` run: the next decision
 * replays one given up front (a link's steps, Back), or the run stops until the learner picks a
 * thread. Each thread keeps what it does next in its description record, written as it stops.
 */
import { defaultChoice, exploring, logDecision, type StopOp } from '../../protocol/explore';
import { alloc, free } from '../../protocol/heap';
import { H, T, slotIndex } from '../../protocol/memory-layout';
import { DESC_BYTES, FINISH_CHOICE, writeDesc } from '../../protocol/step';

/** Longest single wait for the learner: waits are sliced so a stopped run unwinds promptly. */
const SLICE_MS = 250;

/** Records what this thread (slot index `slot`) does next: its line and a few words. */
export function describeNext(i32: Int32Array, slot: number, line: number, text: string): void {
  let desc = i32[slot + T.STEP_DESC] ?? 0;
  if (desc === 0) {
    desc = alloc(i32, DESC_BYTES);
    i32[slot + T.STEP_DESC] = desc;
  }
  writeDesc(i32, desc, line, text);
}

/** The thread has ended: its description record goes back to the heap. */
export function dropDescription(i32: Int32Array, slot: number): void {
  const desc = i32[slot + T.STEP_DESC] ?? 0;
  if (desc === 0) return;
  i32[slot + T.STEP_DESC] = 0;
  free(i32, desc);
}

/** Whether the next decision is a replayed one that picks `tid` (the thread at a point). */
export function replaysSelf(i32: Int32Array, tid: number): boolean {
  const k = i32[H.STEP_FORCED_I] ?? 0;
  return k < (i32[H.STEP_FORCED_N] ?? 0) && i32[((i32[H.STEP_FORCED] ?? 0) >> 2) + k] === tid;
}

/** Whether Finish was pressed: the seeded policy decides from now on. */
export function finished(i32: Int32Array): boolean {
  return (i32[H.STEP_FINISH] ?? 0) !== 0;
}

/**
 * The next step's thread among `cands` (tid order): the next replayed decision when one is left
 * and still possible, else the learner's choice; FINISH_CHOICE when the learner pressed Finish.
 * In an exploration run (protocol/explore.ts) the default policy takes the learner's place and
 * every decision is logged. `at`: the deciding thread and what it does next; `checkStop` throws
 * when the run is stopped.
 */
export function stepChoice(i32: Int32Array, cands: readonly number[], at: StopOp & { tid: number }, checkStop: () => void): number {
  const n = i32[H.STEP_FORCED_N] ?? 0;
  const k = i32[H.STEP_FORCED_I] ?? 0;
  if (k < n) {
    const t = i32[((i32[H.STEP_FORCED] ?? 0) >> 2) + k] ?? 0;
    if (cands.includes(t)) {
      i32[H.STEP_FORCED_I] = k + 1;
      if (exploring(i32)) explored(i32, cands, at, t, true, checkStop);
      return t;
    }
    // A decision that is not possible any more (the code was edited since the link was made)
    // ends the replay here: the learner goes on from this point, and the page keeps the
    // steps that did replay (STEP_FORCED_N).
    i32[H.STEP_FORCED_N] = k;
  }
  if (exploring(i32)) return explored(i32, cands, at, defaultChoice(cands, at.tid, at.kind), false, checkStop);
  const pause = (i32[H.STEP_PAUSE] ?? 0) + 1;
  for (const t of cands) i32[slotIndex(t) + T.STEP_CAND] = pause;
  Atomics.store(i32, H.STEP_CHOICE, 0);
  Atomics.store(i32, H.STEP_PAUSE, pause);
  for (;;) {
    const choice = Atomics.load(i32, H.STEP_CHOICE);
    if (choice === FINISH_CHOICE || cands.includes(choice)) return choice;
    // 0: no answer yet; anything else is not a thread that can move: ask again.
    if (choice !== 0) Atomics.compareExchange(i32, H.STEP_CHOICE, choice, 0);
    Atomics.wait(i32, H.STEP_CHOICE, 0, SLICE_MS);
    checkStop();
  }
}

/**
 * An exploration run's decision: logged, then taken. A full log ends what the run can tell
 * (the page ends it as too long): the thread waits here until the page stops the run.
 */
function explored(i32: Int32Array, cands: readonly number[], at: StopOp & { tid: number }, choice: number, forced: boolean, checkStop: () => void): number {
  if (logDecision(i32, at.tid, cands, choice, at, forced)) return choice;
  for (;;) {
    Atomics.wait(i32, H.ABORT, 0, SLICE_MS);
    checkStop();
  }
}
