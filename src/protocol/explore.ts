/**
 * The outcome explorer's shared words (docs/diagnostics.md, "Outcome explorer"): an exploration
 * run is a `step` run that never stops for the learner. It replays the decisions it was given
 * (H.STEP_FORCED, as a step link does), then the runtime decides by itself with the default
 * policy (defaultChoice below) and logs every decision it takes, given or its own, into a heap
 * buffer the page reads when the run has ended: who was at the decision, who could have run,
 * who was chosen, and what the thread at the decision was about to do (for partial-order
 * reduction). The page (supervisor/explorer.ts) turns each log into the runs still to try.
 *
 * The log (at H.EXPLORE_LOG, H.EXPLORE_CAP words, H.EXPLORE_LEN used) is a sequence of records:
 *
 *   [tid | flags << 16, choice, op kind, op object, op key, n, cand_1 … cand_n]
 *
 * `tid` is the thread that took the decision (the token's holder), `cand_i` the runnable
 * threads in tid order, `choice` the one that runs next. Only the token's holder writes it.
 */
import { alloc } from './heap';
import { H } from './memory-layout';

/**
 * The explorer's session words, in a small SharedArrayBuffer of their own (the run buffer is laid
 * out anew for each run). The page lays out a run, names the worker that runs its MainThread
 * (MAIN) and bumps GEN; every worker of the session serves it (runtime/worker.ts), MainThread's
 * says how the program ended (MAIN_END: 1 finished, 2 error), and each counts itself in
 * RETURNED once it has unwound after the page stopped the run. QUIT 1 ends the session.
 * STANDBY: how many of the others park for the run's threads (MainThread waits for them, a
 * moment at most, so that its first `start()` finds one parked rather than asking the page).
 */
export const Session = { GEN: 0, QUIT: 1, MAIN: 2, RETURNED: 3, MAIN_END: 4, STANDBY: 5, WORDS: 8 } as const;

/** Decision flags (a record's first word, above the tid). */
export const DecisionFlag = {
  /** The deciding thread could itself go on (it was among the candidates). */
  ENABLED: 1,
  /** A point where handing the run to another thread is no preemption (CHESS counts only preemptions). */
  YIELD: 2,
  /** The decision was given up front (replayed), not taken by the default policy. */
  FORCED: 4,
  /** The deciding thread's step that led here read the program's clock (its result depends on when it ran). */
  CLOCK: 8,
  /** That step used runtime code besides its operation (a call without a point of its own, a new object). */
  TOUCHED: 16,
} as const;

/**
 * What the deciding thread does next. READ/WRITE: a shared field or item (object address and
 * key); OTHER: any runtime operation (lock, queue, print, start…); WAIT: inside a blocking wait;
 * END: its thread has ended; COMPUTE: it ran 10,000 compiler points without an operation.
 */
export const OpKind = {
  OTHER: 0,
  READ: 1,
  WRITE: 2,
  WAIT: 3,
  END: 4,
  COMPUTE: 5,
} as const;
export type OpKindCode = (typeof OpKind)[keyof typeof OpKind];

/** A switch at a wait, an end or a busy loop's compute stop is free: the thread gave way. */
export function isYield(kind: number): boolean {
  return kind === OpKind.WAIT || kind === OpKind.END || kind === OpKind.COMPUTE;
}

/** Words a record takes besides its candidates. */
const RECORD_HEAD = 6;

/** Log capacity of an exploration run (words): ~40,000 decisions of two or three candidates. */
export const EXPLORE_LOG_WORDS = 256 * 1024;

/** Page side: an exploration run logs its decisions (call after initRunBuffer, in a `step` run). */
export function initExploreLog(i32: Int32Array, words = EXPLORE_LOG_WORDS): void {
  i32[H.EXPLORE_LOG] = alloc(i32, words * 4);
  i32[H.EXPLORE_CAP] = words;
  i32[H.EXPLORE_LEN] = 0;
  i32[H.EXPLORE_IDLE] = 0;
  i32[H.EXPLORE_FULL] = 0;
}

/** Whether this run is an exploration run (its decisions are logged, it never stops for the learner). */
export function exploring(i32: Int32Array): boolean {
  return (i32[H.EXPLORE_LOG] ?? 0) !== 0;
}

/** What the thread at a decision does next. */
export interface StopOp {
  kind: OpKindCode;
  /** The object's heap address (0: none). */
  obj: number;
  /** A shared field's name hash, or an item's index (READ/WRITE). */
  key: number;
  /** The deciding thread's last step read the program's clock. */
  clock: boolean;
  /** The deciding thread's last step ran runtime code (beyond a shared field's read or write). */
  touched: boolean;
}

