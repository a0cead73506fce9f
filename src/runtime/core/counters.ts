/**
 * Fast paths are counted, not logged (docs/timeline.md): an uncontended acquire adds one to a field
 * of this worker's wrapper object. The counts reach the trace as COUNTER events when the thread
 * blocks, ends, or every COUNTER_FLUSH acquisitions.
 */
import { Ev } from '../../protocol/layout';
import { ctx, emit } from './context';
import { perThread } from './perthread';

export interface Counted {
  readonly addr: number;
  /** Uncontended operations since the last flush. */
  fast: number;
  /** The count at which the owner next does its bookkeeping; a flush sets it to 1, so the
   *  next operation registers the object again (track). */
  due: number;
}

const pending: Counted[] = [];
perThread(() => (pending.length = 0));

export const COUNTER_FLUSH = 1 << 16;

/** Registers `o` for the next flush (call when its count goes from 0 to 1). */
export function track(o: Counted): void {
  pending.push(o);
}

export function flushCounters(what = 'acquire'): void {
  if (pending.length === 0) return;
  const tracing = ctx().tracing;
  for (const o of pending) {
    if (o.fast > 0 && tracing) emit(Ev.COUNTER, [o.addr, o.fast], [what]);
    o.fast = 0;
    o.due = 1;
  }
  pending.length = 0;
}
