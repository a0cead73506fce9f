/**
 * asyncio task events and gauges (an asyncio queue's length), sampled. A busy loop steps tasks millions of times a second and logging
 * every ready/running/waiting change would cost more than the steps themselves (DESIGN.md §5:
 * hot loops must not flood the trace). Creation and the end of a task are always logged; a
 * task's other changes at most once per GAP_MS, the latest skipped one kept and logged when the
 * loop is about to block (or the thread ends), so a lane never shows a stale state while the
 * loop waits.
 */
import { Ev, taskStates } from '../../protocol/layout';
import type { TaskTrace } from '../host';
import { ctx, emit } from './context';

const GAP_MS = 0.1;
const STATES: readonly string[] = taskStates;

interface Pending {
  ev: TaskTrace;
}

const lastLogged = new Map<number, number>();
const pending = new Map<number, Pending>();

function write(ev: TaskTrace, withName: boolean): void {
  emit(
    Ev.TASK,
    [ev.task, STATES.indexOf(ev.state), ev.parentTask === undefined ? -1 : (ev.parentTask ?? 0), ev.line ?? 0],
    // The name matters only for the task's first event (its lane is named then).
    [withName ? ev.name : '', ev.what ?? ''],
  );
}

export function traceTask(ev: TaskTrace): void {
  if (!ctx().tracing) return;
  const task = ev.task;
  const s = ev.state;
  if (s === 'created' || s === 'done' || s === 'cancelled' || s === 'failed') {
    pending.delete(task);
    if (s !== 'created') lastLogged.delete(task);
    else lastLogged.set(task, performance.now());
    write(ev, s === 'created');
    return;
  }
  const now = performance.now();
  const last = lastLogged.get(task) ?? -Infinity;
  if (now - last < GAP_MS) {
    const p = pending.get(task);
    if (p) p.ev = ev;
    else pending.set(task, { ev });
    return;
  }
  pending.delete(task);
  lastLogged.set(task, now);
  write(ev, false);
}

const gaugeLogged = new Map<number, number>();
const gaugePending = new Map<number, number>();

/** A gauge of a traced asyncio object, at most once per GAP_MS per object (latest kept). */
export function traceGauge(obj: number, value: number): void {
  const now = performance.now();
  if (now - (gaugeLogged.get(obj) ?? -Infinity) < GAP_MS) {
    gaugePending.set(obj, value);
    return;
  }
  gaugePending.delete(obj);
  gaugeLogged.set(obj, now);
  emit(Ev.GAUGE, [obj, value]);
}

/** Logs the latest skipped state of every task and gauge (the loop is about to block, or the thread ends). */
export function flushTaskTrace(): void {
  if (pending.size === 0 && gaugePending.size === 0) return;
  const now = performance.now();
  for (const [task, p] of pending) {
    lastLogged.set(task, now);
    write(p.ev, false);
  }
  pending.clear();
  for (const [obj, value] of gaugePending) {
    gaugeLogged.set(obj, now);
    emit(Ev.GAUGE, [obj, value]);
  }
  gaugePending.clear();
}