/**
 * The default policy: the deciding thread goes on while it can (no preemption), except at a
 * yield, where the next runnable thread after it in tid order takes over (a busy loop or a
 * `sleep(0)` loop gives the others a turn); a thread that cannot go on hands the run to the
 * lowest runnable tid.
 */
export function defaultChoice(cands: readonly number[], tid: number, kind: number): number {
  if (isYield(kind)) {
    for (const t of cands) if (t > tid) return t;
    return cands[0] ?? 0;
  }
  return cands.includes(tid) ? tid : (cands[0] ?? 0);
}

/**
 * Runtime side: logs one decision. False when the log is full (the run is too long to explore:
 * H.EXPLORE_FULL is set and the page is told through H.EXPLORE_IDLE).
 */
export function logDecision(i32: Int32Array, tid: number, cands: readonly number[], choice: number, op: StopOp, forced: boolean): boolean {
  const len = i32[H.EXPLORE_LEN] ?? 0;
  if (len + RECORD_HEAD + cands.length > (i32[H.EXPLORE_CAP] ?? 0)) {
    Atomics.store(i32, H.EXPLORE_FULL, 1);
    signalIdle(i32);
    return false;
  }
  const at = ((i32[H.EXPLORE_LOG] ?? 0) >> 2) + len;
  const flags =
    (cands.includes(tid) ? DecisionFlag.ENABLED : 0) |
    (isYield(op.kind) ? DecisionFlag.YIELD : 0) |
    (forced ? DecisionFlag.FORCED : 0) |
    (op.clock ? DecisionFlag.CLOCK : 0) |
    (op.touched ? DecisionFlag.TOUCHED : 0);
  i32[at] = tid | (flags << 16);
  i32[at + 1] = choice;
  i32[at + 2] = op.kind;
  i32[at + 3] = op.obj;
  i32[at + 4] = op.key;
  i32[at + 5] = cands.length;
  for (let k = 0; k < cands.length; k++) i32[at + RECORD_HEAD + k] = cands[k] ?? 0;
  i32[H.EXPLORE_LEN] = len + RECORD_HEAD + cands.length;
  return true;
}

/**
 * Runtime side: nobody can run and no deadline is pending (or the log is full). In a
 * deterministic run that is an exact deadlock unless the page can still change a word (a
 * process it is ending), so the page checks the thread table at once instead of waiting for
 * its polling detector's two readings.
 */
export function signalIdle(i32: Int32Array): void {
  Atomics.add(i32, H.EXPLORE_IDLE, 1);
  Atomics.notify(i32, H.EXPLORE_IDLE);
}

/** One decision of an exploration run, as the page reads it. */
export interface Decision {
  /** The thread that decided (the token's holder). */
  tid: number;
  flags: number;
  choice: number;
  cands: number[];
  op: StopOp;
}

/** Page side: the decisions an ended exploration run logged. */
export function readExploreLog(i32: Int32Array): Decision[] {
  const out: Decision[] = [];
  const base = (i32[H.EXPLORE_LOG] ?? 0) >> 2;
  const len = i32[H.EXPLORE_LEN] ?? 0;
  for (let at = 0; at < len; ) {
    const w0 = i32[base + at] ?? 0;
    const n = i32[base + at + 5] ?? 0;
    out.push({
      tid: w0 & 0xffff,
      flags: w0 >>> 16,
      choice: i32[base + at + 1] ?? 0,
      op: {
        kind: (i32[base + at + 2] ?? 0) as OpKindCode,
        obj: i32[base + at + 3] ?? 0,
        key: i32[base + at + 4] ?? 0,
        clock: ((w0 >>> 16) & DecisionFlag.CLOCK) !== 0,
        touched: ((w0 >>> 16) & DecisionFlag.TOUCHED) !== 0,
      },
      cands: Array.from(i32.subarray(base + at + RECORD_HEAD, base + at + RECORD_HEAD + n)),
    });
    at += RECORD_HEAD + n;
  }
  return out;
}

/** Whether taking `choice` at decision `d` preempts the deciding thread (CHESS's preemption). */
export function preempts(d: Pick<Decision, 'tid' | 'flags'>, choice: number): boolean {
  return choice !== d.tid && (d.flags & DecisionFlag.ENABLED) !== 0 && (d.flags & DecisionFlag.YIELD) === 0;
}
