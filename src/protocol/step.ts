/**
 * Step mode's shared words as both sides see them (docs/deterministic-runs.md, "Step mode";
 * the runtime half is runtime/core/step.ts). In a `step` run the thread holding the token stops
 * at every scheduling point: it marks the threads that could take the next step (T.STEP_CAND =
 * the new pause number), bumps H.STEP_PAUSE and waits for the page to write its choice into
 * H.STEP_CHOICE. Each thread keeps what it will do next (its line and a few words: `read g.num`,
 * `acquire Lock#1`) in a small heap record at T.STEP_DESC, written when it stops, so the page
 * can list every thread without asking the workers.
 *
 * A thread whose next step is an asyncio task's (its loop has tasks ready) offers each ready
 * task as a choice of its own: its description record points to an alternatives record (the
 * tasks in CPython's order, the first being what the loop would run), and a decision for the
 * k-th is `tid + (k << ALT_SHIFT)` (`choice()`); the decider passes k in H.STEP_ALT.
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
/** Words of one [line, string of at most DESC_CHARS units] entry. */
const ENTRY_WORDS = 2 + (DESC_CHARS >> 1);
/** A description record: [line, alternatives record (0: none), string]. */
export const DESC_BYTES = 4 * (1 + ENTRY_WORDS);
/** Most ready tasks offered at once (the first ones in CPython's order; the rest wait their turn). */
export const MAX_STEP_ALTS = 16;
/** Words of one alternative: [line, the task's trace id (its lane colour), string]. */
const ALT_WORDS = 1 + ENTRY_WORDS;
/** An alternatives record: [count, then MAX_STEP_ALTS entries [line, id, `name\nwhat`]]. */
export const ALTS_BYTES = 4 * (1 + MAX_STEP_ALTS * ALT_WORDS);
/** A decision's alternative is kept above the tid (tids are below MAX_THREADS = 2^13). */
export const ALT_SHIFT = 16;
const TID_MASK = (1 << ALT_SHIFT) - 1;

/** The decision "thread `tid` takes the next step, running its alternative `alt`" (0: its first). */
export function choice(tid: number, alt: number): number {
  return tid + alt * (1 << ALT_SHIFT);
}
/** The thread a decision picks. */
export function choiceTid(c: number): number {
  return c & TID_MASK;
}
/** The alternative a decision picks (0: the thread's own next step, or its loop's first task). */
export function choiceAlt(c: number): number {
  return c >>> ALT_SHIFT;
}

/** A description as kept: at most DESC_CHARS characters. */
function cut(text: string): string {
  return text.length > DESC_CHARS ? `${text.slice(0, DESC_CHARS - 1)}…` : text;
}

/** Writes what a thread does next into its description record (runtime side): [line, alts, string]. */
export function writeDesc(i32: Int32Array, desc: number, line: number, text: string): void {
  i32[desc >> 2] = line;
  writeStringAt(i32, (desc >> 2) + 2, cut(text));
}

/** The address of thread slot `slot`'s alternatives record (0: none yet). */
export function altsOf(i32: Int32Array, slot: number): number {
  const desc = i32[slot + T.STEP_DESC] ?? 0;
  return desc === 0 ? 0 : (i32[(desc >> 2) + 1] ?? 0);
}

/** The number of task alternatives the record at `alts` offers (0: a plain step). */
export function altCount(i32: Int32Array, alts: number): number {
  return alts === 0 ? 0 : (i32[alts >> 2] ?? 0);
}

/** Writes the `k`-th task alternative (`name`, trace id `id`, runs next at `line`, doing `what`). */
export function writeAlt(i32: Int32Array, alts: number, k: number, line: number, id: number, name: string, what: string): void {
  const at = (alts >> 2) + 1 + k * ALT_WORDS;
  i32[at] = line;
  i32[at + 1] = id;
  writeStringAt(i32, at + 2, cut(`${name}\n${what}`));
}

/** One thread (or one of its ready asyncio tasks) as the step controls show it. */
export interface StepThread {
  /** The thread that moves. */
  tid: number;
  /** The answer that picks it (`choice(tid, alt)`: a task is one of its thread's alternatives). */
  choice: number;
  /** The id its timeline lane is coloured by: the thread's tid, or the task's trace id. */
  colorId: number;
  /** The thread's name (`MainThread`, `Thread-1`), or the task's (`Task-2`). */
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
  if (desc === 0) return { tid, choice: tid, colorId: tid, thread: name(tid), line: 0, op: 'start' };
  return { tid, choice: tid, colorId: tid, thread: name(tid), line: i32[desc >> 2] ?? 0, op: readStringAt(i32, (desc >> 2) + 2) };
}

/** A candidate thread's entries: itself, or each ready task it offers (named `Task-2`). */
function candidates(i32: Int32Array, tid: number, name: (tid: number) => string): StepThread[] {
  const alts = altsOf(i32, slotIndex(tid));
  const n = altCount(i32, alts);
  if (n === 0) return [describe(i32, tid, name)];
  const out: StepThread[] = [];
  for (let k = 0; k < n; k++) {
    const at = (alts >> 2) + 1 + k * ALT_WORDS;
    const [task = '', op = ''] = readStringAt(i32, at + 2).split('\n');
    out.push({ tid, choice: choice(tid, k), colorId: i32[at + 1] ?? tid, thread: task, line: i32[at] ?? 0, op });
  }
  return out;
}

/** Names that two entries share (tasks of two loops) are told apart by their thread's name. */
function distinct(entries: StepThread[], name: (tid: number) => string): StepThread[] {
  const seen = new Map<string, number>();
  for (const e of entries) seen.set(e.thread, (seen.get(e.thread) ?? 0) + 1);
  return entries.map((e) => ((seen.get(e.thread) ?? 0) > 1 && e.thread !== name(e.tid) ? { ...e, thread: `${e.thread} (${name(e.tid)})` } : e));
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
    if ((i32[s + T.STEP_CAND] ?? 0) === pause) runnable.push(...candidates(i32, tid, name));
    else if (Atomics.load(i32, s + T.STATE) !== ThreadState.FREE) blocked.push(describe(i32, tid, name));
  }
  return { pause, replayed: Math.min(i32[H.STEP_FORCED_N] ?? 0, i32[H.STEP_FORCED_I] ?? 0), runnable: distinct(runnable, name), blocked };
}

/** The page's answer at a pause: a StepThread's `choice` (or FINISH_CHOICE). */
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
