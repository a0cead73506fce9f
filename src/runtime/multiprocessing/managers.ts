/**
 * `multiprocessing.Manager()`: shared lists, dicts and values that every process (and thread)
 * reads and writes through proxies. CPython keeps the objects in a server process and proxies
 * send each operation to it; here the objects live in the shared heap (managed.ts) and each
 * operation runs under the object's mutex, which gives what users observe there: a child's
 * writes are seen by its parent (unlike `shared()`), items come back as copies (`l[0].push(1)`
 * changes a copy, not the list), `l[i] = v` and `d[k] = v` write through, every single operation
 * is atomic and `d[k] += 1` (a read, then a write) races between processes, as in CPython.
 *
 * Block form: `using manager = new Manager();` (`with Manager() as manager:`); `shutdown()`
 * frees the objects and makes every proxy raise `BrokenPipeError`, as a shut down manager
 * process does. `manager.Lock()`, `Queue()`, `Event()`… return the `multiprocessing` objects
 * themselves (they are already shared by every process).
 *
 * Dict keys are strings (the program's dicts are JS objects: `d[1] = 'a'` stores key '1').
 */
import { ObjType, OBJ_MP } from '../../protocol/memory-layout';
import { ctx } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { SHARED, allocObject, fromAddr, registerType, remember, type SharedObject } from '../core/objects';
import { storeString } from '../../protocol/heap';
import { Barrier as TBarrier } from '../threading/barrier';
import { Condition as TCondition } from '../threading/condition';
import { Event as TEvent } from '../threading/event';
import { Lock as TLock, RLock as TRLock } from '../threading/lock';
import { BoundedSemaphore as TBoundedSemaphore, Semaphore as TSemaphore } from '../threading/semaphore';
import { DictProxy, FIRST, ListProxy, MANAGER_WORDS, MUTEX, NEXT, SHUTDOWN, ValueProxy, hex, newRecord, type Managed } from './managed';
import { JoinableQueue, Queue } from './queues';
import { indexOf } from './sharedctypes';

export { DictProxy, ListProxy, ValueProxy };

// -- proxies --------------------------------------------------------------------------------------

/**
 * The names a dict proxy answers itself (its methods); every other string is a key. Internal
 * members stay out of this list so that `d.n`, `d.i`… are keys like any other.
 */
const dictNames = new Set<string>([
  'get', 'items', 'keys', 'values', 'len', 'update', 'pop', 'popitem', 'setdefault', 'clear', 'copy',
  'getKey', 'setKey', 'delKey', 'hasKey', '_release', '__repr__', '__str__',
  // Runtime plumbing and probes (a thenable check must not read a key).
  'addr', '__cross__', 'constructor', 'then', 'toJSON',
]);

function member(impl: object, p: string | symbol): unknown {
  const v: unknown = Reflect.get(impl, p, impl);
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(impl) : v;
}

/** The object programs hold: indexes go to the list, everything else to its methods. */
function listProxy(impl: ListProxy): ListProxy {
  return new Proxy(Object.create(ListProxy.prototype) as ListProxy, {
    get(_t, p) {
      const k = indexOf(p);
      return k !== null ? impl.getItem(k) : member(impl, p);
    },
    set(_t, p, v) {
      const k = indexOf(p);
      if (k === null) return Reflect.set(impl, p, v, impl);
      impl.setItem(k, v);
      return true;
    },
    deleteProperty(_t, p) {
      const k = indexOf(p);
      if (k === null) return false;
      impl.delItem(k);
      return true;
    },
    has(_t, p) {
      const k = indexOf(p);
      if (k === null) return Reflect.has(impl, p);
      const n = impl.length;
      return k >= -n && k < n;
    },
  });
}

/** The object programs hold: string keys are the dict's, except the method names. */
function dictProxy(impl: DictProxy): DictProxy {
  return new Proxy(Object.create(DictProxy.prototype) as DictProxy, {
    get(_t, p) {
      return typeof p === 'symbol' || dictNames.has(p) ? member(impl, p) : impl.getKey(p);
    },
    set(_t, p, v) {
      if (typeof p === 'symbol') return false;
      impl.setKey(p, v);
      return true;
    },
    deleteProperty(_t, p) {
      if (typeof p === 'symbol') return false;
      impl.delKey(p);
      return true;
    },
    has(_t, p) {
      return typeof p === 'symbol' ? Reflect.has(impl, p) : impl.hasKey(p);
    },
    ownKeys() {
      return impl.keys();
    },
    getOwnPropertyDescriptor(_t, p) {
      if (typeof p === 'symbol' || !impl.hasKey(p)) return undefined;
      return { value: impl.getKey(p), writable: true, enumerable: true, configurable: true };
    },
  });
}

