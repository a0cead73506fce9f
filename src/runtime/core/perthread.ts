/**
 * State a module keeps for the thread its worker runs. A worker runs one thread after another
 * within a run (worker.ts: a finished thread's worker parks for the next `start()`), so every
 * module that keeps such state registers here how to forget it; the worker calls
 * `resetPerThread()` before it takes the next thread. Run-wide caches that only mirror the shared
 * heap (record classes, builtin names) are not per-thread and stay.
 */
const resets: Array<() => void> = [];

/** Registers `reset`, called each time this worker moves on to another thread. */
export function perThread(reset: () => void): void {
  resets.push(reset);
}

export function resetPerThread(): void {
  for (const r of resets) r();
}
