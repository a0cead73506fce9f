/**
 * The shared objects behind `Manager()`'s proxies (managers.ts): a list, a dict, a value, each a
 * record in the shared heap whose every operation runs under the record's inner mutex, values
 * copied in and out as for another process (values.ts, fork mode). A record belongs to its
 * manager: once the manager is shut down, every operation raises `BrokenPipeError`.
 *
 * Manager record (Int32 words): 0 header (OBJ_MP), 1 seqNo, 2 MUTEX, 3 SHUTDOWN, 4 FIRST (its
 * first object record; they chain through NEXT).
 * Object record (ListProxy / DictProxy / ValueProxy, OBJ_MP): 0 header, 1 seqNo,
 *   2 MUTEX    inner mutex over the words below and the items
 *   3 MANAGER  its manager's record
 *   4 NEXT     the manager's next object
 *   5 COUNT    list: items; dict: entries
 *   6 ARR      list: item value blocks; dict: [key string, value block] pairs; value: the value block
 *   7 CAP      words ARR can hold
 *   8 INFO     dict: 1 for a Namespace; value: the typecode (a heap string)
 */
import { OBJ_MP } from '../../protocol/memory-layout';
import { alloc, free, readString, storeString } from '../../protocol/heap';
import { pyRepr } from '../../lib/pyrepr';
import { BrokenPipeError, IndexError, KeyError, ValueError } from '../errors';
import { ctx } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { RecordWrapper, allocObject } from '../core/objects';
import { freeValue, loadValue, storeValue } from '../core/values';
import { pyEq, pyLess } from '../queue/order';

/** Words of a Manager record (managers.ts makes them). */
export const MUTEX = 2;
export const SHUTDOWN = 3;
export const FIRST = 4;
export const MANAGER_WORDS = 5;

const MANAGER = 3;
export const NEXT = 4;
const COUNT = 5;
const ARR = 6;
const CAP = 7;
const INFO = 8;
const OBJECT_WORDS = 9;

export function brokenPipe(): BrokenPipeError {
  return new BrokenPipeError('[Errno 32] Broken pipe');
}

export function hex(addr: number): string {
  return `0x${addr.toString(16)}`;
}

/** Python's `operator.index` for list positions. */
function position(i: unknown): number {
  if (typeof i === 'number' && Number.isInteger(i)) return i;
  if (typeof i === 'boolean') return i ? 1 : 0;
  throw new TypeError(`list indices must be integers or slices, not ${typeof i === 'number' ? 'float' : typeof i === 'string' ? 'str' : typeof i}`);
}

/** What every managed object shares: its record, its mutex, its manager's state. */
export abstract class Managed extends RecordWrapper {
  protected constructor(addr: number) {
    super();
    this._attachRecord(addr);
  }

  /** Runs `f` under the object's mutex; `BrokenPipeError` once the manager is shut down. */
  protected locked<R>(f: () => R): R {
    const i32 = this.i32;
    innerLock(i32, this.i + MUTEX);
    try {
      const m = i32[this.i + MANAGER] ?? 0;
      if (Atomics.load(i32, (m >> 2) + SHUTDOWN) !== 0) throw brokenPipe();
      return f();
    } finally {
      innerUnlock(i32, this.i + MUTEX);
    }
  }

  /** Items (list) or entries (dict), mutex held. */
  protected get n(): number {
    return this.i32[this.i + COUNT] ?? 0;
  }

  /** The ARR word at `k` (mutex held). */
  protected word(k: number): number {
    return this.i32[((this.i32[this.i + ARR] ?? 0) >> 2) + k] ?? 0;
  }

  protected setWord(k: number, v: number): void {
    this.i32[((this.i32[this.i + ARR] ?? 0) >> 2) + k] = v;
  }

  /** Makes room for `words` words in ARR (mutex held), doubling, contents kept. */
  protected reserve(words: number): void {
    const i32 = this.i32;
    const cap = i32[this.i + CAP] ?? 0;
    if (words <= cap) return;
    const ncap = Math.max(8, cap * 2, words);
    const bigger = alloc(i32, ncap * 4);
    const old = i32[this.i + ARR] ?? 0;
    if (old !== 0) {
      i32.copyWithin(bigger >> 2, old >> 2, (old >> 2) + cap);
      free(i32, old);
    }
    i32[this.i + ARR] = bigger;
    i32[this.i + CAP] = ncap;
  }

