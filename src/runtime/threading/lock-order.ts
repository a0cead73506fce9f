/**
 * The lock-order detector (docs/diagnostics.md "Lock order"), lockdep's idea: every time a
 * thread is about to wait for lock B while it holds lock A, the run-wide graph (lock-graph.ts)
 * gets the edge A → B; an edge that closes a cycle is a potential deadlock, reported before the
 * acquisition blocks, whether or not this run's timing makes the threads meet.
 *
 * lock.ts calls lockTaking() as take() begins (before it can block), for every Lock and RLock of
 * `threading` and `multiprocessing` (an RLock's re-entry never reaches take(), so it counts once;
 * a Condition's wait releases and re-takes its lock through take()). Releases are not hooked:
 * each lock record names its holder (OWNER), so what a thread still holds is checked against
 * that when it matters, at its next nested acquisition.
 *
 * The uncontended case, a thread that holds no other lock (core/held.ts says so), starts its
 * stack from this lock and returns: a few stores and few bytes of bytecode, because take() is
 * inlined into the program's loop and V8 inlines at most 920 bytes of bytecode into one
 * function (with a push hook in take() and a pop hook in give(), the `lock` loop's compile ran
 * out of that budget before the shared field's setter: --trace-turbo-inlining). Only a nested
 * acquisition looks at edges, and only a new edge reads the stack for its line.
 */
import { HeapFullError } from '../../protocol/heap';
import { programName, threadName } from '../../protocol/names';
import { ctx, currentLine, nowMicros } from '../core/context';
import { programLineOf } from '../traceback';
import { held } from '../core/held';
import { perThread } from '../core/perthread';
import { warn } from '../core/warn';
import { addEdge, edgeKnown, type CycleEdge } from './lock-graph';

/** lock.ts's OWNER word: the holder's tid, 0 while unlocked (set by take, cleared by give). */
const OWNER = 3;
/**
 * A thread's first HOLD_LINES acquisitions keep where they were made, so that a warning can say
 * where a held lock was taken; later ones do not, and the warning names the held lock without
 * its line. They keep an unformatted Error (~10 µs in a worker): formatting its stack, 25 µs to
 * several ms there, waits until an edge needs the line. Cycles nearly always come from a
 * thread's first few locks.
 */
const HOLD_LINES = 8;
/** Edges this thread knows are in the graph: a direct-mapped cache of 2^CACHE_BITS (from, to) pairs. */
const CACHE_BITS = 9;

/**
 * What this thread holds, oldest first (`locks`, `depth` of them), and where each was taken:
 * `lines[k]` a program line, 0 when unknown, or -1 when `stacks[k]` holds the place, not yet
 * formatted. Entries are hints: one the thread no longer holds (released since, in any order,
 * or a failed try) is dropped at its next nested acquisition. When core/held.ts says the thread
 * holds nothing, the stack starts again from the lock being taken.
 */
const locks: number[] = [];
const lines: number[] = [];
const stacks: (Error | null)[] = [];
let depth = 0;
let lineBudget = HOLD_LINES;
const known = new Int32Array(2 << CACHE_BITS);
perThread(() => {
  depth = 0;
  lineBudget = HOLD_LINES;
  known.fill(0);
  stacks.length = 0;
});

/**
 * The Lock/RLock at `addr` is about to be acquired by this thread. `ordered`: a blocking
 * acquisition without a timeout; only those make edges (a non-blocking or timed acquisition
 * cannot wait forever: lockdep's trylock rule), but each one counts as held.
 */
export function lockTaking(addr: number, ordered: boolean): void {
  if ((held.n | lineBudget) === 0) {
    locks[0] = addr;
    lines[0] = 0;
    depth = 1;
    return;
  }
  taking(addr, ordered);
}

/** Where the pair (from, to) sits in `known` (addresses are multiples of 8). */
function cacheSlot(from: number, to: number): number {
  return (((from >>> 3) ^ (to >>> 3) ^ (to >>> (3 + CACHE_BITS))) & ((1 << CACHE_BITS) - 1)) << 1;
}