function wrap(type: number, addr: number): SharedObject {
  if (type === ObjType.ListProxy) return listProxy(new ListProxy(addr));
  if (type === ObjType.DictProxy) return dictProxy(new DictProxy(addr));
  return new ValueProxy(addr);
}

registerType(ObjType.ListProxy, (addr) => wrap(ObjType.ListProxy, addr));
registerType(ObjType.DictProxy, (addr) => wrap(ObjType.DictProxy, addr));
registerType(ObjType.ValueProxy, (addr) => wrap(ObjType.ValueProxy, addr));

function made<T extends SharedObject>(obj: T): T {
  remember(obj);
  return obj;
}

// -- the manager ----------------------------------------------------------------------------------

/** `multiprocessing.Manager()` (a started `SyncManager`). Block form: `using m = new Manager();`. */
export class Manager implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;

  constructor(addr?: number) {
    const a = addr ?? allocObject(ObjType.Manager, MANAGER_WORDS, OBJ_MP);
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: a });
    if (addr === undefined) remember(this);
  }

  /** `manager.list(seq?)`: a shared list with copies of the items. */
  list(items: Iterable<unknown> = []): ListProxy {
    const p = made(listProxy(new ListProxy(newRecord(ObjType.ListProxy, this.addr))));
    p.extend(items);
    return p;
  }

  /** `manager.dict(mapping?)`: a shared dict (an object's entries or `[key, value]` pairs). */
  dict(entries: Record<string, unknown> | Iterable<readonly [unknown, unknown]> = {}): DictProxy {
    const p = made(dictProxy(new DictProxy(newRecord(ObjType.DictProxy, this.addr))));
    p.update(entries);
    return p;
  }

  /** `manager.Namespace()`: shared attributes (`ns.x = 1` in one process, `ns.x` in another). */
  Namespace(attrs: Record<string, unknown> = {}): DictProxy {
    const p = made(dictProxy(new DictProxy(newRecord(ObjType.DictProxy, this.addr, 1))));
    p.update(attrs);
    return p;
  }

  /** `manager.Value(typecode, value)`: `.value` (and `get()`/`set()`) read and write it. */
  Value(typecode: string, value: unknown): ValueProxy {
    const p = made(new ValueProxy(newRecord(ObjType.ValueProxy, this.addr, storeString(ctx().i32, String(typecode)))));
    p.value = value;
    return p;
  }

  /** A `multiprocessing` Lock (already shared by every process). */
  Lock(): TLock {
    return new TLock(undefined, true);
  }

  RLock(): TRLock {
    return new TRLock(undefined, true);
  }

  Semaphore(value = 1): TSemaphore {
    return new TSemaphore(value, undefined, true);
  }

  BoundedSemaphore(value = 1): TBoundedSemaphore {
    return new TBoundedSemaphore(value, undefined, true);
  }

  Condition(lock?: TLock | TRLock | null): TCondition {
    return new TCondition(lock ?? null, true);
  }

  Event(): TEvent {
    return new TEvent(undefined, true);
  }

  Barrier(parties: number, action?: (() => unknown) | null, timeout?: number | null): TBarrier {
    return new TBarrier(parties, action, timeout, true);
  }

  Queue(maxsize = 0): Queue {
    return new Queue(maxsize);
  }

  JoinableQueue(maxsize = 0): JoinableQueue {
    return new JoinableQueue(maxsize);
  }

  /**
   * `shutdown()`: frees every shared object of this manager; their proxies raise
   * `BrokenPipeError` from then on. A second call does nothing.
   */
  shutdown(): void {
    const i32 = ctx().i32;
    const m = this.addr >> 2;
    innerLock(i32, m + MUTEX);
    const first = Atomics.exchange(i32, m + SHUTDOWN, 1) === 0 ? (i32[m + FIRST] ?? 0) : 0;
    i32[m + FIRST] = 0;
    innerUnlock(i32, m + MUTEX);
    for (let a = first; a !== 0; ) {
      const next = i32[(a >> 2) + NEXT] ?? 0;
      const obj = fromAddr(a) as unknown as Managed;
      innerLock(i32, (a >> 2) + MUTEX);
      obj._release();
      innerUnlock(i32, (a >> 2) + MUTEX);
      a = next;
    }
  }

  /** End of a `using` block: `shutdown()`, as `with Manager() as m:` does. */
  [Symbol.dispose](): void {
    this.shutdown();
  }

  __repr__(): string {
    return `<multiprocessing.managers.SyncManager object at ${hex(this.addr)}>`;
  }
}

registerType(ObjType.Manager, (addr) => new Manager(addr));