  /** Moves ARR words [from, used) by `by` (mutex held; room reserved). */
  protected shift(from: number, used: number, by: number): void {
    const at = (this.i32[this.i + ARR] ?? 0) >> 2;
    this.i32.copyWithin(at + from + by, at + from, at + used);
  }

  /** Frees everything the object holds (the manager's shutdown, mutex held). */
  abstract _release(): void;

  /** `<ListProxy object, typeid 'list' at 0x…>`, as CPython's BaseProxy.__repr__. */
  protected proxyRepr(cls: string, typeid: string): string {
    return `<${cls} object, typeid '${typeid}' at ${hex(this.addr)}>`;
  }

  /** `str(proxy)`: the referent's own text, or CPython's note when the manager is gone. */
  protected proxyStr(cls: string, typeid: string, text: () => string): string {
    try {
      return text();
    } catch (e) {
      if (e instanceof BrokenPipeError) return `${this.proxyRepr(cls, typeid).slice(0, -1)}; '__str__()' failed>`;
      throw e;
    }
  }
}

/** A new object record of `manager` (chained into its list, which shutdown() frees). */
export function newRecord(type: number, manager: number, info = 0): number {
  const i32 = ctx().i32;
  const a = allocObject(type, OBJECT_WORDS, OBJ_MP);
  i32[(a >> 2) + MANAGER] = manager;
  i32[(a >> 2) + INFO] = info;
  const m = manager >> 2;
  innerLock(i32, m + MUTEX);
  try {
    if (Atomics.load(i32, m + SHUTDOWN) !== 0) throw brokenPipe();
    i32[(a >> 2) + NEXT] = i32[m + FIRST] ?? 0;
    i32[m + FIRST] = a;
  } finally {
    innerUnlock(i32, m + MUTEX);
  }
  return a;
}

// -- list -----------------------------------------------------------------------------------------

/** `manager.list()`: a list every process shares; `l[i]`, `l[i] = v`, `delete l[i]`, iteration. */
export class ListProxy extends Managed {
  /** @internal */
  constructor(addr: number) {
    super(addr);
  }

  /** `len(l)`. */
  get length(): number {
    return this.locked(() => this.n);
  }

  private at(i: unknown, what: string): number {
    const n = this.n;
    const p = position(i);
    const k = p < 0 ? p + n : p;
    if (k < 0 || k >= n) throw new IndexError(what);
    return k;
  }

  /** `l[i]` (negative counts from the end): a copy of the item. */
  getItem(i: number): unknown {
    // Decoded under the mutex: another process may replace (and free) the item right after.
    return this.locked(() => loadValue(this.word(this.at(i, 'list index out of range'))));
  }

  /** `l[i] = v`. */
  setItem(i: number, v: unknown): void {
    const block = storeValue(v, true);
    let old = 0;
    try {
      this.locked(() => {
        const k = this.at(i, 'list assignment index out of range');
        old = this.word(k);
        this.setWord(k, block);
      });
    } catch (e) {
      freeValue(block);
      throw e;
    }
    freeValue(old);
  }

  /** `del l[i]` (`delete l[i]`). */
  delItem(i: number): void {
    const old = this.locked(() => {
      const k = this.at(i, 'list assignment index out of range');
      const block = this.word(k);
      this.shift(k + 1, this.n, -1);
      this.i32[this.i + COUNT] = this.n - 1;
      return block;
    });
    freeValue(old);
  }

  /** Stores `blocks` at position `k` (clamped as Python's insert), mutex held. */
  private insertBlocks(k: number, blocks: number[]): void {
    const n = this.n;
    const at = Math.min(Math.max(k < 0 ? k + n : k, 0), n);
    this.reserve(n + blocks.length);
    this.shift(at, n, blocks.length);
    blocks.forEach((b, j) => this.setWord(at + j, b));
    this.i32[this.i + COUNT] = n + blocks.length;
  }

  private addBlocks(values: unknown[], at: (n: number) => number): void {
    const blocks: number[] = [];
    try {
      for (const v of values) blocks.push(storeValue(v, true));
      this.locked(() => this.insertBlocks(at(this.n), blocks));
    } catch (e) {
      for (const b of blocks) freeValue(b);
      throw e;
    }
  }

  /** `append(x)`. */
  append(x: unknown): void {
    this.addBlocks([x], (n) => n);
  }

  /** `extend(iterable)`. */
  extend(items: Iterable<unknown>): void {
    this.addBlocks([...items], (n) => n);
  }

