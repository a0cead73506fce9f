/**
 * The lock-order detector (docs/diagnostics.md "Lock order"), lockdep's idea: every time a
 * thread is about to wait for lock B while it holds lock A, the run-wide graph (lock-graph.ts)
 * gets the edge A → B; an edge that closes a cycle is a potential deadlock, reported before the
 * acquisition blocks, whether or not this run's timing makes the threads meet.
 *
 * lock.ts calls lockTaking() as take() begins (before it can block) and lockGiven() as give()
 * begins, for every Lock and RLock of `threading` and `multiprocessing` (an RLock's re-entry
 * never reaches take(), so it counts once; a Condition's wait releases and re-takes its lock
 * through them). Each thread keeps the locks it holds in a small stack here. The uncontended
 * case, a thread that holds no other lock, is a compare and a store each way: the graph is only
 * read for nested acquisitions, and only a new edge reads the stack for its line (µs).
 */
import { readString } from '../../protocol/heap';
import { T, slotIndex } from '../../protocol/memory-layout';
import { HeapFullError } from '../../protocol/heap';
import { programName } from '../../protocol/names';
import { ctx, currentLine, nowMicros } from '../core/context';
import { perThread } from '../core/perthread';
import { warn } from '../core/warn';
import { addEdge, edgeKnown, type CycleEdge } from './lock-graph';

/** lock.ts's OWNER word: the holder's tid, 0 while unlocked (set by take, cleared by give). */
const OWNER = 3;
/**
 * A thread's first HOLD_LINES acquisitions record their line (a stack read each), so that the
 * warning can say where a held lock was taken; later ones do not, and the warning names the
 * held lock without its line. Cycles are nearly always made in a thread's first few locks.
 */
const HOLD_LINES = 16;

/** The locks this thread holds (heap addresses, oldest first), and the line each was taken at (0: unknown). */
const locks: number[] = [];
const lines: number[] = [];
let depth = 0;
let lineBudget = HOLD_LINES;
/** Edges this thread has recorded (or found recorded), as edgeKey()s: the graph is not read again for them. */
const known = new Set<number>();
perThread(() => {
  depth = 0;
  lineBudget = HOLD_LINES;
  known.clear();
});

/**
 * A Lock/RLock at `addr` is about to be acquired by this thread. `ordered`: a blocking
 * acquisition without a timeout; only those make edges (a non-blocking or timed acquisition
 * cannot wait forever: lockdep's trylock rule), but each one is pushed as held.
 */
export function lockTaking(addr: number, ordered: boolean): void {
  if (depth === 0 && lineBudget === 0) {
    locks[0] = addr;
    lines[0] = 0;
    depth = 1;
    return;
  }
  taking(addr, ordered);
}

/** The Lock/RLock at `addr` is being released (by this thread, or by another one: then it is not in the stack). */
export function lockGiven(addr: number): void {
  if (depth === 1 && locks[0] === addr) {
    depth = 0;
    return;
  }
  if (depth > 0) given(addr);
}

function given(addr: number): void {
  for (let j = depth - 1; j >= 0; j--) {
    if (locks[j] !== addr) continue;
    locks.copyWithin(j, j + 1, depth);
    lines.copyWithin(j, j + 1, depth);
    depth--;
    return;
  }
}

/** Both addresses are multiples of 8 below 2^29: one exact number. */
function edgeKey(from: number, to: number): number {
  return (from >>> 3) * 2 ** 26 + (to >>> 3);
}

function taking(addr: number, ordered: boolean): void {
  const c = ctx();
  const i32 = c.i32;
  // Forget what this thread no longer holds: a failed try or timed acquisition (pushed as it
  // began), or a Lock that another thread released.
  let kept = 0;
  for (let j = 0; j < depth; j++) {
    const h = locks[j] ?? 0;
    if (i32[(h >> 2) + OWNER] !== c.tid) continue;
    locks[kept] = h;
    lines[kept] = lines[j] ?? 0;
    kept++;
  }
  depth = kept;
  let line = -1;
  if (ordered) {
    for (let j = 0; j < depth; j++) {
      const h = locks[j] ?? 0;
      const key = edgeKey(h, addr);
      if (h === addr || known.has(key)) continue;
      if (edgeKnown(i32, h, addr, c.tid)) {
        known.add(key);
        continue;
      }
      if (line < 0) line = currentLine(true) ?? 0;
      let cycle: CycleEdge[] | null;
      try {
        cycle = addEdge(i32, h, addr, { tid: c.tid, line, holdLine: lines[j] ?? 0, t: nowMicros() });
      } catch (e) {
        // A full heap: the program's own allocations say so; the detector just misses this edge.
        if (e instanceof HeapFullError) continue;
        throw e;
      }
      known.add(key);
      if (cycle !== null) report(i32, cycle);
    }
  }
  if (line < 0 && lineBudget > 0) {
    lineBudget--;
    line = currentLine(true) ?? 0;
  }
  locks[depth] = addr;
  lines[depth] = Math.max(line, 0);
  depth++;
}

function threadName(i32: Int32Array, tid: number): string {
  return readString(i32, i32[slotIndex(tid) + T.NAME] ?? 0) || `thread ${tid}`;
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
