/**
 * `shared({field: number, …})`: a record of numeric fields in the run's SharedArrayBuffer, the
 * one kind of plain memory threads mutate together (docs/program-model.md).
 *
 * Record: Int32 words 0 header, 1 seqNo, 2 field count, 3 unused; then Float64 fields from byte 16,
 * then each field's race shadow (core/race.ts, SHADOW_F64 Float64 words per field).
 *
 * `g.num += 1` is a getter then a setter: two separate accesses, so a race between threads loses
 * updates exactly as an unlocked `num += 1` does in free-threaded Python. Each read goes through
 * core/fastpath (an atomic load first, a barrier for the compiler), so the JIT cannot keep the field
 * in a register across a loop (that would turn a race into one thread's whole count vanishing):
 * every increment is a real read and a real write.
 *
 * A forked process gets a copy (docs/program-model.md: "A child's writes to shared(...) are invisible to
 * its parent").
 */
import { ObjType } from '../protocol/memory-layout';
import { ctx } from './core/context';
import { held } from './core/held';
import { SHARED, allocObject } from './core/objects';
import { registerDecoder } from './core/values';
import { accessPoint, det } from './core/sched';
import { SHADOW_F64, clearShadow, epochNow, raceAccess, racing, shadowWords } from './core/race';
import { nameFromDeclaration } from './core/program-names';

const COUNT = 2;
const FIELDS_AT_BYTES = 16;

/** A record's wrapper: its fields are own accessors shared by its class (recordClass). */
interface RecordWrapper {
  /** Byte address of the first field. */
  readonly [AT]: number;
  readonly addr: number;
}

/** A symbol, so that no field name can shadow it. */
const AT = Symbol('at');
/** Names a record's own API takes; a field of that name would hide it. */
const RESERVED = new Set(['addr', '__cross__', '__repr__']);

/**
 * The accessor pair of field `k` at byte offset `off` from a record's fields, its race shadow at
 * Float64 index `sh` from there. Everything they use arrives as a parameter, not as a closure
 * constant: V8 checks a captured `const` for its temporal dead zone at every use, and the checks
 * and repeated loads made the pair ~190 bytes of bytecode each, past what V8 inlines into the
 * program's loop beside a lock's acquire and release (920 bytes in all) once the race detector's
 * hooks are in it: every `g.num += 1` then made two calls.
 */
function fieldAccessors(
  k: string,
  off: number,
  sh: number,
  f64: Float64Array,
  getF: (at: number) => number,
  setF: (at: number, v: number) => void,
): PropertyDescriptor {
  return {
    enumerable: true,
    get(this: RecordWrapper) {
      const at = this[AT];
      // A read is a scheduling point of its own in a deterministic run (g.n += 1: two points).
      if (det) accessPoint(false, this.addr, k);
      // The race detector: one compare unless this thread's epoch is new here (core/race.ts).
      if (racing && f64[(at >> 3) + sh + 1] !== epochNow[0]) raceAccess(false, (at >> 3) + sh, this.addr, k);
      // Under a lock, plain memory (see core/held.ts); else through the wasm barrier.
      return held.n > 0 ? (f64[(at + off) >> 3] as number) : getF(at + off);
    },
    set(this: RecordWrapper, v: number) {
      const at = this[AT];
      if (det) accessPoint(true, this.addr, k);
      if (racing && f64[(at >> 3) + sh] !== epochNow[0]) raceAccess(true, (at >> 3) + sh, this.addr, k);
      if (held.n > 0) f64[(at + off) >> 3] = v;
      else setF(at + off, v);
    },
  };
}

/**
 * One class per field list, shared by every record with those fields. Each record defines its
 * fields with the class's one accessor pair per field, which read `this[AT]`, so all such
 * records have one hidden class and the JIT inlines `g.num += 1`. (A getter closure per record
 * gave every record after the first its own dictionary-mode shape: 20x slower increments.)
 */
