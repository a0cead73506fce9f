/**
 * Deadlock detection from the shared thread table (docs/quality-bars.md): when every live thread is
 * blocked without a timeout and two readings of their activity counters taken a check apart are
 * equal, nothing can ever wake them. The wait-for graph (lock → owner, join → joined thread)
 * names the cycle when there is one; otherwise the report lists what each thread waits for.
 */
import { H, ObjType, T, ThreadState, WaitKind, objectName, slotIndex } from '../protocol/memory-layout';
import { readString } from '../protocol/heap';
import { englishNote, type CycleLink, type DeadlockWait, type DeadlockWaiter, type RunNote } from './run-notes';

export interface DeadlockReport {
  /** The report in English (run()'s message and last line). */
  message: string;
  /** The same, for the page to word in the learner's language. */
  note: RunNote;
  /** tids on the cycle, in wait-for order (empty when there is no cycle). */
  cycle: number[];
  /** Every blocked thread: tid → object it waits on. */
  waits: Map<number, number>;
}

export class DeadlockDetector {
  private lastSignature: string | null = null;

  reset(): void {
    this.lastSignature = null;
  }

  check(i32: Int32Array): DeadlockReport | null {
    const alive = stuckThreads(i32);
    if (alive === null) {
      this.lastSignature = null;
      return null;
    }
    if (alive.length === 0) return null;
    const signature = alive.map((t) => `${t}:${Atomics.load(i32, slotIndex(t) + T.ACTIVITY)}`).join(',');
    if (signature !== this.lastSignature) {
      this.lastSignature = signature;
      return null;
    }
    return this.report(i32, alive);
  }

  /**
   * The report of a deterministic run whose scheduler found nobody runnable and no deadline
   * pending (the outcome explorer): no second reading is needed, no other thread is running.
   * Null when a thread is not stuck after all (e.g. a killed process the page is still ending).
   */
  exact(i32: Int32Array): DeadlockReport | null {
    const alive = stuckThreads(i32);
    return alive === null || alive.length === 0 ? null : this.report(i32, alive);
  }

  private report(i32: Int32Array, alive: number[]): DeadlockReport {
    const name = (tid: number): string => readString(i32, i32[slotIndex(tid) + T.NAME] ?? 0) || `thread ${tid}`;
    const edges = new Map<number, number>();
    const waits = new Map<number, number>();
    const waiters: DeadlockWaiter[] = [];
    for (const tid of alive) {
      const s = slotIndex(tid);
      const obj = i32[s + T.WAIT_OBJ] ?? 0;
      const kind = i32[s + T.WAIT_KIND] ?? 0;
      const line = i32[s + T.LINE] ?? 0;
      waits.set(tid, obj);
      const waiter = (wait: DeadlockWait) => waiters.push({ thread: name(tid), wait, line });
      if (obj === 0) {
        waiter(kind === WaitKind.JOIN ? { kind: 'join-all' } : { kind: 'blocked' });
        continue;
      }
      const type = (i32[obj >> 2] ?? 0) & 0xffff;
      if (type === ObjType.Lock || type === ObjType.RLock) {
        const owner = i32[(obj >> 2) + 3] ?? 0;
        if (owner && alive.includes(owner)) edges.set(tid, owner);
        waiter({ kind: 'lock', obj: objectName(i32, obj), ...(owner ? { holder: name(owner) } : {}) });
      } else if (type === ObjType.Thread || type === ObjType.Process) {
        const target = i32[(obj >> 2) + 2] ?? 0;
        if (target && alive.includes(target)) edges.set(tid, target);
        waiter({ kind: 'join', target: target ? name(target) : objectName(i32, obj) });
      } else {
        waiter({ kind: 'signal', obj: objectName(i32, obj) });
      }
    }
    // MainThread (or a process) at shutdown waits for every non-daemon thread it owns.
    const cycle = findCycle(edges);
    const note: RunNote =
      cycle.length > 0
        ? {
            code: 'deadlock-cycle',
            cycle: cycle.map((tid, k): CycleLink => {
              const obj = waits.get(tid) ?? 0;
              const next = name(cycle[(k + 1) % cycle.length] ?? tid);
              const type = (i32[obj >> 2] ?? 0) & 0xffff;
              const joins = type === ObjType.Thread || type === ObjType.Process;
              return { thread: name(tid), wait: joins ? { kind: 'join', target: next } : { kind: 'lock', obj: objectName(i32, obj), holder: next } };
            }),
          }
        : { code: 'deadlock', waiters };
    return { message: englishNote(note), note, cycle, waits };
  }
}

/** The live threads, when every one is blocked without a timeout; null when one is not. */
function stuckThreads(i32: Int32Array): number[] | null {
  const n = Atomics.load(i32, H.NEXT_TID);
  const alive: number[] = [];
  for (let tid = 1; tid < n; tid++) {
    const s = slotIndex(tid);
    if (Atomics.load(i32, s + T.ALIVE) !== 1) continue;
    const state = Atomics.load(i32, s + T.STATE);
    // A killed process's thread is ending (terminate() marks it at once; the page ends its
    // worker when it gets the message), whatever state it last showed: not stuck.
    const killed = Atomics.load(i32, s + T.KILLED) !== 0;
    if (state !== ThreadState.BLOCKED || killed || i32[s + T.TIMED] === 1 || wakeOnItsWay(i32, s)) return null;
    alive.push(tid);
  }
  return alive;
}

/**
 * The word the thread sleeps on no longer holds the value it waits to see change: it has been
 * woken (or will see the change at its next wait slice), only not yet run by the OS.
 */
function wakeOnItsWay(i32: Int32Array, slot: number): boolean {
  const word = Atomics.load(i32, slot + T.FUTEX);
  return word !== 0 && Atomics.load(i32, word - 1) !== (i32[slot + T.FUTEX_VAL] ?? 0);
}

/** A cycle in a functional graph (each node waits for at most one other), or []. */
export function findCycle(edges: Map<number, number>): number[] {
  const done = new Set<number>();
  for (const start of edges.keys()) {
    if (done.has(start)) continue;
    const path: number[] = [];
    const onPath = new Map<number, number>();
    let cur: number | undefined = start;
    while (cur !== undefined && !done.has(cur)) {
      if (onPath.has(cur)) return path.slice(onPath.get(cur));
      onPath.set(cur, path.length);
      path.push(cur);
      cur = edges.get(cur);
    }
    for (const p of path) done.add(p);
  }
  return [];
}
