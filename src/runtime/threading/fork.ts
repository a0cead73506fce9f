/**
 * Fork copies of runtime records (docs/program-model.md "Processes"): a child process gets a copy of
 * every threading primitive, queue… it can reach at `start()`, taken in the state it has then
 * (a set Event stays set, a held Lock stays held), except records created by `multiprocessing`
 * (flag OBJ_MP), which stay shared.
 *
 * One fork encodes the module snapshot binding by binding (and the snapshot is encoded twice:
 * once to check it, once to send it), so copies are memoised between `beginFork()` and
 * `endFork()`: a Condition and the Lock it wraps, reached through two bindings, stay one pair
 * in the child, as they do after a real fork.
 */
import { alloc, blockBytes } from '../../protocol/heap';
import { ctx } from '../core/context';
import { H, OBJ_MP, objectDisplayName } from '../../protocol/memory-layout';
import { writeObj } from '../../protocol/trace';


let depth = 0;
const memo = new Map<number, number>();

/** Starts a fork: copies made until `endFork()` are shared among the values encoded meanwhile. */
export function beginFork(): void {
  depth++;
}

/** True between `beginFork()` and `endFork()`: copies made now go to the child being started. */
export function forking(): boolean {
  return depth > 0;
}

export function endFork(): void {
  depth--;
  if (depth <= 0) {
    depth = 0;
    memo.clear();
  }
}

/** What `__cross__` returns for a record: a handle to it or to its fork copy. */
export function crossRecord(
  addr: number,
  forProcess: boolean,
  fixup: (copyIndex: number) => void,
): { tag: string; data: unknown } {
  return { tag: 'rt', data: forProcess ? forkCopy(addr, fixup) : addr };
}

/**
 * The child's copy of the record at `addr` (the record itself when it is a multiprocessing
 * one). `fixup` gets the copy's Int32 index and resets what must not survive a fork (waiter
 * counts, inner mutexes: in the child only the forking thread exists).
 */
export function forkCopy(addr: number, fixup: (copyIndex: number) => void): number {
  const i32 = ctx().i32;
  const head = i32[addr >> 2] ?? 0;
  if (head & OBJ_MP) return addr;
  const known = memo.get(addr);
  if (known !== undefined) return known;
  const bytes = blockBytes(i32, addr);
  const copy = alloc(i32, bytes);
  const type = head & 0xffff;
  // A copy is a new object with its own name (Lock#3), like the record allocObject makes.
  const seqNo = Atomics.add(i32, H.TYPE_COUNTERS + type, 1) + 1;
  i32.copyWithin(copy >> 2, addr >> 2, (addr + bytes) >> 2);
  i32[(copy >> 2) + 1] = seqNo;
  if (depth > 0) memo.set(addr, copy);
  fixup(copy >> 2);
  if (ctx().tracing) writeObj(ctx().ring, copy, type, 0, objectDisplayName(type, seqNo));
  return copy;
}