const recordClasses = new Map<string, new (addr: number) => RecordWrapper>();

function recordClass(keys: readonly string[]): new (addr: number) => RecordWrapper {
  const sig = JSON.stringify(keys);
  const known = recordClasses.get(sig);
  if (known) return known;
  const c = ctx();
  const { getF, setF } = c.fast;
  const f64 = c.f64;
  // One accessor pair per field for the whole class: every record then gets the same hidden
  // class as it defines its own (enumerable, as the fields of a dict) properties.
  const fields: PropertyDescriptorMap = {};
  // (Float64 index of a field's race shadow from the fields' start: after all the fields.)
  keys.forEach((k, n) => (fields[k] = fieldAccessors(k, n * 8, keys.length + n * SHADOW_F64, f64, getF, setF)));
  class Fields implements RecordWrapper {
    readonly [AT]: number;
    declare readonly addr: number;
    constructor(addr: number) {
      this[AT] = addr + FIELDS_AT_BYTES;
      Object.defineProperties(this, fields);
      Object.defineProperty(this, 'addr', { value: addr });
      Object.seal(this);
    }
  }
  const proto = Fields.prototype as unknown as Record<string | symbol, unknown>;
  Object.defineProperty(proto, SHARED, { value: true });
  Object.defineProperty(proto, '__cross__', {
    value(this: RecordWrapper, forProcess: boolean) {
      if (!forProcess) return { tag: 'shared', data: [this.addr, keys] };
      const copy = allocate(keys);
      const f64 = ctx().f64;
      const base = this[AT] >> 3;
      f64.copyWithin((copy + FIELDS_AT_BYTES) >> 3, base, base + keys.length);
      return { tag: 'shared', data: [copy, keys] };
    },
  });
  Object.defineProperty(proto, '__repr__', {
    value(this: Record<string, number>) {
      return `shared({${keys.map((k) => `'${k}': ${String(this[k])}`).join(', ')}})`;
    },
  });
  recordClasses.set(sig, Fields);
  return Fields;
}

function wrap(addr: number, keys: readonly string[]): Record<string, number> {
  return new (recordClass(keys))(addr) as unknown as Record<string, number>;
}

function allocate(keys: readonly string[]): number {
  const addr = allocObject(ObjType.Shared, (FIELDS_AT_BYTES >> 2) + (keys.length + shadowWords(keys.length)) * 2);
  const c = ctx();
  c.i32[(addr >> 2) + COUNT] = keys.length;
  // Heap blocks are reused: a shadow must start as "never accessed".
  clearShadow(((addr + FIELDS_AT_BYTES) >> 3) + keys.length, keys.length);
  return addr;
}

const wrappers = new Map<number, Record<string, number>>();

/** The `shared` global. */
export function shared<T extends Record<string, number>>(fields: T): T {
  if (typeof fields !== 'object' || fields === null) throw new TypeError('shared() takes an object of numeric fields');
  const keys = Object.keys(fields);
  for (const k of keys) {
    if (typeof fields[k] !== 'number') throw new TypeError(`shared(): field '${k}' must be a number`);
    if (RESERVED.has(k)) throw new TypeError(`shared(): '${k}' cannot be a field name (the record uses it)`);
  }
  const addr = allocate(keys);
  nameFromDeclaration(addr);
  const w = wrap(addr, keys);
  // The first values are stored before any other thread can see the record: not accesses
  // (no scheduling points: a learner stepping the run does not step its initialisation).
  const f64 = ctx().f64;
  keys.forEach((k, n) => (f64[((addr + FIELDS_AT_BYTES) >> 3) + n] = fields[k] as number));
  wrappers.set(addr, w);
  return w as T;
}

registerDecoder('shared', (data) => {
  const [addr, keys] = data as [number, string[]];
  let w = wrappers.get(addr);
  if (!w) {
    w = wrap(addr, keys);
    wrappers.set(addr, w);
  }
  return w;
});
