/**
 * Step mode's runtime half (protocol/step.ts has the shared words and the page's half). The
 * scheduler (core/sched.ts) calls in here at each decision of a `step` run: the next decision
 * replays one given up front (a link's steps, Back), or the run stops until the learner picks a
 * thread. Each thread keeps what it does next in its description record, written as it stops.
 */
import { defaultChoice, exploring, logDecision, type StopOp } from '../../protocol/explore';
import { alloc, free } from '../../protocol/heap';
import { H, T, slotIndex } from '../../protocol/memory-layout';
import { ALTS_BYTES, DESC_BYTES, FINISH_CHOICE, MAX_STEP_ALTS, altCount, altsOf, choice, choiceTid, writeAlt, writeDesc } from '../../protocol/step';

/** Longest single wait for the learner: waits are sliced so a stopped run unwinds promptly. */
const SLICE_MS = 250;

/** This thread's description record (made on first use). */
function descOf(i32: Int32Array, slot: number): number {
  let desc = i32[slot + T.STEP_DESC] ?? 0;
  if (desc === 0) {
    desc = alloc(i32, DESC_BYTES);
    i32[desc >> 2] = 0;
    i32[(desc >> 2) + 1] = 0;
    i32[(desc >> 2) + 2] = 0;
    i32[slot + T.STEP_DESC] = desc;
  }
  return desc;
}

/** Records what this thread (slot index `slot`) does next: its line and a few words. */
export function describeNext(i32: Int32Array, slot: number, line: number, text: string): void {
  writeDesc(i32, descOf(i32, slot), line, text);
}

/**
 * The thread's next step is one of `n` ready asyncio tasks: it offers the first MAX_STEP_ALTS
 * (described by `describe(k)` unless `quiet`, a replay or an exploration nobody reads).
 */
export function offerTasks(
  i32: Int32Array,
  slot: number,
  n: number,
  quiet: boolean,
  describe: (k: number) => { name: string; id: number; line: number; what: string },
): void {
  const desc = descOf(i32, slot);
  let alts = i32[(desc >> 2) + 1] ?? 0;
  if (alts === 0) {
    alts = alloc(i32, ALTS_BYTES);
    i32[(desc >> 2) + 1] = alts;
  }
  const count = Math.min(n, MAX_STEP_ALTS);
  i32[alts >> 2] = count;
  if (quiet) return;
  for (let k = 0; k < count; k++) {
    const d = describe(k);
    writeAlt(i32, alts, k, d.line, d.id, d.name, d.what);
  }
}

/**
 * The alternative (a ready task) this thread was chosen to run as it took the token; the offer
 * and the word are cleared (nobody offers this thread's tasks once it has moved).
 */
export function takeAlternative(i32: Int32Array, slot: number): number {
  const alts = altsOf(i32, slot);
  if (alts !== 0) i32[alts >> 2] = 0;
  const k = i32[H.STEP_ALT] ?? 0;
  i32[H.STEP_ALT] = 0;
  return k;
}

/** The thread has ended: its description records go back to the heap. */
export function dropDescription(i32: Int32Array, slot: number): void {
  const desc = i32[slot + T.STEP_DESC] ?? 0;
  if (desc === 0) return;
  i32[slot + T.STEP_DESC] = 0;
  const alts = i32[(desc >> 2) + 1] ?? 0;
  if (alts !== 0) free(i32, alts);
  free(i32, desc);
}

/** Whether the next decision is a replayed one that picks `tid` (the thread at a point). */
export function replaysSelf(i32: Int32Array, tid: number): boolean {
  const k = i32[H.STEP_FORCED_I] ?? 0;
  return k < (i32[H.STEP_FORCED_N] ?? 0) && choiceTid(i32[((i32[H.STEP_FORCED] ?? 0) >> 2) + k] ?? 0) === tid;
}

/** The candidates with each ready task a thread offers as a decision of its own (choice()). */
function withTasks(i32: Int32Array, cands: readonly number[]): readonly number[] {
  let out: number[] | null = null;
  for (const t of cands) {
    const n = altCount(i32, altsOf(i32, slotIndex(t)));
    if (n <= 1) continue;
    out ??= [...cands];
    for (let k = 1; k < n; k++) out.push(choice(t, k));
  }
  return out ?? cands;
}

/** Whether Finish was pressed: the seeded policy decides from now on. */
export function finished(i32: Int32Array): boolean {
  return (i32[H.STEP_FINISH] ?? 0) !== 0;
}

/**
 * The next step's thread among `threads` (tid order), as a decision (`choice()`: a thread
 * whose loop has tasks ready offers each): the next replayed decision when one is left and
 * still possible, else the learner's choice; FINISH_CHOICE when the learner pressed Finish.
 * In an exploration run (protocol/explore.ts) the default policy takes the learner's place and
 * every decision is logged. `at`: the deciding thread and what it does next; `checkStop` throws
 * when the run is stopped.
 */
export function stepChoice(i32: Int32Array, threads: readonly number[], at: StopOp & { tid: number }, checkStop: () => void): number {
  // An exploration keeps asyncio's own order: its tasks are never offered (offerTasks).
  const cands = withTasks(i32, threads);
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
  for (const t of threads) i32[slotIndex(t) + T.STEP_CAND] = pause;
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