  /** `insert(i, x)`: before position i (clamped to the list, as Python). */
  insert(i: number, x: unknown): void {
    const p = position(i);
    this.addBlocks([x], () => p);
  }

  /** `pop(i = -1)`: removes and returns the item. */
  pop(i = -1): unknown {
    const block = this.locked(() => {
      const n = this.n;
      if (n === 0) throw new IndexError('pop from empty list');
      const k = this.at(i, 'pop index out of range');
      const b = this.word(k);
      this.shift(k + 1, n, -1);
      this.i32[this.i + COUNT] = n - 1;
      return b;
    });
    try {
      return loadValue(block);
    } finally {
      freeValue(block);
    }
  }

  /** A copy of every item (`l[:]`, `list(l)`). */
  tolist(): unknown[] {
    return this.locked(() => Array.from({ length: this.n }, (_, k) => loadValue(this.word(k))));
  }

  /** `index(x)`: the first position of an item equal to x; `ValueError` if none. */
  index(x: unknown): number {
    const k = this.tolist().findIndex((v) => pyEq(v, x));
    if (k < 0) throw new ValueError(`${pyRepr(x)} is not in list`);
    return k;
  }

  /** `count(x)`: how many items equal x. */
  count(x: unknown): number {
    return this.tolist().filter((v) => pyEq(v, x)).length;
  }

  /** `x in l`. */
  includes(x: unknown): boolean {
    return this.tolist().some((v) => pyEq(v, x));
  }

  /** `remove(x)`: removes the first item equal to x; `ValueError` if none. */
  remove(x: unknown): void {
    const old = this.locked(() => {
      for (let k = 0; k < this.n; k++) {
        const b = this.word(k);
        if (!pyEq(loadValue(b), x)) continue;
        this.shift(k + 1, this.n, -1);
        this.i32[this.i + COUNT] = this.n - 1;
        return b;
      }
      throw new ValueError('list.remove(x): x not in list');
    });
    freeValue(old);
  }

  /** `reverse()`: in place. */
  reverse(): void {
    this.locked(() => {
      const n = this.n;
      for (let a = 0, b = n - 1; a < b; a++, b--) {
        const t = this.word(a);
        this.setWord(a, this.word(b));
        this.setWord(b, t);
      }
    });
  }

  /**
   * `sort(*, key=None, reverse=False)`: in place, stable, by Python's `<`; options last:
   * `sort({reverse: true})`. The keys are computed and compared outside the mutex (they may run
   * program code); the new order is stored only if nobody changed the list meanwhile (else again).
   */
  sort(options: { key?: ((x: unknown) => unknown) | null; reverse?: boolean } = {}): void {
    const key = options?.key ?? null;
    const rev = Boolean(options?.reverse);
    for (;;) {
      const snap = this.locked(() => Array.from({ length: this.n }, (_, k) => ({ b: this.word(k), v: loadValue(this.word(k)) })));
      const keyed = snap.map((e) => ({ b: e.b, k: key ? key(e.v) : e.v }));
      keyed.sort((x, y) => (rev ? cmp(y.k, x.k) : cmp(x.k, y.k)));
      const stored = this.locked(() => {
        if (this.n !== snap.length || snap.some((e, k) => this.word(k) !== e.b)) return false;
        keyed.forEach((e, k) => this.setWord(k, e.b));
        return true;
      });
      if (stored) return;
    }
  }

  *[Symbol.iterator](): Iterator<unknown> {
    // CPython iterates a ListProxy by index until IndexError: items changed meanwhile show.
    for (let k = 0; ; k++) {
      let v: unknown;
      try {
        v = this.getItem(k);
      } catch (e) {
        if (e instanceof IndexError) return;
        throw e;
      }
      yield v;
    }
  }

  /** @internal */
  _release(): void {
    for (let k = 0; k < this.n; k++) freeValue(this.word(k));
    free(this.i32, this.i32[this.i + ARR] ?? 0);
    this.i32[this.i + ARR] = 0;
    this.i32[this.i + CAP] = 0;
    this.i32[this.i + COUNT] = 0;
  }

  __repr__(): string {
    return this.proxyRepr('ListProxy', 'list');
  }

  __str__(): string {
    return this.proxyStr('ListProxy', 'list', () => pyRepr(this.tolist()));
  }
}

function cmp(a: unknown, b: unknown): number {
  if (pyLess(a, b)) return -1;
  if (pyLess(b, a)) return 1;
  return 0;
}

