/**
 * An event loop's doorbell and inbox in the shared heap, so any thread holding the loop can
 * `call_soon_threadsafe` into it and wake it while it blocks waiting for timers or callbacks.
 *
 * Record (Int32 words):
 *   0 header, 1 seqNo
 *   2 BELL    0 quiet, 1 rung (the owner sleeps on it; ring() stores 1 and notifies)
 *   3 MUTEX   inner mutex guarding the list
 *   4 HEAD    address of the oldest queued node (0: empty)
 *   5 TAIL    address of the newest node
 * Node (heap block, Int32 words): 0 next node, 1 value address (an encoded [fn, args]), 2 sender tid,
 * 3 µs when posted.
 */
import { ObjType, WaitKind } from '../../protocol/memory-layout';
import { alloc, free } from '../../protocol/heap';
import { writeWake } from '../../protocol/trace';
import type { InboxItem, LoopChannel } from '../host';
import { ctx, deadlineFor, futexWait, nowMicros, setState } from './context';
import { innerLock, innerUnlock } from './innerlock';
import { flushTaskTrace } from './tasktrace';
import { allocObject } from './objects';
import { freeValue, loadValue, storeValue } from './values';
import { hbAcquire, hbRelease } from './race';

const BELL = 2;
const MUTEX = 3;
const HEAD = 4;
const TAIL = 5;
const WORDS = 6;

export class SharedLoopChannel implements LoopChannel {
  readonly addr: number;
  private readonly i: number;
  private readonly i32: Int32Array;

  constructor(addr?: number) {
    this.i32 = ctx().i32;
    this.addr = addr ?? allocObject(ObjType.EventLoop, WORDS);
    this.i = this.addr >> 2;
  }

  wait(timeout: number | null): boolean {
    const i32 = this.i32;
    if (Atomics.exchange(i32, this.i + BELL, 0) === 1 || Atomics.load(i32, this.i + HEAD) !== 0) return true;
    if (timeout !== null && timeout <= 0) return false;
    // About to block: the tasks' latest states must be on the timeline while the loop waits.
    flushTaskTrace();
    setState(timeout === null ? 'blocked' : 'sleeping', {
      obj: this.addr,
      kind: WaitKind.LOOP,
      timeout,
      what: timeout === null ? 'event loop: waiting for callbacks' : 'event loop: waiting for timers',
    });
    const deadline = deadlineFor(timeout);
    let rung = false;
    while (!rung) {
      if (!futexWait(i32, this.i + BELL, 0, deadline)) break;
      rung = Atomics.load(i32, this.i + BELL) === 1;
    }
    Atomics.store(i32, this.i + BELL, 0);
    setState('running');
    return rung || Atomics.load(i32, this.i + HEAD) !== 0;
  }

  drain(): InboxItem[] {
    const i32 = this.i32;
    if (Atomics.load(i32, this.i + HEAD) === 0) return [];
    innerLock(i32, this.i + MUTEX);
    let node = i32[this.i + HEAD] ?? 0;
    i32[this.i + HEAD] = 0;
    i32[this.i + TAIL] = 0;
    hbAcquire(this.addr);
    innerUnlock(i32, this.i + MUTEX);
    const out: InboxItem[] = [];
    while (node !== 0) {
      const n = node >> 2;
      const valueAddr = i32[n + 1] ?? 0;
      const [fn, args] = loadValue(valueAddr) as [InboxItem['fn'], unknown[]];
      const from = i32[n + 2] ?? 0;
      out.push({ fn, args, from });
      // The hand-off arrow: who scheduled this callback, and when.
      const c = ctx();
      if (c.tracing) writeWake(c.ring, from, c.tid, this.addr, i32[n + 3] ?? 0, `call_soon_threadsafe → ${fn.name || 'callback'}`);
      freeValue(valueAddr);
      const next = i32[n] ?? 0;
      free(i32, node);
      node = next;
    }
    return out;
  }

  ring(): void {
    Atomics.store(this.i32, this.i + BELL, 1);
    Atomics.notify(this.i32, this.i + BELL);
  }

  post(item: InboxItem): void {
    const i32 = this.i32;
    const valueAddr = storeValue([item.fn, item.args]);
    const node = alloc(i32, 16);
    const n = node >> 2;
    i32[n + 1] = valueAddr;
    i32[n + 2] = item.from;
    i32[n + 3] = nowMicros();
    innerLock(i32, this.i + MUTEX);
    // The race detector: a call_soon_threadsafe happens before the loop runs its callback.
    hbRelease(this.addr);
    const tail = i32[this.i + TAIL] ?? 0;
    if (tail === 0) i32[this.i + HEAD] = node;
    else i32[(tail >> 2)] = node;
    i32[this.i + TAIL] = node;
    innerUnlock(i32, this.i + MUTEX);
    this.ring();
  }
}
