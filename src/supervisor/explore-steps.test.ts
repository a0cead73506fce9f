import { describe, expect, it } from 'vitest';
import { OpKind, type Decision, type OpKindCode } from '../protocol/explore';
import { independent, reducible, stepAt, type Step } from './explore-steps';

/** A decision taken by `tid`, about to do `kind` (on field `key` of record 8 for accesses). */
function d(tid: number, choice: number, kind: OpKindCode, key = 0, extra: { clock?: boolean; touched?: boolean } = {}): Decision {
  return { tid, flags: 0, choice, cands: [1, 2], op: { kind, obj: key === 0 ? 0 : 8, key, clock: extra.clock ?? false, touched: extra.touched ?? false } };
}

const read = (key: number): Step => ({ sync: false, clock: false, access: { obj: 8, key, write: false } });
const write = (key: number): Step => ({ sync: false, clock: false, access: { obj: 8, key, write: true } });
const sync: Step = { sync: true, clock: false, access: null };

describe('explore steps', () => {
  it('a step is its thread’s pending operation and what ended it', () => {
    // Thread 1 stops before `read #5` and is chosen; it then stops before `write #5`.
    const log = [d(1, 1, OpKind.READ, 5), d(1, 2, OpKind.WRITE, 5), d(2, 1, OpKind.END)];
    expect(stepAt(log, 0)).toEqual(read(5));
    // Thread 2 had not stopped yet (its first step starts it): an operation of its own; it ended.
    expect(stepAt(log, 1).sync).toBe(true);
    // The run's last step: nothing is known of it.
    expect(stepAt(log, 2)).toMatchObject({ sync: true, clock: true });
  });

  it('a step that called the runtime, blocked or ended is an operation; one that read the clock is never reordered', () => {
    for (const next of [d(1, 1, OpKind.WRITE, 5, { touched: true }), d(1, 2, OpKind.WAIT), d(1, 2, OpKind.END)]) {
      const s = stepAt([d(1, 1, OpKind.READ, 5), next], 0);
      expect(independent(s, sync), JSON.stringify(next.op)).toBe(false);
      expect(independent(s, write(6)), JSON.stringify(next.op)).toBe(true);
    }
    const clocked = stepAt([d(1, 1, OpKind.READ, 5), d(1, 1, OpKind.WRITE, 5, { clock: true })], 0);
    expect(independent(clocked, write(6))).toBe(false);
    expect(independent(stepAt([d(1, 1, OpKind.READ, 5), d(1, 1, OpKind.WRITE, 5)], 0), sync)).toBe(true);
  });

  it('accesses commute unless they touch one field and one writes', () => {
    expect(independent(read(5), read(5))).toBe(true);
    expect(independent(read(5), write(6))).toBe(true);
    expect(independent(read(5), write(5))).toBe(false);
    expect(independent(write(5), write(5))).toBe(false);
  });

  it('operations depend on each other, not on accesses', () => {
    expect(independent(sync, sync)).toBe(false);
    expect(independent(sync, write(5))).toBe(true);
    expect(independent({ ...write(6), clock: true }, read(5))).toBe(false);
  });

  it('is off for modules and calls whose shared state the runtime cannot flag', () => {
    expect(reducible("import { Thread, Lock } from 'threading';\nimport * as time from 'time';\nconst g = shared({ n: 0 });")).toBe(true);
    expect(reducible("import { Queue } from 'queue';")).toBe(false);
    expect(reducible("import { Thread } from 'threading';\nimport * as asyncio from 'asyncio';")).toBe(false);
    expect(reducible("import { Lock } from 'threading';\nconst l = new Lock();\nif (l.locked()) print(1);")).toBe(false);
    expect(reducible("import { Event } from 'threading';\nconst e = new Event();\nwhile (!e.is_set()) {}")).toBe(false);
    expect(reducible("import * as threading from 'threading';\nprint(threading.active_count());")).toBe(false);
  });
});
