/**
 * The compiler's scheduling points (issue 15 §2, docs/deterministic-runs.md "Scheduling
 * points"): at every loop iteration and function entry a compiled program runs
 * `if (--__pc < 0) __pc = __rt.point();`, a countdown that calls in here only when it runs out.
 * `pointBudget()` gives the countdown's first value when the program starts in a worker;
 * `point()` is the scheduler's entry (it may hand the run to another thread and return when the
 * token comes back) and returns the next budget.
 *
 * The scheduler (core/sched.ts) gives both; in a `parallel` run pointBudget() is unbounded, so
 * no point ever calls in.
 */
import { point, pointBudget } from './sched';

/**
 * The largest budget the program's counter holds: 2^30 - 1, the largest small integer (Smi)
 * V8 keeps unboxed in a closure's context. `__pc` is a closure variable that every point
 * decrements: holding Infinity (a heap number) there makes each `--__pc` allocate a new
 * HeapNumber, measured at 30-40 ns per point in Chromium 156 and Node 20, more than a whole
 * locked increment of the `lock` scenario; a Smi costs a load, a subtract and a store. With
 * this cap a `parallel` run calls `point()` once per ~10^9 points, which is nothing.
 */
export const MAX_POINT_BUDGET = 0x3fffffff;

/** A budget as `__pc` must hold it: an integer in 0..MAX_POINT_BUDGET (NaN → 0). */
export function asBudget(n: number): number {
  if (n >= MAX_POINT_BUDGET) return MAX_POINT_BUDGET;
  return n > 0 ? Math.floor(n) | 0 : 0;
}

/** The two `__rt` members (ProgramRt) a compiled program's points call. */
export const pointHelpers = {
  pointBudget: (): number => asBudget(pointBudget()),
  point: (): number => asBudget(point()),
};
