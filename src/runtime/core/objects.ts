/**
 * Runtime objects in the shared heap. Every lock, event, queue… is a heap record whose first two
 * words are `[type | flags, seqNo]` (memory-layout.ts); its address is its id in every worker. A JS
 * object per worker wraps each record; `handleOf` / `fromHandle` map between them so a lock
 * passed to another thread is the same lock there (and `===` within that thread).
 */
import { H, objectDisplayName } from '../../protocol/memory-layout';
import { alloc } from '../../protocol/heap';
import { writeObj } from '../../protocol/trace';
import { ctx } from './context';
import { perThread } from './perthread';

/** Implemented by every runtime class whose instances live in the shared heap. */
export interface SharedObject {
  /** The record's byte address (its id). */
  readonly addr: number;
}

export const SHARED = Symbol('shared-object');

type Factory = (addr: number) => SharedObject;

const factories = new Map<number, Factory>();
const cache = new Map<number, SharedObject>();

/** Registers how a worker re-creates the JS wrapper of a record of type `type`. */
export function registerType(type: number, factory: Factory): void {
  factories.set(type, factory);
}

/** The wrapper of the record at `addr` in this worker (created on first use). */
export function fromAddr(addr: number): SharedObject {
  const hit = cache.get(addr);
  if (hit) return hit;
  const type = (ctx().i32[addr >> 2] ?? 0) & 0xffff;
  const f = factories.get(type);
  if (!f) throw new Error(`unknown runtime object type ${type} at ${addr}`);
  const obj = f(addr);
  cache.set(addr, obj);
  return obj;
}

/** Remembers a wrapper this worker created itself. */
export function remember(obj: SharedObject): void {
  cache.set(obj.addr, obj);
}

/** Forgets every wrapper (the next thread on this worker; a unit test's fresh run). */
export function resetObjects(): void {
  cache.clear();
}
// A wrapper may keep per-thread JS state (a lock's uncontended count, a loop's local queues):
// the next thread on this worker makes its own.
perThread(resetObjects);

/**
 * Allocates a record of `words` Int32 words (header included) and logs its creation.
 * `capacity` is what the timeline shows as its size (semaphore value, queue maxsize…).
 */
export function allocObject(type: number, words: number, flags = 0, capacity = 0): number {
  const c = ctx();
  const addr = alloc(c.i32, words * 4);
  const seqNo = Atomics.add(c.i32, H.TYPE_COUNTERS + type, 1) + 1;
  c.i32[addr >> 2] = type | flags;
  c.i32[(addr >> 2) + 1] = seqNo;
  if (c.tracing) writeObj(c.ring, addr, type, capacity, objectDisplayName(type, seqNo));
  return addr;
}

export function isShared(v: unknown): v is SharedObject {
  return typeof v === 'object' && v !== null && SHARED in v;
}

/**
 * A wrapper that reads its record as `i32[i + WORD]` (futures, executors, pools, pipes, managed
 * objects). Its record fields are own properties that are read-only and not enumerable, so
 * `{...obj}` and the value codec never copy them. (The lock family declares its fields itself.)
 */
export abstract class RecordWrapper implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  /** The record's first word, as an index into `i32`. */
  protected declare readonly i: number;
  /** The run's shared heap. */
  protected declare readonly i32: Int32Array;

  /** Makes this the wrapper of the record at `addr` (a constructor, or a decoder's `Object.create`). */
  protected _attachRecord(addr: number): void {
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: addr });
    Object.defineProperty(this, 'i', { value: addr >> 2 });
    Object.defineProperty(this, 'i32', { value: ctx().i32 });
  }
}
