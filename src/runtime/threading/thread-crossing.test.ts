/**
 * What a new thread gets of its starter's module scope (core/values.ts `encodeScope`): each
 * binding encoded once, a binding that cannot cross as an Unsendable, and handles of started
 * threads that read their name from the thread table only when asked (a module-level list of
 * started threads is decoded by every new thread). The thread table is written here as spawn()
 * writes it; real Workers: e2e/runtime-threading.spec.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { storeString } from '../../protocol/heap';
import { T, ThreadFlag, slotIndex } from '../../protocol/memory-layout';
import { resetPerThread } from '../core/perthread';
import { mainThreadRun, type TestRun } from '../core/run-buffer.fixture';
import { decodeValue, encodeScope, setScope } from '../core/values';
import { Thread } from './thread';

let run: TestRun;

beforeEach(() => {
  run = mainThreadRun();
});

/** A Thread whose record says it was started as thread `tid`, named `name` in the table. */
function started(tid: number, name: string, daemon = false): Thread {
  const i32 = run.ctx.i32;
  const t = new Thread({ name, daemon });
  i32[(t.addr >> 2) + 2] = tid;
  i32[slotIndex(tid) + T.NAME] = storeString(i32, name);
  i32[slotIndex(tid) + T.FLAGS] = daemon ? ThreadFlag.DAEMON : 0;
  return t;
}

function work(): void {}

describe('a new thread’s copy of the module scope', () => {
  it('gives handles of started threads with their table name, daemon flag and id', () => {
    const ts = [started(5, 'Thread-1 (work)'), started(6, 'reader', true), started(7, '线程-3')];
    setScope(() => ({ ts, work }));
    const scope = encodeScope(false);
    expect(Object.keys(scope)).toEqual(['ts', 'work']);
    resetPerThread(); // this worker moves on to the new thread: no wrapper is reused
    setScope(() => ({ work }));
    const copy = decodeValue(scope.ts as Uint8Array) as Thread[];
    expect(copy).toHaveLength(3);
    expect(copy[0]).not.toBe(ts[0]);
    expect(copy.map((t) => t.name)).toEqual(['Thread-1 (work)', 'reader', '线程-3']);
    expect(copy.map((t) => t.daemon)).toEqual([false, true, false]);
    expect(copy.map((t) => t.native_id)).toEqual([5, 6, 7]);
    expect(copy[1]?.__repr__()).toMatch(/^<Thread\(reader, (started|stopped) daemon \d+\)>$/);
  });

  it('keeps a name set on the handle before it was ever read', () => {
    setScope(() => ({ t: started(9, 'Thread-9') }));
    const scope = encodeScope(false);
    resetPerThread();
    const t = decodeValue(scope.t as Uint8Array) as Thread;
    t.name = 'renamed';
    expect(t.name).toBe('renamed');
    expect(t.getName()).toBe('renamed');
  });

  it('puts an Unsendable in place of a closure, which fails only where it is used', () => {
    const n = 3;
    const handlers = [(): number => n];
    setScope(() => ({ handlers, work, count: 2 }));
    const scope = encodeScope(false);
    resetPerThread();
    setScope(() => ({ work }));
    expect(decodeValue(scope.count as Uint8Array)).toBe(2);
    expect(decodeValue(scope.work as Uint8Array)).toBe(work);
    const h = decodeValue(scope.handlers as Uint8Array) as () => number;
    expect(() => h()).toThrow(/^handlers cannot be used in this thread: <lambda> is not a module-level function/);
  });
});
