/**
 * Test-only: a model of a threaded program and of the runtime's exploration runs, for the
 * explorer's unit tests (explorer.test.ts). Threads are lists of operations on shared variables
 * and locks; a run replays the decisions it is given, then decides with the runtime's own default
 * policy (protocol/explore.ts defaultChoice) and logs each decision as the runtime does: the
 * thread that took the previous step decides, among the threads that can take the next one. As
 * in the runtime, a thread's first step only starts it (it then stops before its first operation).
 */
import { DecisionFlag, OpKind, defaultChoice, isYield, type Decision, type OpKindCode } from '../protocol/explore';
import type { RunRecord } from './explorer';

export type ModelOp =
  | { read: string; into: string }
  | { write: string; value: (locals: Record<string, number>) => number }
  | { acquire: string }
  | { release: string }
  | { join: number }
  /**
   * Sets a runtime object's state (an Event's, say). `quiet`: a call without a scheduling point
   * of its own (`Event.clear()`): it runs in the thread's previous step, which the runtime flags
   * as having used the runtime.
   */
  | { flag: string; to: number; quiet?: boolean }
  | { print: (shared: Record<string, number>, locals: Record<string, number>, flags: Record<string, number>) => string };

/** Thread k + 1 runs `threads[k]`; thread 1 is MainThread and starts first. */
export type Model = ModelOp[][];

function kindOf(op: ModelOp | undefined): OpKindCode {
  if (op === undefined) return OpKind.END;
  if ('read' in op) return OpKind.READ;
  if ('write' in op) return OpKind.WRITE;
  return OpKind.OTHER;
}

/** A shared variable's key in the log (its name's first code unit and length). */
function keyOf(name: string): number {
  return name === '' ? 0 : (name.charCodeAt(0) << 8) | name.length;
}

/** One run of `model` replaying `forced`, as the runtime would log it. */
export function modelRun(model: Model, forced: readonly number[]): RunRecord {
  const shared: Record<string, number> = {};
  const flagsOf: Record<string, number> = {};
  const touched = model.map(() => false);
  const holder = new Map<string, number>();
  // -1: not started yet (MainThread starts at its first operation).
  const pcs: number[] = model.map((_, k) => (k === 0 ? 0 : -1));
  const locals = model.map((): Record<string, number> => ({}));
  const stdout: string[] = [];
  const decisions: Decision[] = [];
  const opOf = (tid: number): ModelOp | undefined => model[tid - 1]?.[pcs[tid - 1] ?? 0];
  const done = (tid: number): boolean => (pcs[tid - 1] ?? 0) >= (model[tid - 1]?.length ?? 0);
  const canRun = (tid: number): boolean => {
    if (pcs[tid - 1] === -1) return true;
    const op = opOf(tid);
    if (op === undefined) return false;
    if ('acquire' in op) return !holder.has(op.acquire);
    if ('join' in op) return done(op.join);
    return true;
  };
  let caller = 1;
  let blocked = false;
  for (;;) {
    const cands = model.map((_, k) => k + 1).filter(canRun);
    if (cands.length === 0) {
      return { state: model.every((_, k) => done(k + 1)) ? 'finished' : 'deadlock', stdout, decisions };
    }
    const kind = blocked ? OpKind.WAIT : kindOf(opOf(caller));
    const k = decisions.length;
    const given = forced[k];
    const isForced = given !== undefined && cands.includes(given);
    const choice = isForced ? given : defaultChoice(cands, caller, kind);
    const flags = (cands.includes(caller) ? DecisionFlag.ENABLED : 0) | (isYield(kind) ? DecisionFlag.YIELD : 0) | (isForced ? DecisionFlag.FORCED : 0);
    const pending = opOf(caller);
    const field = !blocked && pending !== undefined && ('read' in pending || 'write' in pending) ? ('read' in pending ? pending.read : pending.write) : '';
    decisions.push({ tid: caller, flags, choice, cands, op: { kind, obj: field === '' ? 0 : 8, key: keyOf(field), clock: false, touched: touched[caller - 1] ?? false } });
    touched[caller - 1] = false;
    const starting = pcs[choice - 1] === -1;
    const op = (starting ? { print: () => '' } : opOf(choice)) as ModelOp;
    const mine = locals[choice - 1] as Record<string, number>;
    if ('read' in op) mine[op.into] = shared[op.read] ?? 0;
    else if ('write' in op) shared[op.write] = op.value(mine);
    else if ('acquire' in op) holder.set(op.acquire, choice);
    else if ('release' in op) holder.delete(op.release);
    else if ('flag' in op) flagsOf[op.flag] = op.to;
    else if ('print' in op && !starting) stdout.push(op.print(shared, mine, flagsOf));
    pcs[choice - 1] = (pcs[choice - 1] ?? 0) + 1;
    for (let q = opOf(choice); q !== undefined && 'flag' in q && q.quiet === true; q = opOf(choice)) {
      flagsOf[q.flag] = q.to;
      touched[choice - 1] = true;
      pcs[choice - 1] = (pcs[choice - 1] ?? 0) + 1;
    }
    caller = choice;
    // The thread stops before its next operation; one that cannot take it waits (a yield).
    blocked = opOf(caller) !== undefined && !canRun(caller);
  }
}

/** `v = g.n; g.n = v + 1`, `times` times. */
export function increments(times: number): ModelOp[] {
  const ops: ModelOp[] = [];
  for (let k = 0; k < times; k++) ops.push({ read: 'n', into: 'v' }, { write: 'n', value: (l) => (l.v ?? 0) + 1 });
  return ops;
}