// -- dict -----------------------------------------------------------------------------------------

function keyOf(k: unknown): string {
  return typeof k === 'string' ? k : String(k);
}

/** Whether the heap string at `addr` is `s` (compared in place: no string is built). */
function sameKey(i32: Int32Array, addr: number, s: string): boolean {
  const at = addr >> 2;
  const n = s.length;
  if ((i32[at] ?? -1) !== n) return false;
  for (let j = 0; j < n; j += 2) {
    const w = i32[at + 1 + (j >> 1)] ?? 0;
    if ((w & 0xffff) !== s.charCodeAt(j)) return false;
    if (j + 1 < n && ((w >>> 16) & 0xffff) !== s.charCodeAt(j + 1)) return false;
  }
  return true;
}

/** `manager.dict()`: a dict every process shares; `d[k]`, `d[k] = v`, `delete d[k]`, `k in d`. */
export class DictProxy extends Managed {
  /** @internal */
  constructor(addr: number) {
    super(addr);
  }

  /** Entry index of `key` (mutex held), or -1. */
  private slot(key: string): number {
    for (let e = 0; e < this.n; e++) if (sameKey(this.i32, this.word(2 * e), key)) return e;
    return -1;
  }

  /** `d[k]` through the proxy: a copy of the value, `undefined` when absent (as a JS object). */
  getKey(k: unknown): unknown {
    const key = keyOf(k);
    return this.locked(() => {
      const e = this.slot(key);
      return e < 0 ? undefined : loadValue(this.word(2 * e + 1));
    });
  }

  /** `d[k] = v`. */
  setKey(k: unknown, v: unknown): void {
    const key = keyOf(k);
    const block = storeValue(v, true);
    let old = 0;
    try {
      this.locked(() => {
        const e = this.slot(key);
        if (e >= 0) {
          old = this.word(2 * e + 1);
          this.setWord(2 * e + 1, block);
          return;
        }
        const n = this.n;
        this.reserve(2 * n + 2);
        this.setWord(2 * n, storeString(this.i32, key));
        this.setWord(2 * n + 1, block);
        this.i32[this.i + COUNT] = n + 1;
      });
    } catch (e) {
      freeValue(block);
      throw e;
    }
    freeValue(old);
  }

  /** Removes `key` (mutex held); returns its value block, 0 when absent. */
  private unlink(key: string): number {
    const e = this.slot(key);
    if (e < 0) return 0;
    free(this.i32, this.word(2 * e));
    const block = this.word(2 * e + 1);
    this.shift(2 * e + 2, 2 * this.n, -2);
    this.i32[this.i + COUNT] = this.n - 1;
    return block;
  }

  /** `del d[k]` (`delete d[k]`): `KeyError` when absent. */
  delKey(k: unknown): void {
    const key = keyOf(k);
    const block = this.locked(() => this.unlink(key));
    if (block === 0) throw new KeyError(key);
    freeValue(block);
  }

  /** `k in d`. */
  hasKey(k: unknown): boolean {
    const key = keyOf(k);
    return this.locked(() => this.slot(key) >= 0);
  }

  /** `get(k, default = None)`. */
  get(k: unknown, default_: unknown = null): unknown {
    const key = keyOf(k);
    return this.locked(() => {
      const e = this.slot(key);
      return e < 0 ? default_ : loadValue(this.word(2 * e + 1));
    });
  }

  /** `[key, value]` pairs, copies, in insertion order. */
  items(): [string, unknown][] {
    return this.locked(() =>
      Array.from({ length: this.n }, (_, e): [string, unknown] => [readString(this.i32, this.word(2 * e)), loadValue(this.word(2 * e + 1))]),
    );
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return this.locked(() => Array.from({ length: this.n }, (_, e) => readString(this.i32, this.word(2 * e))));
  }

  /** Copies of the values, in insertion order. */
  values(): unknown[] {
    return this.items().map(([, v]) => v);
  }

  /** `len(d)`. */
  len(): number {
    return this.locked(() => this.n);
  }

  /** `update(other)`: an object's own entries or `[key, value]` pairs. */
  update(other: Record<string, unknown> | Iterable<readonly [unknown, unknown]> = {}): void {
    const pairs: [unknown, unknown][] =
      other instanceof DictProxy
        ? other.items()
        : other !== null && typeof other === 'object' && Symbol.iterator in other
        ? Array.from(other as Iterable<readonly [unknown, unknown]>, ([k, v]) => [k, v])
        : Object.entries(other as Record<string, unknown>);
    for (const [k, v] of pairs) this.setKey(k, v);
  }

