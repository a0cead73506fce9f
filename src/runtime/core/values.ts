/**
 * How program values cross to another thread or process (ARCHITECTURE.md "Values crossing
 * threads"): lib/codec.ts does the bytes; these hooks decide what is a handle (runtime objects),
 * a name (module-level functions and classes, builtins), a copy (everything plain), or refused
 * (closures: docs/program-model.md "Functions that cross to another thread or process must be
 * module-level").
 */
import { decodeFrom, encode, encodeView, type CodecHooks } from '../../lib/codec';
import { alloc, blockBytes, free } from '../../protocol/heap';
import { exceptionClasses } from '../errors';
import { ctx } from './context';
import { fromAddr, isShared, type SharedObject } from './objects';
import { perThread } from './perthread';

type Scope = Record<string, unknown>;

let scopeGetter: (() => Scope) | null = null;

/** The program's module scope in this worker (set by the compiled prelude through `__rt.scope`). */
export function setScope(getter: () => Scope): void {
  scopeGetter = getter;
}

export function moduleScope(): Scope {
  return scopeGetter ? scopeGetter() : {};
}

/** Runtime values that cross by name: `print`, `time.sleep`, `threading.Timer`, … */
const builtinByName = new Map<string, unknown>();
const builtinNames = new Map<unknown, string>();

export function registerBuiltin(name: string, value: unknown): void {
  builtinByName.set(name, value);
  if (!builtinNames.has(value)) builtinNames.set(value, name);
}

/** Methods of runtime objects that may cross (e.g. `loop.stop`): the function → [object, name]. */
const boundMethods = new WeakMap<object, [SharedObject, string]>();

/** Returns `obj[name]` bound to `obj`, once per pair, registered so it can cross threads. */
export function boundMethod<F extends (...args: never[]) => unknown>(obj: SharedObject, name: string, f: F): F {
  const bound = f.bind(obj) as F;
  boundMethods.set(bound, [obj, name]);
  return bound;
}

/**
 * Gives `obj` own bound versions of the listed methods, registered so they can cross threads:
 * Python's `Thread(target=ev.set)` passes a bound method, which carries its object. (Not used on
 * Lock: its acquire/release are the hottest calls of the runtime and stay plain prototype calls.)
 */
export function crossableMethods(obj: SharedObject, names: readonly string[]): void {
  const o = obj as unknown as Record<string, unknown>;
  for (const n of names) {
    const f = o[n];
    if (typeof f === 'function') {
      Object.defineProperty(o, n, {
        value: boundMethod(obj, n, f as (...args: never[]) => unknown),
        writable: true,
        configurable: true,
      });
    }
  }
}

/** Implemented by values with their own crossing rule (coroutines, thread-locals, shared records). */
export interface Crossing {
  __cross__(forProcess: boolean): { tag: string; data: unknown };
}

const decoders = new Map<string, (data: unknown) => unknown>();

export function registerDecoder(tag: string, f: (data: unknown) => unknown): void {
  decoders.set(tag, f);
}

/** A value that could not be copied into a thread's module snapshot; using it explains why. */
export class Unsendable {
  constructor(readonly reason: string) {}
  __cross__(): { tag: string; data: unknown } {
    return { tag: 'unsendable', data: this.reason };
  }
}

let forProcess = false;

function reverseScope(): Map<unknown, string> {
  const m = new Map<unknown, string>();
  const s = moduleScope();
  for (const k of Object.keys(s)) {
    const v = s[k];
    if ((typeof v === 'function' || typeof v === 'object') && v !== null && !m.has(v)) m.set(v, k);
  }
  return m;
}

let names: Map<unknown, string> | null = null;
perThread(() => {
  names = null;
  scopeGetter = null;
});

function nameOf(v: unknown): string | undefined {
  names ??= reverseScope();
  return names.get(v);
}

export function closureMessage(f: { name?: string }): string {
  const n = f.name && !f.name.startsWith('bound ') ? f.name : '<lambda>';
  return (
    `${n} is not a module-level function: only module-level functions and classes (or methods ` +
    `of runtime objects such as loop.stop) can cross to another thread or process; closures cannot`
  );
}

const plainProtos = new Set<unknown>([Object.prototype, Array.prototype, null]);

