/**
 * `multiprocessing.Value` and `Array`: numbers in the shared heap that every process sees (they
 * are multiprocessing objects, so a fork keeps them shared), each with an RLock (`get_lock()`).
 * As with `shared(...)`, `v.value += 1` is a read then a write, two real memory accesses with
 * nothing in between held: without the lock, processes lose updates, as in CPython.
 *
 * Value record (Int32 words):
 *   0 header (OBJ_MP), 1 seqNo
 *   2 LOCK    address of its RLock record (0: created with lock=false)
 *   3 CODE    the typecode's char code ('i', 'd', …)
 *   4 FENCE   touched with an Atomics op on every access (see shared.ts: keeps the JIT from
 *             caching the cell in a register across a loop)
 *   5 unused (alignment)
 *   6.. the cell at byte 24: an Int32 (8/16/32-bit C integer typecodes, wrapped as C wraps them)
 *       or a Float64 ('f', 'd', and the 64-bit integers 'l' 'L' 'q' 'Q', kept integral)
 *
 * Array record: as Value, with 4 LENGTH, 5 FENCE, and the elements from byte 24.
 *
 * After the cell (Value: at byte 32) or the elements (Array: from the next multiple of 8), each
 * item's race shadow (core/race.ts, SHADOW_F64 Float64 words per item).
 */
import { ObjType, OBJ_MP } from '../../protocol/memory-layout';
import { IndexError } from '../errors';
import { ctx } from '../core/context';
import { SHARED, allocObject, fromAddr, registerType, remember, type SharedObject } from '../core/objects';
import { RLock } from '../threading/lock';
import { accessPoint, det } from '../core/sched';
import { SHADOW_F64, clearShadow, raceTouch, shadowWords } from '../core/race';
import { nameFromDeclaration } from '../core/program-names';

const LOCK = 2;
const CODE = 3;
const VFENCE = 4;
const ALENGTH = 4;
const AFENCE = 5;
const DATA_BYTES = 24;
/** A Value's race shadow: Float64 index from the record's (the cell's 8 bytes end at byte 32). */
const VALUE_SHADOW = 4;

/** An Array's first race shadow word (Float64 index): after the elements, 8-aligned. */
function arrayShadow(addr: number, n: number, cellBytes: number): number {
  return (addr + DATA_BYTES + n * cellBytes + 7) >> 3;
}

const INT32_CODES = new Set(['b', 'B', 'h', 'H', 'i', 'I', 'c', 'u']);
const FLOAT_CODES = new Set(['f', 'd', 'l', 'L', 'q', 'Q']);
const CTYPE: Record<string, string> = {
  b: 'c_byte',
  B: 'c_ubyte',
  h: 'c_short',
  H: 'c_ushort',
  i: 'c_int',
  I: 'c_uint',
  l: 'c_long',
  L: 'c_ulong',
  q: 'c_longlong',
  Q: 'c_ulonglong',
  f: 'c_float',
  d: 'c_double',
  c: 'c_char',
  u: 'c_wchar',
};

function checkCode(typecode: unknown): string {
  if (typeof typecode !== 'string' || !(INT32_CODES.has(typecode) || FLOAT_CODES.has(typecode))) {
    throw new TypeError('this type has no size');
  }
  return typecode;
}

function isInt(code: string): boolean {
  return code !== 'f' && code !== 'd';
}

/** Converts `v` to what a C cell of `code` holds (C's wrap-around for the small integers). */
function convert(code: string, v: unknown): number {
  let n: number;
  if (typeof v === 'boolean') n = v ? 1 : 0;
  else if (typeof v === 'number') n = v;
  else throw new TypeError(`${isInt(code) ? 'int' : 'float'} expected instead of ${v === null || v === undefined ? 'NoneType' : typeof v === 'string' ? 'str' : typeof v}`);
  if (!isInt(code)) return code === 'f' ? Math.fround(n) : n;
  if (!Number.isInteger(n)) throw new TypeError('int expected instead of float');
  switch (code) {
    case 'b':
      return (n << 24) >> 24;
    case 'B':
    case 'c':
      return n & 0xff;
    case 'h':
      return (n << 16) >> 16;
    case 'H':
    case 'u':
      return n & 0xffff;
    case 'i':
      return n | 0;
    case 'I':
      return n >>> 0;
    default:
      return n;
  }
}

function readCell(i32: Int32Array, f64: Float64Array, byteAt: number, code: string): number {
  if (FLOAT_CODES.has(code)) return f64[byteAt >> 3] ?? 0;
  const v = i32[byteAt >> 2] ?? 0;
  return code === 'I' ? v >>> 0 : v;
}

function writeCell(i32: Int32Array, f64: Float64Array, byteAt: number, code: string, v: number): void {
  if (FLOAT_CODES.has(code)) f64[byteAt >> 3] = v;
  else i32[byteAt >> 2] = v | 0;
}