  /** `pop(k[, default])`: removes k and returns its value; without a default, `KeyError` when absent. */
  pop(k: unknown, ...default_: unknown[]): unknown {
    const key = keyOf(k);
    const block = this.locked(() => this.unlink(key));
    if (block === 0) {
      if (default_.length > 0) return default_[0];
      throw new KeyError(key);
    }
    try {
      return loadValue(block);
    } finally {
      freeValue(block);
    }
  }

  /** `popitem()`: removes and returns the last `[key, value]` inserted. */
  popitem(): [string, unknown] {
    const [key, block] = this.locked((): [string, number] => {
      const n = this.n;
      if (n === 0) throw new KeyError('popitem(): dictionary is empty');
      const name = readString(this.i32, this.word(2 * n - 2));
      return [name, this.unlink(name)];
    });
    try {
      return [key, loadValue(block)];
    } finally {
      freeValue(block);
    }
  }

  /** `setdefault(k, default = None)`: the value of k, storing `default` first when absent. */
  setdefault(k: unknown, default_: unknown = null): unknown {
    const key = keyOf(k);
    const block = storeValue(default_, true);
    const found = this.locked((): { v: unknown } | null => {
      const e = this.slot(key);
      if (e >= 0) return { v: loadValue(this.word(2 * e + 1)) };
      const n = this.n;
      this.reserve(2 * n + 2);
      this.setWord(2 * n, storeString(this.i32, key));
      this.setWord(2 * n + 1, block);
      this.i32[this.i + COUNT] = n + 1;
      return null;
    });
    if (found === null) return default_;
    freeValue(block);
    return found.v;
  }

  /** `clear()`. */
  clear(): void {
    this.locked(() => this._release());
  }

  /** `copy()`: a plain object with copies of the entries. */
  copy(): Record<string, unknown> {
    return Object.fromEntries(this.items());
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this.keys();
  }

  /** @internal */
  _release(): void {
    for (let e = 0; e < this.n; e++) {
      free(this.i32, this.word(2 * e));
      freeValue(this.word(2 * e + 1));
    }
    free(this.i32, this.i32[this.i + ARR] ?? 0);
    this.i32[this.i + ARR] = 0;
    this.i32[this.i + CAP] = 0;
    this.i32[this.i + COUNT] = 0;
  }

  private get isNamespace(): boolean {
    return (this.i32[this.i + INFO] ?? 0) === 1;
  }

  __repr__(): string {
    return this.isNamespace ? this.proxyRepr('NamespaceProxy', 'Namespace') : this.proxyRepr('DictProxy', 'dict');
  }

  __str__(): string {
    if (this.isNamespace) {
      return this.proxyStr('NamespaceProxy', 'Namespace', () => `Namespace(${this.items().map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ')})`);
    }
    return this.proxyStr('DictProxy', 'dict', () => pyRepr(this.copy()));
  }
}

// -- value ----------------------------------------------------------------------------------------

/** `manager.Value(typecode, value)`: one shared value (any value: the typecode is only shown). */
export class ValueProxy extends Managed {
  /** @internal */
  constructor(addr: number) {
    super(addr);
  }

  get value(): unknown {
    return this.locked(() => {
      const block = this.i32[this.i + ARR] ?? 0;
      return block === 0 ? null : loadValue(block);
    });
  }

  set value(v: unknown) {
    const block = storeValue(v, true);
    let old = 0;
    try {
      this.locked(() => {
        old = this.i32[this.i + ARR] ?? 0;
        this.i32[this.i + ARR] = block;
      });
    } catch (e) {
      freeValue(block);
      throw e;
    }
    freeValue(old);
  }

  /** `get()`: the value. */
  get(): unknown {
    return this.value;
  }

  /** `set(v)`. */
  set(v: unknown): void {
    this.value = v;
  }

  /** @internal */
  _release(): void {
    freeValue(this.i32[this.i + ARR] ?? 0);
    this.i32[this.i + ARR] = 0;
  }

  __repr__(): string {
    return this.proxyRepr('ValueProxy', 'Value');
  }

  __str__(): string {
    return this.proxyStr('ValueProxy', 'Value', () => {
      const code = readString(this.i32, this.i32[this.i + INFO] ?? 0);
      return `Value(${pyRepr(code)}, ${pyRepr(this.value)})`;
    });
  }
}