const hooks: CodecHooks = {
  errorClasses: exceptionClasses as unknown as Record<string, new (message?: string) => Error>,
  encodeSpecial(v) {
    if (isShared(v)) {
      const c = v as SharedObject & Partial<Crossing>;
      return c.__cross__ ? c.__cross__(forProcess) : { tag: 'rt', data: v.addr };
    }
    const crossing = v as Partial<Crossing>;
    if (typeof crossing.__cross__ === 'function') return crossing.__cross__(forProcess);
    if (typeof v === 'function') {
      const n = nameOf(v);
      if (n !== undefined) return { tag: 'fn', data: n };
      const b = builtinNames.get(v);
      if (b !== undefined) return { tag: 'builtin', data: b };
      const m = boundMethods.get(v);
      if (m) return { tag: 'method', data: [m[0], m[1]] };
      throw new TypeError(closureMessage(v));
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (plainProtos.has(proto) || v instanceof Error || ArrayBuffer.isView(v)) return undefined;
    if (v instanceof Map || v instanceof Set || v instanceof Date || v instanceof RegExp) return undefined;
    const ctor = (proto as { constructor?: unknown }).constructor;
    const cls = nameOf(ctor);
    if (cls !== undefined) return { tag: 'inst', data: [cls, { ...(v as object) }] };
    const b = builtinNames.get(ctor);
    if (b !== undefined) return { tag: 'binst', data: [b, { ...(v as object) }] };
    return undefined;
  },
  decodeSpecial(tag, data) {
    switch (tag) {
      case 'rt':
        return fromAddr(data as number);
      case 'fn': {
        const f = moduleScope()[data as string];
        if (f === undefined) throw new TypeError(`${String(data)} is not defined in this thread`);
        return f;
      }
      case 'builtin':
        return builtinByName.get(data as string);
      case 'method': {
        const [obj, name] = data as [Record<string, unknown>, string];
        const f = obj[name];
        return typeof f === 'function' ? f : undefined;
      }
      case 'inst':
      case 'binst': {
        const [cls, fields] = data as [string, object];
        const ctor = (tag === 'inst' ? moduleScope()[cls] : builtinByName.get(cls)) as { prototype: object } | undefined;
        return Object.assign(Object.create(ctor?.prototype ?? Object.prototype) as object, fields);
      }
      case 'unsendable': {
        const reason = data as string;
        return new Proxy(function unsendable() {}, {
          apply() {
            throw new TypeError(reason);
          },
          get(_t, p) {
            if (p === Symbol.toPrimitive || p === 'toString') return () => `<unsendable: ${reason}>`;
            throw new TypeError(reason);
          },
        });
      }
      default: {
        const f = decoders.get(tag);
        if (!f) throw new Error(`cannot decode a value tagged ${tag}`);
        return f(data);
      }
    }
  },
};

function withMode<T>(process: boolean, f: () => T): T {
  const prev = forProcess;
  forProcess = process;
  names = null;
  try {
    return f();
  } finally {
    forProcess = prev;
    names = null;
  }
}

/** Encodes a value for another thread (or, with `process`, for a forked process). */
export function encodeValue(v: unknown, process = false): Uint8Array {
  return withMode(process, () => encode(v, hooks));
}

export function decodeValue(bytes: Uint8Array): unknown {
  return decodeFrom(bytes, 0, bytes.length, hooks);
}

/**
 * The module scope for a new thread, each binding encoded on its own (the thread decodes them
 * lazily, in source order): every binding that can be copied, and an `Unsendable` in place of
 * each one that cannot (a closure in a module variable must not stop an unrelated thread from
 * starting; it fails only where it is used). Each binding is encoded once: a module-level list
 * of started threads makes this a cost of every start().
 */
export function encodeScope(process: boolean): Record<string, Uint8Array> {
  return withMode(process, () => {
    const s = moduleScope();
    const out: Record<string, Uint8Array> = {};
    for (const k of Object.keys(s)) {
      try {
        out[k] = encode(s[k], hooks);
      } catch (e) {
        const why = `${k} cannot be used in this thread: ${e instanceof Error ? e.message : String(e)}`;
        out[k] = encode(new Unsendable(why), hooks);
      }
    }
    return out;
  });
}

/** Copies a value into the shared heap; returns its block address. */
export function storeValue(v: unknown, process = false): number {
  return withMode(process, () => {
    const bytes = encodeView(v, hooks);
    const c = ctx();
    const addr = alloc(c.i32, bytes.length || 1);
    new Uint8Array(c.sab).set(bytes, addr);
    return addr;
  });
}

/** Reads a value stored by `storeValue` (the block stays allocated). */
export function loadValue(addr: number): unknown {
  const c = ctx();
  return decodeFrom(new Uint8Array(c.sab), addr, blockBytes(c.i32, addr), hooks);
}

export function freeValue(addr: number): void {
  free(ctx().i32, addr);
}

