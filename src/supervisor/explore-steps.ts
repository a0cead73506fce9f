/**
 * What a step of an exploration run touches, for the explorer's partial-order reduction
 * (supervisor/explorer.ts). A step is what a thread does from the decision that chose it to the
 * next decision: its next operation (logged at its previous stop, protocol/explore.ts), then its
 * own code up to its next point, then maybe its end.
 *
 * Steps are kept apart as the runtime lets threads meet: every runtime operation and every
 * `shared()` field or `Value`/`Array` item access is a scheduling point, and between points a
 * thread runs only its own code on its own copies of the module. So a step that reads or writes
 * one shared field touches that field only; any other operation (locks, queues, print, start,
 * join, a wait's wake-up, a thread's first step or its end) is taken to touch everything such
 * operations touch; a step that read the program's clock depends on everything (it would read
 * another time elsewhere in the schedule).
 *
 * "Only its own code" is checked where it can be: the runtime flags a step that ran runtime code
 * besides its operation (every runtime call that goes through the worker's context, e.g. making
 * an object, `Thread.is_alive()`, `Event.clear()`), and `reducible` keeps the reduction off for
 * programs that use the modules or the calls that read shared runtime state without either
 * (`Lock.locked()`, `Event.is_set()`, a queue's `qsize()`…).
 */
import { OpKind, type Decision, type StopOp } from '../protocol/explore';

export interface Step {
  /** A runtime operation, a wait's wake-up, a thread's start or end: ordered with every other. */
  sync: boolean;
  /** Read the program's clock: ordered with every step. */
  clock: boolean;
  /** The shared field or item it reads or writes (null: none). */
  access: { obj: number; key: number; write: boolean } | null;
}

/** What the thread chosen at decision `at` does, from the run's log. */
export function stepAt(decisions: readonly Decision[], at: number): Step {
  const d = decisions[at] as Decision;
  const op = pendingOp(decisions, at, d.choice);
  const next = decisions[at + 1];
  // The run ended with this step (no later decision): nothing is known of its tail.
  if (next === undefined) return { sync: true, clock: true, access: null };
  const step: Step = { sync: op === null, clock: next.op.clock, access: null };
  if (op !== null) {
    if (op.kind === OpKind.READ || op.kind === OpKind.WRITE) step.access = { obj: op.obj, key: op.key, write: op.kind === OpKind.WRITE };
    else if (op.kind !== OpKind.COMPUTE) step.sync = true;
  }
  // The step ended its thread (joiners and the shutdown see it), blocked it (a wait is an
  // operation), or called the runtime.
  if (next.op.kind === OpKind.END || next.op.kind === OpKind.WAIT || next.op.touched) step.sync = true;
  return step;
}

/** What thread `tid` was about to do at decision `at`: its last stop's operation (null: it has not stopped yet). */
function pendingOp(decisions: readonly Decision[], at: number, tid: number): StopOp | null {
  for (let k = at; k >= 0; k--) {
    const d = decisions[k] as Decision;
    if (d.tid === tid) return d.op;
  }
  return null;
}

/** Whether two steps of different threads give the same state in either order. */
export function independent(a: Step, b: Step): boolean {
  if (a.clock || b.clock || (a.sync && b.sync)) return false;
  if (a.access === null || b.access === null) return true;
  return a.access.obj !== b.access.obj || a.access.key !== b.access.key || (!a.access.write && !b.access.write);
}

/** The modules whose every call that touches shared state is a scheduling point or goes through the worker's context. */
const CHECKED_MODULES = new Set(['threading', 'time', 'random', 'os']);
/**
 * Calls and properties of those modules that read shared runtime state without a point and
 * without the worker's context (a plain read of the object's words).
 */
const UNCHECKED_READS = ['locked', 'owner', 'is_set', 'isSet', 'n_waiting', 'broken', '_waiters', 'active_count', 'activeCount', 'enumerate'];
const UNCHECKED = new RegExp(`\\.(?:${UNCHECKED_READS.join('|')})\\b|\\b(?:active_count|activeCount|enumerate)\\s*\\(`);

/**
 * Whether the reduction may be used on `source`: it imports only modules whose shared state the
 * runtime's flags cover, and reads none of it the flags cannot see. Otherwise every schedule is
 * tried.
 */
export function reducible(source: string): boolean {
  for (const m of source.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]/g)) {
    if (!CHECKED_MODULES.has(m[1] ?? m[2] ?? '')) return false;
  }
  return !UNCHECKED.test(source);
}