function makeLock(lock: unknown): number {
  if (lock === false) return 0;
  if (lock === true || lock === undefined || lock === null) return new RLock(undefined, true).addr;
  if (typeof lock === 'object' && 'addr' in lock && SHARED in lock) return (lock as SharedObject).addr;
  throw new TypeError(`unrecognized type for lock: ${String(lock)}`);
}

/** `multiprocessing.Value(typecode, init=0, lock=true)`. */
export class Value implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  private declare readonly code: string;

  constructor(typecode: string, init: number = 0, lock: unknown = true) {
    const c = ctx();
    const code = checkCode(typecode);
    const value = convert(code, init);
    const a = allocObject(ObjType.Value, 8 + shadowWords(1) * 2, OBJ_MP);
    clearShadow(VALUE_SHADOW + (a >> 3), 1);
    c.i32[(a >> 2) + CODE] = code.charCodeAt(0);
    c.i32[(a >> 2) + LOCK] = makeLock(lock);
    writeCell(c.i32, c.f64, a + DATA_BYTES, code, value);
    nameFromDeclaration(a);
    this.attach(a, code);
    remember(this);
  }

  /** The Value whose record is at `addr` (a handle decoded in another process). */
  private static fromAddr(addr: number): Value {
    const v = Object.create(Value.prototype) as Value;
    v.attach(addr, String.fromCharCode(ctx().i32[(addr >> 2) + CODE] ?? 105));
    return v;
  }

  static {
    registerType(ObjType.Value, (addr) => Value.fromAddr(addr));
  }

  private attach(a: number, code: string): void {
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: a });
    Object.defineProperty(this, 'code', { value: code });
  }

  get value(): number {
    const c = ctx();
    if (det) accessPoint(false, this.addr, 'value');
    raceTouch(false, VALUE_SHADOW + (this.addr >> 3), this.addr, 'value');
    Atomics.load(c.i32, (this.addr >> 2) + VFENCE);
    return readCell(c.i32, c.f64, this.addr + DATA_BYTES, this.code);
  }

  set value(v: number) {
    const c = ctx();
    if (det) accessPoint(true, this.addr, 'value');
    raceTouch(true, VALUE_SHADOW + (this.addr >> 3), this.addr, 'value');
    writeCell(c.i32, c.f64, this.addr + DATA_BYTES, this.code, convert(this.code, v));
    Atomics.add(c.i32, (this.addr >> 2) + VFENCE, 1);
  }

  get_lock(): RLock {
    const at = ctx().i32[(this.addr >> 2) + LOCK] ?? 0;
    if (at === 0) throw new TypeError(`'${CTYPE[this.code] ?? 'c_int'}' object has no attribute 'get_lock'`);
    return fromAddr(at) as RLock;
  }

  get_obj(): this {
    return this;
  }

  acquire(blocking = true, timeout: number | null = -1): boolean {
    return this.get_lock().acquire(blocking, timeout);
  }

  release(): void {
    this.get_lock().release();
  }

  /** Block form: `using _ = v.hold();` (Python `with v:`). */
  hold(): Disposable {
    return this.get_lock().hold();
  }

  __repr__(): string {
    const inner = `${CTYPE[this.code] ?? 'c_int'}(${String(this.value)})`;
    return (ctx().i32[(this.addr >> 2) + LOCK] ?? 0) === 0 ? inner : `<Synchronized wrapper for ${inner}>`;
  }
}

/** The object behind an Array proxy: numeric properties are the elements. */
class ArrayTarget implements SharedObject {
  declare readonly [SHARED]: true;
  declare readonly addr: number;
  declare readonly code: string;

  constructor(addr: number, code: string) {
    Object.defineProperty(this, SHARED, { value: true });
    Object.defineProperty(this, 'addr', { value: addr });
    Object.defineProperty(this, 'code', { value: code });
  }

  get length(): number {
    return ctx().i32[(this.addr >> 2) + ALENGTH] ?? 0;
  }

  private at(index: number): number {
    const n = this.length;
    const k = index < 0 ? index + n : index;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new IndexError('invalid index');
    return this.addr + DATA_BYTES + k * (FLOAT_CODES.has(this.code) ? 8 : 4);
  }

  /** The race shadow's Float64 index of the element at byte `byteAt` (after all elements). */
  private shadowOf(byteAt: number): number {
    const cell = FLOAT_CODES.has(this.code) ? 8 : 4;
    const k = (byteAt - this.addr - DATA_BYTES) / cell;
    return arrayShadow(this.addr, this.length, cell) + k * SHADOW_F64;
  }

