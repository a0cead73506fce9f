/**
 * The program's own names for shared memory (`g` for `const g = shared({num: 0})`), so that the
 * step mode can say `read g.num` rather than `read Shared#1.num`. The runtime adds a name when
 * it creates a `shared()` record, `Value` or `Array`; the page and every thread read it.
 *
 * A run-wide list in the heap, newest first, head at H.NAMES: each entry is 16 bytes,
 * `[next, object address, name string address, 0]`. Entries are only ever added (a
 * compare-and-swap on the head), so readers need no lock; a run names few objects.
 */
import { alloc, readString, storeString } from './heap';
import { H, T, objectName, slotIndex } from './memory-layout';

export function addName(i32: Int32Array, addr: number, name: string): void {
  const entry = alloc(i32, 16);
  const e = entry >> 2;
  i32[e + 1] = addr;
  i32[e + 2] = storeString(i32, name);
  i32[e + 3] = 0;
  for (;;) {
    const head = Atomics.load(i32, H.NAMES);
    i32[e] = head;
    if (Atomics.compareExchange(i32, H.NAMES, head, entry) === head) return;
  }
}

/** The program's name for the object at `addr`, or its display name (`Shared#1`). */
export function programName(i32: Int32Array, addr: number): string {
  for (let e = Atomics.load(i32, H.NAMES); e !== 0; e = i32[e >> 2] ?? 0) {
    if (i32[(e >> 2) + 1] === addr) return readString(i32, i32[(e >> 2) + 2] ?? 0);
  }
  return objectName(i32, addr);
}

/** The name of the thread or process in slot `tid` (`Thread-1 (work)`), as its lane shows it. */
export function threadName(i32: Int32Array, tid: number): string {
  return readString(i32, i32[slotIndex(tid) + T.NAME] ?? 0) || `thread ${tid}`;
}
