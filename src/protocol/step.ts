/**
 * Step mode's shared words as both sides see them (docs/deterministic-runs.md, "Step mode";
 * the runtime half is runtime/core/step.ts). In a `step` run the thread holding the token stops
 * at every scheduling point: it marks the threads that could take the next step (T.STEP_CAND =
 * the new pause number), bumps H.STEP_PAUSE and waits for the page to write its choice into
 * H.STEP_CHOICE. Each thread keeps what it will do next (its line and a few words: `read g.num`,
 * `acquire Lock#1`) in a small heap record at T.STEP_DESC, written when it stops, so the page
 * can list every thread without asking the workers.
 *
 * Decisions given up front (H.STEP_FORCED) are taken without stopping: that is how a link's
 * steps, or Back (the same run one step shorter), replay.
 */
import { alloc, readStringAt, writeStringAt } from './heap';
import { H, T, ThreadState, slotIndex } from './memory-layout';

/** STEP_CHOICE's answer "let the seeded policy run the rest" (Finish). */
export const FINISH_CHOICE = -1;

/** Longest description kept (characters); longer ones are cut with `…`. */
const DESC_CHARS = 120;
/** A description record: [line, string of at most DESC_CHARS units]. */
export const DESC_BYTES = 4 * (2 + (DESC_CHARS >> 1));

/** Writes what a thread does next into its description record (runtime side). */
export function writeDesc(i32: Int32Array, desc: number, line: number, text: string): void {
  const at = desc >> 2;
  i32[at] = line;
  writeStringAt(i32, at + 1, text.length > DESC_CHARS ? `${text.slice(0, DESC_CHARS - 1)}…` : text);
}

/** One thread as the step controls show it. */
export interface StepThread {
  tid: number;
  /** The thread's name (`MainThread`, `Thread-1`). */
  thread: string;
  /** The program line it runs next (0: not known yet, e.g. a thread about to start). */
  line: number;
  /** What it does next, in a few words (`read g.num`, `acquire Lock#1`, `start`). */
  op: string;
}

/** The run stopped for the learner: who can take the next step, and who is blocked on what. */
export interface StepPause {
  /** The pause's number (H.STEP_PAUSE): steps taken before it, counting replayed ones, + 1. */
  pause: number;
  /** Decisions replayed from the run's given steps (fewer than given when one no longer fits). */
  replayed: number;
  runnable: StepThread[];
  blocked: StepThread[];
}

function describe(i32: Int32Array, tid: number, name: (tid: number) => string): StepThread {
  const s = slotIndex(tid);
  const desc = i32[s + T.STEP_DESC] ?? 0;
  if (desc === 0) return { tid, thread: name(tid), line: 0, op: 'start' };
  return { tid, thread: name(tid), line: i32[desc >> 2] ?? 0, op: readStringAt(i32, (desc >> 2) + 1) };
}

/**
 * The pause the run is stopped at, or null while it runs (the page polls this). `name` gives a
 * thread's name by tid (the page knows them from the trace).
 */
export function readPause(i32: Int32Array, name: (tid: number) => string): StepPause | null {
  const pause = Atomics.load(i32, H.STEP_PAUSE);
  if (pause === 0 || Atomics.load(i32, H.STEP_CHOICE) !== 0) return null;
  const runnable: StepThread[] = [];
  const blocked: StepThread[] = [];
  const last = Atomics.load(i32, H.NEXT_TID);
  for (let tid = 1; tid < last; tid++) {
    const s = slotIndex(tid);
    if (Atomics.load(i32, s + T.ALIVE) === 0) continue;
    if ((i32[s + T.STEP_CAND] ?? 0) === pause) runnable.push(describe(i32, tid, name));
    else if (Atomics.load(i32, s + T.STATE) !== ThreadState.FREE) blocked.push(describe(i32, tid, name));
  }
  return { pause, replayed: Math.min(i32[H.STEP_FORCED_N] ?? 0, i32[H.STEP_FORCED_I] ?? 0), runnable, blocked };
}

/** The page's answer at a pause: `tid` takes the next step (or FINISH_CHOICE). */
export function answerPause(i32: Int32Array, choice: number): void {
  if (choice === FINISH_CHOICE) Atomics.store(i32, H.STEP_FINISH, 1);
  Atomics.store(i32, H.STEP_CHOICE, choice);
  Atomics.notify(i32, H.STEP_CHOICE);
}

/** Lays out the decisions a step run replays before its first pause (called once the heap is up). */
export function initSteps(i32: Int32Array, forced: readonly number[]): void {
  if (forced.length === 0) return;
  const at = alloc(i32, forced.length * 4);
  i32.set(forced, at >> 2);
  i32[H.STEP_FORCED] = at;
  i32[H.STEP_FORCED_N] = forced.length;
  i32[H.STEP_FORCED_I] = 0;
}
