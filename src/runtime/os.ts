/**
 * The part of Python's `os` that concurrency tutorials print: process ids and the CPU count.
 * A process id is the tid of the process's main thread (MainThread's process is 1), the same
 * number `multiprocessing.current_process().pid` gives.
 */
import { T, slotIndex } from '../protocol/memory-layout';
import { ctx } from './core/context';
import { cpu_count as mpCpuCount } from './multiprocessing/process';

/** `os.getpid()`: the calling process's id. */
export function getpid(): number {
  return ctx().pid;
}

/**
 * `os.getppid()`: the id of the process that started the caller's process. The main program
 * was started by no process of the run: 0 (CPython shows its shell's pid there).
 */
export function getppid(): number {
  const c = ctx();
  if (c.pid === 1) return 0;
  return c.i32[slotIndex(c.pid) + T.OWNER] ?? 0;
}

/** `os.cpu_count()`: the logical CPUs the browser reports (`navigator.hardwareConcurrency`). */
export function cpu_count(): number {
  return mpCpuCount();
}

export const osModule = { getpid, getppid, cpu_count };
