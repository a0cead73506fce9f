/**
 * Deadlock detection from the shared thread table (docs/quality-bars.md): when every live thread is
 * blocked without a timeout and two readings of their activity counters taken a check apart are
 * equal, nothing can ever wake them. The wait-for graph (lock → owner, join → joined thread)
 * names the cycle when there is one; otherwise the report lists what each thread waits for.
 */
import { H, ObjType, T, ThreadFlag, ThreadState, WaitKind, objectName, slotIndex } from '../protocol/memory-layout';
import { readString } from '../protocol/heap';

export interface DeadlockReport {
  message: string;
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
    const n = Atomics.load(i32, H.NEXT_TID);
    const alive: number[] = [];
    for (let tid = 1; tid < n; tid++) {
      const s = slotIndex(tid);
      if (Atomics.load(i32, s + T.ALIVE) !== 1) continue;
      const state = Atomics.load(i32, s + T.STATE);
      // A killed process's thread is ending (terminate() marks it at once; the page ends its
      // worker when it gets the message), whatever state it last showed: not stuck.
      const killed = Atomics.load(i32, s + T.KILLED) !== 0;
      if (state !== ThreadState.BLOCKED || killed || i32[s + T.TIMED] === 1 || wakeOnItsWay(i32, s)) {
        this.lastSignature = null;
        return null;
      }
      alive.push(tid);
    }
    if (alive.length === 0) return null;
    const signature = alive.map((t) => `${t}:${Atomics.load(i32, slotIndex(t) + T.ACTIVITY)}`).join(',');
    if (signature !== this.lastSignature) {
      this.lastSignature = signature;
      return null;
    }
    return this.report(i32, alive);
  }

  private report(i32: Int32Array, alive: number[]): DeadlockReport {
    const name = (tid: number): string => readString(i32, i32[slotIndex(tid) + T.NAME] ?? 0) || `thread ${tid}`;
    const edges = new Map<number, number>();
    const waits = new Map<number, number>();
    const describe = new Map<number, string>();
    for (const tid of alive) {
      const s = slotIndex(tid);
      const obj = i32[s + T.WAIT_OBJ] ?? 0;
      const kind = i32[s + T.WAIT_KIND] ?? 0;
      const line = i32[s + T.LINE] ?? 0;
      const at = line ? ` (line ${line})` : '';
      waits.set(tid, obj);
      if (obj === 0) {
        describe.set(tid, kind === WaitKind.JOIN ? `waits for the program's other threads to end${at}` : `is blocked${at}`);
        continue;
      }
      const type = (i32[obj >> 2] ?? 0) & 0xffff;
      if (type === ObjType.Lock || type === ObjType.RLock) {
        const owner = i32[(obj >> 2) + 3] ?? 0;
        if (owner && alive.includes(owner)) edges.set(tid, owner);
        describe.set(tid, `waits ${objectName(i32, obj)}${owner ? ` held by ${name(owner)}` : ''}${at}`);
      } else if (type === ObjType.Thread || type === ObjType.Process) {
        const target = i32[(obj >> 2) + 2] ?? 0;
        if (target && alive.includes(target)) edges.set(tid, target);
        describe.set(tid, `waits to join ${target ? name(target) : objectName(i32, obj)}${at}`);
      } else {
        describe.set(tid, `waits ${objectName(i32, obj)}${at}, which no live thread can signal`);
      }
    }
    // MainThread (or a process) at shutdown waits for every non-daemon thread it owns.
    const cycle = findCycle(edges);
    if (cycle.length > 0) {
      const parts = cycle.map((tid, k) => {
        const obj = waits.get(tid) ?? 0;
        const next = cycle[(k + 1) % cycle.length] ?? tid;
        const type = (i32[obj >> 2] ?? 0) & 0xffff;
        const what = type === ObjType.Thread || type === ObjType.Process ? `to join ${name(next)}` : `${objectName(i32, obj)} held by ${name(next)}`;
        return k === 0 ? `${name(tid)} waits ${what}` : `which waits ${what}`;
      });
      return { message: `Deadlock: ${parts.join(', ')}.`, cycle, waits };
    }
    const lines = alive.map((tid) => `${name(tid)} ${describe.get(tid) ?? 'is blocked'}`);
    const daemonNote = alive.some((t) => (i32[slotIndex(t) + T.FLAGS] ?? 0) & ThreadFlag.DAEMON) ? '' : '';
    return {
      message: `Deadlock: every thread is blocked and nothing can wake them: ${lines.join('; ')}.${daemonNote}`,
      cycle: [],
      waits,
    };
  }
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