/**
 * Records where the acquisition going on is made in `lines[k]`/`stacks[k]`: `line` when it was
 * read already (a new edge), else an unformatted Error while the budget lasts, else unknown.
 */
function place(k: number, line: number): void {
  stacks[k] = null;
  if (line >= 0) {
    lines[k] = line;
  } else if (lineBudget > 0) {
    lineBudget--;
    stacks[k] = new Error();
    lines[k] = -1;
  } else {
    lines[k] = 0;
  }
}

/** The program line entry `k` was taken at (0: unknown), formatting its stack on first use. */
function holdLine(k: number): number {
  if (lines[k] === -1) lines[k] = programLineOf(stacks[k]?.stack ?? '', ctx().lineOffset) ?? 0;
  return lines[k] ?? 0;
}

/** Whether `h` is among the first `n` entries of `locks`. */
function heldBefore(h: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (locks[k] === h) return true;
  return false;
}

function taking(addr: number, ordered: boolean): void {
  if (held.n === 0) {
    locks[0] = addr;
    place(0, -1);
    depth = 1;
    return;
  }
  const c = ctx();
  const i32 = c.i32;
  // The usual nesting, one lock inside another, through an edge this thread has seen: a loop
  // taking two locks in the same order comes here every time.
  if (depth === 1 && lineBudget === 0) {
    const h = locks[0] ?? 0;
    const slot = cacheSlot(h, addr);
    if (i32[(h >> 2) + OWNER] === c.tid && h !== addr && (!ordered || (known[slot] === h && known[slot + 1] === addr))) {
      locks[1] = addr;
      lines[1] = 0;
      depth = 2;
      return;
    }
  }
  // What this thread still holds, each once (a failed try of a lock it holds pushed it twice;
  // the first is the hold).
  let kept = 0;
  for (let j = 0; j < depth; j++) {
    const h = locks[j] ?? 0;
    if (i32[(h >> 2) + OWNER] !== c.tid || heldBefore(h, kept)) continue;
    locks[kept] = h;
    lines[kept] = lines[j] ?? 0;
    stacks[kept] = stacks[j] ?? null;
    kept++;
  }
  depth = kept;
  let line = -1;
  for (let j = 0; ordered && j < depth; j++) {
    const h = locks[j] ?? 0;
    const slot = cacheSlot(h, addr);
    if (h === addr || (known[slot] === h && known[slot + 1] === addr)) continue;
    if (!edgeKnown(i32, h, addr, c.tid)) {
      if (line < 0) line = currentLine(true) ?? 0;
      let cycle: CycleEdge[] | null;
      try {
        cycle = addEdge(i32, h, addr, { tid: c.tid, line, holdLine: holdLine(j), t: nowMicros() });
      } catch (e) {
        // A full heap: the program's own allocations say so; the detector just misses this edge.
        if (e instanceof HeapFullError) continue;
        throw e;
      }
      if (cycle !== null) report(i32, cycle);
    }
    known[slot] = h;
    known[slot + 1] = addr;
  }
  locks[depth] = addr;
  place(depth, line);
  depth++;
}

const at = (line: number): string => (line > 0 ? ` (line ${line})` : '');

/**
 * `potential deadlock: Thread-1 acquired Lock#2 (line 12) while holding Lock#1 (line 11);
 * Thread-2 acquired Lock#1 (line 19) while holding Lock#2 (line 18)`: the cycle's edges in
 * order, the one this thread just made last.
 */
export function cycleText(i32: Int32Array, cycle: readonly CycleEdge[]): string {
  const edges = cycle.map(
    (e) =>
      `${threadName(i32, e.by.tid)} acquired ${programName(i32, e.to)}${at(e.by.line)} ` +
      `while holding ${programName(i32, e.from)}${at(e.by.holdLine)}`,
  );
  return `potential deadlock: ${edges.join('; ')}`;
}

function report(i32: Int32Array, cycle: readonly CycleEdge[]): void {
  const first = cycle[0];
  const last = cycle[cycle.length - 1];
  if (first === undefined || last === undefined) return;
  warn('lock-order', cycleText(i32, cycle), last.by.line, { tid: first.by.tid, line: first.by.line, t: first.by.t });
}