  /** `a[i]` (negative indexes count from the end). */
  get(index: number): number {
    const c = ctx();
    if (det) accessPoint(false, this.addr, index);
    const byteAt = this.at(index);
    raceTouch(false, this.shadowOf(byteAt), this.addr, `[${index}]`);
    Atomics.load(c.i32, (this.addr >> 2) + AFENCE);
    return readCell(c.i32, c.f64, byteAt, this.code);
  }

  /** `a[i] = v`. */
  set(index: number, v: number): void {
    const c = ctx();
    if (det) accessPoint(true, this.addr, index);
    const byteAt = this.at(index);
    raceTouch(true, this.shadowOf(byteAt), this.addr, `[${index}]`);
    writeCell(c.i32, c.f64, byteAt, this.code, convert(this.code, v));
    Atomics.add(c.i32, (this.addr >> 2) + AFENCE, 1);
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.length;
    for (let k = 0; k < n; k++) yield this.get(k);
  }

  /** `a[:]`: the elements as a list. */
  tolist(): number[] {
    return [...this];
  }

  get_lock(): RLock {
    const at = ctx().i32[(this.addr >> 2) + LOCK] ?? 0;
    if (at === 0) throw new TypeError(`'${CTYPE[this.code] ?? 'c_int'}_Array_${this.length}' object has no attribute 'get_lock'`);
    return fromAddr(at) as RLock;
  }

  get_obj(): this {
    return this;
  }

  hold(): Disposable {
    return this.get_lock().hold();
  }

  __repr__(): string {
    const name = `${CTYPE[this.code] ?? 'c_int'}_Array_${this.length}`;
    const inner = `<multiprocessing.sharedctypes.${name} object at 0x${this.addr.toString(16)}>`;
    return (ctx().i32[(this.addr >> 2) + LOCK] ?? 0) === 0 ? inner : `<SynchronizedArray wrapper for ${inner}>`;
  }
}

/** `"3"`, `"-1"`: a property name that is an index (the proxies' `a[i]`). */
export function indexOf(p: string | symbol): number | null {
  if (typeof p !== 'string' || p === '') return null;
  const n = Number(p);
  return Number.isInteger(n) && String(n) === p ? n : null;
}

function proxyFor(target: ArrayTarget): ArrayTarget {
  return new Proxy(target, {
    get(t, p, receiver) {
      const k = indexOf(p);
      if (k !== null) return t.get(k);
      const v: unknown = Reflect.get(t, p, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    set(t, p, v, receiver) {
      const k = indexOf(p);
      if (k !== null) {
        t.set(k, v as number);
        return true;
      }
      return Reflect.set(t, p, v, receiver);
    },
    has(t, p) {
      const k = indexOf(p);
      if (k !== null) return k >= 0 && k < t.length;
      return Reflect.has(t, p);
    },
  });
}

/**
 * `multiprocessing.Array(typecode, sizeOrItems, lock=true)`: a fixed-size array in shared
 * memory, indexable (`a[i]`, `a[i] = v`), iterable, with `length` and `get_lock()`.
 */
export function SharedArray(typecode: string, sizeOrItems: number | readonly number[], lock: unknown = true): ArrayTarget {
  const code = checkCode(typecode);
  const items = typeof sizeOrItems === 'number' ? null : [...sizeOrItems];
  const n = items ? items.length : sizeOrItems as number;
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`'${typeof sizeOrItems}' object cannot be interpreted as an integer`);
  const cell = FLOAT_CODES.has(code) ? 2 : 1;
  const a = allocObject(ObjType.Array, DATA_BYTES / 4 + n * cell + 1 + shadowWords(n) * 2, OBJ_MP, n);
  const c = ctx();
  clearShadow(arrayShadow(a, n, cell * 4), n);
  c.i32[(a >> 2) + CODE] = code.charCodeAt(0);
  c.i32[(a >> 2) + ALENGTH] = n;
  c.i32[(a >> 2) + LOCK] = makeLock(lock);
  nameFromDeclaration(a);
  const target = new ArrayTarget(a, code);
  // Stored before any other thread can see the array: not accesses (no scheduling points).
  if (items) items.forEach((v, k) => writeCell(c.i32, c.f64, a + DATA_BYTES + k * cell * 4, code, convert(code, v)));
  const p = proxyFor(target);
  remember(p);
  return p;
}

/** Python's `RawValue` / `RawArray`: without a lock. */
export function RawValue(typecode: string, init = 0): Value {
  return new Value(typecode, init, false);
}

export function RawArray(typecode: string, sizeOrItems: number | readonly number[]): ArrayTarget {
  return SharedArray(typecode, sizeOrItems, false);
}

registerType(ObjType.Array, (addr) => {
  const code = String.fromCharCode(ctx().i32[(addr >> 2) + CODE] ?? 105);
  return proxyFor(new ArrayTarget(addr, code));
});
