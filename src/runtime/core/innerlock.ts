/**
 * An untraced futex mutex for the runtime's own short critical sections (a Condition's waiter
 * queue, a Barrier's counters, a Queue's slots). Word states: 0 free, 1 taken, 2 taken with
 * waiters. Never visible to the program, never part of a deadlock (held only for a few
 * instructions, never across a blocking wait).
 */
export function innerLock(i32: Int32Array, index: number): void {
  if (Atomics.compareExchange(i32, index, 0, 1) === 0) return;
  for (let s = 0; s < 200; s++) {
    if (Atomics.load(i32, index) === 0 && Atomics.compareExchange(i32, index, 0, 1) === 0) return;
  }
  let c = Atomics.exchange(i32, index, 2);
  while (c !== 0) {
    Atomics.wait(i32, index, 2, 50);
    c = Atomics.exchange(i32, index, 2);
  }
}

export function innerUnlock(i32: Int32Array, index: number): void {
  if (Atomics.sub(i32, index, 1) !== 1) {
    Atomics.store(i32, index, 0);
    Atomics.notify(i32, index, 1);
  }
}
