import { describe, expect, it } from 'vitest';
import { alloc, initHeap, storeString } from '../protocol/heap';
import { H, HEAP_AT, ObjType, T, ThreadState, WaitKind, slotIndex } from '../protocol/memory-layout';
import { DeadlockDetector, findCycle } from './deadlock';

describe('findCycle', () => {
  it('finds the cycle of a wait-for graph, or none', () => {
    expect(findCycle(new Map([[1, 2], [2, 1]]))).toEqual([1, 2]);
    expect(findCycle(new Map([[3, 1], [1, 2], [2, 4], [4, 1]]))).toEqual([1, 2, 4]);
    expect(findCycle(new Map([[1, 2], [2, 3]]))).toEqual([]);
  });
});

function table(): Int32Array {
  const i32 = new Int32Array(new SharedArrayBuffer(HEAP_AT + 65536));
  initHeap(i32);
  i32[H.NEXT_TID] = 4;
  return i32;
}

function lock(i32: Int32Array, seqNo: number, owner: number): number {
  const addr = alloc(i32, 32);
  i32[addr >> 2] = ObjType.Lock;
  i32[(addr >> 2) + 1] = seqNo;
  i32[(addr >> 2) + 3] = owner;
  return addr;
}

function thread(i32: Int32Array, tid: number, name: string, state: number, obj = 0): void {
  const s = slotIndex(tid);
  i32[s + T.ALIVE] = 1;
  i32[s + T.STATE] = state;
  i32[s + T.NAME] = storeString(i32, name);
  i32[s + T.WAIT_OBJ] = obj;
  i32[s + T.WAIT_KIND] = obj ? WaitKind.ACQUIRE : WaitKind.JOIN;
}

describe('DeadlockDetector', () => {
  it('names the lock cycle once two readings agree', () => {
    const i32 = table();
    const l1 = lock(i32, 1, 2);
    const l2 = lock(i32, 2, 3);
    thread(i32, 1, 'MainThread', ThreadState.BLOCKED);
    thread(i32, 2, 'Thread-1', ThreadState.BLOCKED, l2);
    thread(i32, 3, 'Thread-2', ThreadState.BLOCKED, l1);
    const d = new DeadlockDetector();
    expect(d.check(i32)).toBeNull();
    const r = d.check(i32);
    expect(r?.message).toBe('Deadlock: Thread-1 waits Lock#2 held by Thread-2, which waits Lock#1 held by Thread-1.');
    expect(r?.cycle).toEqual([2, 3]);
  });

  it('stays quiet while any thread runs, sleeps, waits with a timeout, or makes progress', () => {
    const i32 = table();
    const l1 = lock(i32, 1, 3);
    thread(i32, 1, 'MainThread', ThreadState.BLOCKED);
    thread(i32, 2, 'Thread-1', ThreadState.BLOCKED, l1);
    thread(i32, 3, 'Thread-2', ThreadState.SLEEPING);
    const d = new DeadlockDetector();
    expect(d.check(i32)).toBeNull();
    expect(d.check(i32)).toBeNull();
    i32[slotIndex(3) + T.STATE] = ThreadState.BLOCKED;
    i32[slotIndex(3) + T.TIMED] = 1;
    expect(d.check(i32)).toBeNull();
    expect(d.check(i32)).toBeNull();
    i32[slotIndex(3) + T.TIMED] = 0;
    expect(d.check(i32)).toBeNull();
    i32[slotIndex(2) + T.ACTIVITY] = 5; // progress between two readings
    expect(d.check(i32)).toBeNull();
    expect(d.check(i32)?.message).toContain('every thread is blocked');
  });
});

describe('a woken thread the OS has not run yet', () => {
  it('is not stuck: its futex word no longer holds the value it waits on', () => {
    // Event ping-pong on a loaded machine: Thread-1 set the event Thread-2 waits on and then
    // blocked itself; Thread-2, woken, did not get a CPU for several checks.
    const i32 = table();
    i32[H.NEXT_TID] = 3;
    const flag = alloc(i32, 8) >> 2;
    thread(i32, 1, 'MainThread', ThreadState.BLOCKED);
    thread(i32, 2, 'Thread-1', ThreadState.BLOCKED);
    const s2 = slotIndex(2);
    i32[s2 + T.FUTEX] = flag + 1;
    i32[s2 + T.FUTEX_VAL] = 0;
    const d = new DeadlockDetector();
    i32[flag] = 1; // set, wake on its way
    for (let k = 0; k < 5; k++) expect(d.check(i32)).toBeNull();
    i32[flag] = 0; // the waker's change undone: it waits for nothing again
    expect(d.check(i32)).toBeNull();
    expect(d.check(i32)?.message).toContain('every thread is blocked');
  });
});

describe('a process being terminated', () => {
  it('is not stuck: terminate() marked it KILLED and the page is ending it', () => {
    // Pool errors: a `using` Pool is terminated; its worker process unwinds at once, still
    // showing "blocked", while MainThread waits for the program's processes to end.
    const i32 = table();
    i32[H.NEXT_TID] = 3;
    thread(i32, 1, 'MainThread', ThreadState.BLOCKED);
    thread(i32, 2, 'Process-1', ThreadState.BLOCKED);
    i32[slotIndex(2) + T.KILLED] = 1;
    const d = new DeadlockDetector();
    for (let k = 0; k < 5; k++) expect(d.check(i32)).toBeNull();
    i32[slotIndex(2) + T.KILLED] = 0;
    expect(d.check(i32)).toBeNull();
    expect(d.check(i32)?.message).toContain('every thread is blocked');
  });
});
