/**
 * `shared({field: number, …})`: a record of numeric fields in the run's SharedArrayBuffer, the
 * one kind of plain memory threads mutate together (DESIGN.md §3).
 *
 * Record: Int32 words 0 header, 1 seqNo, 2 field count, 3 unused; then Float64 fields from byte 16.
 *
 * `g.num += 1` is a getter then a setter: two separate accesses, so a race between threads loses
 * updates exactly as an unlocked `num += 1` does in free-threaded Python. Each read goes through
 * core/fastpath (an atomic load first, a barrier for the compiler), so the JIT cannot keep the field
 * in a register across a loop (that would turn a race into one thread's whole count vanishing):
 * every increment is a real read and a real write.
 *
 * A forked process gets a copy (DESIGN.md §3: "A child's writes to shared(...) are invisible to
 * its parent").
 */
import { ObjType } from '../protocol/layout';
import { ctx } from './core/context';
import { SHARED, allocObject } from './core/objects';
import { registerDecoder } from './core/values';

const COUNT = 2;
const FIELDS_AT_BYTES = 16;

export type SharedRecord<T extends Record<string, number>> = T;

function wrap(addr: number, keys: readonly string[]): Record<string, number> {
  const c = ctx();
  const f64 = c.f64;
  const { getF, setF } = c.fast;
  const base = (addr + FIELDS_AT_BYTES) >> 3;
  const obj: Record<string | symbol, unknown> = {};
  keys.forEach((k, n) => {
    const at = (base + n) * 8;
    Object.defineProperty(obj, k, {
      enumerable: true,
      get() {
        return getF(at);
      },
      set(v: number) {
        setF(at, v);
      },
    });
  });
  Object.defineProperty(obj, SHARED, { value: true });
  Object.defineProperty(obj, 'addr', { value: addr });
  Object.defineProperty(obj, '__cross__', {
    value: (forProcess: boolean) => {
      if (!forProcess) return { tag: 'shared', data: [addr, keys] };
      const copy = allocate(keys);
      f64.copyWithin(((copy + FIELDS_AT_BYTES) >> 3), base, base + keys.length);
      return { tag: 'shared', data: [copy, keys] };
    },
  });
  Object.defineProperty(obj, '__repr__', {
    value: () => `shared({${keys.map((k) => `'${k}': ${String(obj[k])}`).join(', ')}})`,
  });
  return Object.seal(obj) as Record<string, number>;
}

function allocate(keys: readonly string[]): number {
  const addr = allocObject(ObjType.Shared, (FIELDS_AT_BYTES >> 2) + keys.length * 2);
  ctx().i32[(addr >> 2) + COUNT] = keys.length;
  return addr;
}

const wrappers = new Map<number, Record<string, number>>();

/** The `shared` global. */
export function shared<T extends Record<string, number>>(fields: T): T {
  if (typeof fields !== 'object' || fields === null) throw new TypeError('shared() takes an object of numeric fields');
  const keys = Object.keys(fields);
  for (const k of keys) {
    if (typeof fields[k] !== 'number') throw new TypeError(`shared(): field '${k}' must be a number`);
  }
  const addr = allocate(keys);
  const w = wrap(addr, keys);
  for (const k of keys) w[k] = fields[k] as number;
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

export function resetShared(): void {
  wrappers.clear();
}
