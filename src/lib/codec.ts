/**
 * The binary codec for every value that crosses threads or processes: thread start payloads,
 * queue items, future results, exceptions (ARCHITECTURE.md "Values crossing threads").
 *
 * Why not structuredClone/postMessage: values are written into the run's SharedArrayBuffer
 * (queues live there), the runtime must turn locks, queues and module-level functions into
 * handles or names on the way, and user-class instances and Python exceptions must keep their
 * class. Why not JSON: cycles, shared references, Map/Set/Date/bigint/typed arrays, and speed.
 *
 * Format (one byte tag, then the payload; integers as unsigned LEB128 "varints"):
 *   UNDEF NULL FALSE TRUE                     no payload
 *   INT8 i8 | INT32 i32 LE | F64 8 bytes     numbers (native byte order: both ends are one machine)
 *   BIGINT sign(u8) varint(n) n hex digits    magnitude in hex, latin-1
 *   STR8 varint(n) n bytes                   every UTF-16 unit < 256 (the common case)
 *   STR16 varint(n) 2n bytes LE              UTF-16 code units (TextEncoder refuses SAB views)
 *   ARRAY varint(n) n values                 holes decode as undefined
 *   OBJECT varint(n) n × (string key, value)
 *   MAP varint(n) n × (key, value) | SET varint(n) n values
 *   DATE f64 | REGEXP string string          source, flags
 *   BUFFER varint(n) bytes | SAB varint(n) bytes | TYPED kind(u8) varint(n) bytes
 *   ERROR string(name) string(message) value(stack) varint(n) n × (string key, value)
 *   RANGE value value value                  lib/range's PyRange
 *   SPECIAL string(tag) value(data)          hooks.encodeSpecial's result
 *   REF varint(id)                           an object seen before in this value
 * Every object (including specials) gets the next id when first met, before its children, so
 * shared references and cycles decode to one object. Strings inside OBJECT/ERROR keys and
 * REGEXP/SPECIAL tags are full STR8/STR16 values.
 */

import { PyRange } from './range';

/** How the runtime takes over objects the codec cannot copy by itself. */
export interface CodecHooks {
  /**
   * Called for every object and function (once per object: later references are back-references)
   * before the built-in cases. Return `{tag, data}` to send `data` (encoded by the codec) instead.
   */
  encodeSpecial?(v: object): { tag: string; data: unknown } | undefined;
  /** Rebuilds what `encodeSpecial` sent. */
  decodeSpecial?(tag: string, data: unknown): unknown;
  /** Error classes by `name` for decoding errors (e.g. the runtime's Python exceptions). */
  errorClasses?: Readonly<Record<string, new (message?: string) => Error>>;
}

const T_UNDEF = 0;
const T_NULL = 1;
const T_FALSE = 2;
const T_TRUE = 3;
const T_INT8 = 4;
const T_INT32 = 5;
const T_F64 = 6;
const T_BIGINT = 7;
const T_STR8 = 8;
const T_STR16 = 9;
const T_ARRAY = 10;
const T_OBJECT = 11;
const T_MAP = 12;
const T_SET = 13;
const T_DATE = 14;
const T_REGEXP = 15;
const T_BUFFER = 16;
const T_SAB = 17;
const T_TYPED = 18;
const T_ERROR = 19;
const T_RANGE = 20;
const T_SPECIAL = 21;
const T_REF = 22;

type ViewCtor = new (buffer: ArrayBuffer) => ArrayBufferView;

function optionalCtor(name: string): ViewCtor[] {
  const C = (globalThis as unknown as Record<string, unknown>)[name];
  return typeof C === 'function' ? [C as ViewCtor] : [];
}
/** Index = the TYPED kind byte. Order is part of the format. */
const VIEW_CTORS: readonly ViewCtor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
  // Newer engines (Chromium 135+) have Float16Array; both ends run the same engine.
  ...optionalCtor('Float16Array'),
];

const NATIVE_ERRORS: Readonly<Record<string, new (message?: string) => Error>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Error properties the ERROR header already carries. */
const ERROR_HEADER_KEYS = new Set(['name', 'message', 'stack']);

/** Scratch for f64 <-> bytes without a DataView per call (works on SAB views too). */
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Thrown inside `encodeInto` when a fixed-size target is full; never escapes this module. */
const OVERFLOW = Symbol('codec overflow');

const INITIAL_SCRATCH = 4096;
/** Objects per value tracked by linear scan before switching to a Map (see Encoder.remember). */
const MEMO_SCAN_LIMIT = 16;
/** A scratch buffer that grew past this is dropped after use rather than kept forever. */
const MAX_KEPT_SCRATCH = 1 << 20;

function describeFunction(fn: { name: string }): string {
  const name = fn.name || '<lambda>';
  return Function.prototype.toString.call(fn).startsWith('class') ? `class ${name}` : name;
}

class Encoder {
  buf: Uint8Array;
  pos = 0;
  growable = true;
  hooks: CodecHooks | undefined = undefined;
  /**
   * Objects met so far; an object's id is its index. Most values hold a handful of objects, for
   * which a linear scan beats a Map (no hashing, and clearing is `length = 0`); past
   * `MEMO_SCAN_LIMIT` objects the index moves to `memoMap`.
   */
  readonly memoList: object[] = [];
  readonly memoMap = new Map<object, number>();

  /** The id of an object met before, or -1 after recording `o` as the next id. */
  remember(o: object): number {
    const list = this.memoList;
    const n = list.length;
    if (n < MEMO_SCAN_LIMIT) {
      for (let i = 0; i < n; i++) if (list[i] === o) return i;
      list.push(o);
      if (n + 1 === MEMO_SCAN_LIMIT) for (let i = 0; i <= n; i++) this.memoMap.set(list[i] as object, i);
      return -1;
    }
    const id = this.memoMap.get(o);
    if (id !== undefined) return id;
    this.memoMap.set(o, n);
    list.push(o);
    return -1;
  }

  resetMemo(): void {
    if (this.memoList.length >= MEMO_SCAN_LIMIT) this.memoMap.clear();
    this.memoList.length = 0;
  }
  busy = false;

  constructor(size = INITIAL_SCRATCH) {
    this.buf = new Uint8Array(size);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    if (!this.growable) throw OVERFLOW;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Callers have ensured 5 bytes (lengths are < 2^32). */
  varint(v: number): void {
    const buf = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      buf[p++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[p++] = v;
    this.pos = p;
  }

  count(n: number): void {
    this.ensure(5);
    this.varint(n);
  }

  tagged(tag: number, n: number): void {
    this.ensure(6);
    this.buf[this.pos++] = tag;
    this.varint(n);
  }

  string(s: string): void {
    const n = s.length;
    this.ensure(6 + n);
    const start = this.pos;
    this.buf[this.pos++] = T_STR8;
    this.varint(n);
    const buf = this.buf;
    const p = this.pos;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) break;
      buf[p + i] = c;
    }
    if (i === n) {
      this.pos = p + n;
      return;
    }
    // A unit above latin-1: rewrite the whole string as UTF-16 (same length varint).
    this.ensure(n * 2);
    const b = this.buf;
    b[start] = T_STR16;
    let q = p;
    for (let j = 0; j < n; j++) {
      const c = s.charCodeAt(j);
      b[q++] = c & 0xff;
      b[q++] = c >>> 8;
    }
    this.pos = q;
  }

  number(v: number): void {
    this.ensure(9);
    const buf = this.buf;
    if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
      if (v >= -128 && v < 128) {
        buf[this.pos++] = T_INT8;
        buf[this.pos++] = v & 0xff;
      } else {
        let p = this.pos;
        buf[p++] = T_INT32;
        buf[p++] = v & 0xff;
        buf[p++] = (v >> 8) & 0xff;
        buf[p++] = (v >> 16) & 0xff;
        buf[p++] = (v >> 24) & 0xff;
        this.pos = p;
      }
      return;
    }
    buf[this.pos++] = T_F64;
    this.f64(v);
  }

  /** Raw 8 bytes; caller ensured room. */
  f64(v: number): void {
    f64[0] = v;
    this.buf.set(f64Bytes, this.pos);
    this.pos += 8;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.number(v);
        return;
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.ensure(1);
        this.buf[this.pos++] = v ? T_TRUE : T_FALSE;
        return;
      case 'undefined':
        this.ensure(1);
        this.buf[this.pos++] = T_UNDEF;
        return;
      case 'bigint': {
        const neg = v < 0n;
        const hex = (neg ? -v : v).toString(16);
        this.ensure(7 + hex.length);
        this.buf[this.pos++] = T_BIGINT;
        this.buf[this.pos++] = neg ? 1 : 0;
        this.varint(hex.length);
        for (let i = 0; i < hex.length; i++) this.buf[this.pos++] = hex.charCodeAt(i);
        return;
      }
      case 'symbol':
        throw new TypeError(`cannot send a symbol to another thread (got ${v.toString()})`);
      case 'object':
        if (v === null) {
          this.ensure(1);
          this.buf[this.pos++] = T_NULL;
          return;
        }
        this.object(v);
        return;
      case 'function':
        this.object(v);
        return;
    }
  }

  object(o: object): void {
    // Recorded before the hook and before children, in the order decode will assign ids.
    const seen = this.remember(o);
    if (seen >= 0) {
      this.tagged(T_REF, seen);
      return;
    }
    const hooks = this.hooks;
    if (hooks?.encodeSpecial) {
      const special = hooks.encodeSpecial(o);
      if (special !== undefined) {
        this.ensure(1);
        this.buf[this.pos++] = T_SPECIAL;
        this.string(special.tag);
        this.value(special.data);
        return;
      }
    }
    if (typeof o === 'function') {
      throw new TypeError(
        `cannot send a function to another thread: only module-level functions can cross (got ${describeFunction(o)})`,
      );
    }
    if (Array.isArray(o)) {
      const n = o.length;
      this.tagged(T_ARRAY, n);
      for (let i = 0; i < n; i++) this.value(o[i]);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) {
      this.plain(o);
      return;
    }
    if (o instanceof Map) {
      this.tagged(T_MAP, o.size);
      for (const [k, v] of o) {
        this.value(k);
        this.value(v);
      }
      return;
    }
    if (o instanceof Set) {
      this.tagged(T_SET, o.size);
      for (const v of o) this.value(v);
      return;
    }
    if (o instanceof Error) {
      this.error(o);
      return;
    }
    if (o instanceof Date) {
      this.ensure(9);
      this.buf[this.pos++] = T_DATE;
      this.f64(o.getTime());
      return;
    }
    if (o instanceof RegExp) {
      this.ensure(1);
      this.buf[this.pos++] = T_REGEXP;
      this.string(o.source);
      this.string(o.flags);
      return;
    }
    if (ArrayBuffer.isView(o)) {
      const kind = VIEW_CTORS.findIndex((C) => o instanceof C);
      if (kind < 0) throw new TypeError(`cannot send a ${o.constructor.name} to another thread`);
      this.ensure(2);
      this.buf[this.pos++] = T_TYPED;
      this.buf[this.pos++] = kind;
      this.count(o.byteLength);
      this.bytes(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
      return;
    }
    if (o instanceof ArrayBuffer) {
      this.tagged(T_BUFFER, o.byteLength);
      this.bytes(new Uint8Array(o));
      return;
    }
    if (typeof SharedArrayBuffer !== 'undefined' && o instanceof SharedArrayBuffer) {
      this.tagged(T_SAB, o.byteLength);
      this.bytes(new Uint8Array(o));
      return;
    }
    if (o instanceof PyRange) {
      this.ensure(1);
      this.buf[this.pos++] = T_RANGE;
      this.number(o.start);
      this.number(o.stop);
      this.number(o.step);
      return;
    }
    if (o instanceof Promise || o instanceof WeakMap || o instanceof WeakSet || o instanceof WeakRef) {
      throw new TypeError(`cannot send a ${o.constructor.name} to another thread`);
    }
    // Other class instances travel as their own enumerable fields, as structuredClone does; the
    // runtime's hook keeps the class of instances of module-level classes.
    this.plain(o);
  }

  plain(o: object): void {
    const keys = Object.keys(o);
    this.tagged(T_OBJECT, keys.length);
    const rec = o as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      this.string(k);
      this.value(rec[k]);
    }
  }

  error(e: Error): void {
    this.ensure(1);
    this.buf[this.pos++] = T_ERROR;
    this.string(String(e.name));
    this.string(String(e.message));
    const stack: unknown = e.stack;
    this.value(typeof stack === 'string' ? stack : undefined);
    // Own names, not just enumerable keys: `cause` and AggregateError's `errors` are hidden.
    const keys = Object.getOwnPropertyNames(e).filter((k) => !ERROR_HEADER_KEYS.has(k));
    this.count(keys.length);
    const rec = e as unknown as Record<string, unknown>;
    for (const k of keys) {
      this.string(k);
      this.value(rec[k]);
    }
  }
}

/** Reusable scratch for STR16 decoding (fromCharCode.apply takes a typed array). */
let units = new Uint16Array(256);
/** fromCharCode.apply's argument count stays well under engines' limits. */
const CHUNK = 8192;

function corrupt(what: string): Error {
  return new Error(`codec: corrupt input (${what})`);
}

class Decoder {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  hooks: CodecHooks | undefined = undefined;
  memo: unknown[] = [];
  busy = false;

  varint(): number {
    const b = this.bytes;
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw corrupt('truncated length');
      const x = b[this.pos++] as number;
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 128;
    }
  }

  take(n: number): number {
    const p = this.pos;
    if (p + n > this.end) throw corrupt('truncated data');
    this.pos = p + n;
    return p;
  }

  f64(): number {
    const p = this.take(8);
    const b = this.bytes;
    for (let i = 0; i < 8; i++) f64Bytes[i] = b[p + i] as number;
    return f64[0] as number;
  }

  str8(n: number): string {
    const p = this.take(n);
    const b = this.bytes;
    // Short strings (keys, small items): per-char building beats allocating a subarray.
    if (n <= 16) {
      let s = '';
      for (let i = p; i < p + n; i++) s += String.fromCharCode(b[i] as number);
      return s;
    }
    if (n <= CHUNK) return String.fromCharCode.apply(null, b.subarray(p, p + n) as unknown as number[]);
    let s = '';
    for (let i = 0; i < n; i += CHUNK) {
      s += String.fromCharCode.apply(null, b.subarray(p + i, p + Math.min(n, i + CHUNK)) as unknown as number[]);
    }
    return s;
  }

  str16(n: number): string {
    const p = this.take(n * 2);
    const b = this.bytes;
    if (units.length < Math.min(n, CHUNK)) units = new Uint16Array(Math.min(n, CHUNK) * 2);
    let s = '';
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      for (let j = 0, q = p + i * 2; j < m; j++, q += 2) units[j] = (b[q] as number) | ((b[q + 1] as number) << 8);
      s += String.fromCharCode.apply(null, units.subarray(0, m) as unknown as number[]);
    }
    return s;
  }

  string(): string {
    const t = this.bytes[this.pos++];
    if (t === T_STR8) return this.str8(this.varint());
    if (t === T_STR16) return this.str16(this.varint());
    throw corrupt(`expected a string, got tag ${String(t)}`);
  }

  /** A copy of the next `n` bytes in a fresh buffer (input may be a SAB view). */
  copy(n: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
    const p = this.take(n);
    const buf = shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n);
    new Uint8Array(buf).set(this.bytes.subarray(p, p + n));
    return buf;
  }

  value(): unknown {
    if (this.pos >= this.end) throw corrupt('truncated value');
    const b = this.bytes;
    const t = b[this.pos++];
    switch (t) {
      case T_UNDEF:
        return undefined;
      case T_NULL:
        return null;
      case T_FALSE:
        return false;
      case T_TRUE:
        return true;
      case T_INT8: {
        const p = this.take(1);
        return ((b[p] as number) << 24) >> 24;
      }
      case T_INT32: {
        const p = this.take(4);
        return (b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24);
      }
      case T_F64:
        return this.f64();
      case T_STR8:
        return this.str8(this.varint());
      case T_STR16:
        return this.str16(this.varint());
      case T_BIGINT: {
        const neg = b[this.take(1)] === 1;
        const mag = BigInt('0x' + this.str8(this.varint()));
        return neg ? -mag : mag;
      }
      case T_ARRAY: {
        const n = this.varint();
        if (n > this.end - this.pos) throw corrupt('array length');
        const arr = new Array<unknown>(n);
        this.memo.push(arr);
        for (let i = 0; i < n; i++) arr[i] = this.value();
        return arr;
      }
      case T_OBJECT: {
        const o: Record<string, unknown> = {};
        this.memo.push(o);
        this.fields(o, this.varint());
        return o;
      }
      case T_MAP: {
        const m = new Map<unknown, unknown>();
        this.memo.push(m);
        const n = this.varint();
        for (let i = 0; i < n; i++) {
          const k = this.value();
          m.set(k, this.value());
        }
        return m;
      }
      case T_SET: {
        const s = new Set<unknown>();
        this.memo.push(s);
        const n = this.varint();
        for (let i = 0; i < n; i++) s.add(this.value());
        return s;
      }
      case T_DATE: {
        const d = new Date(this.f64());
        this.memo.push(d);
        return d;
      }
      case T_REGEXP: {
        const id = this.memo.push(undefined) - 1;
        const source = this.string();
        const re = new RegExp(source, this.string());
        this.memo[id] = re;
        return re;
      }
      case T_BUFFER:
      case T_SAB: {
        const buf = this.copy(this.varint(), t === T_SAB);
        this.memo.push(buf);
        return buf;
      }
      case T_TYPED: {
        const Ctor = VIEW_CTORS[b[this.take(1)] as number];
        if (!Ctor) throw corrupt('typed array kind');
        const view = new Ctor(this.copy(this.varint(), false) as ArrayBuffer);
        this.memo.push(view);
        return view;
      }
      case T_ERROR:
        return this.error();
      case T_RANGE: {
        const id = this.memo.push(undefined) - 1;
        const start = this.value() as number;
        const stop = this.value() as number;
        const r = new PyRange(start, stop, this.value() as number);
        this.memo[id] = r;
        return r;
      }
      case T_SPECIAL: {
        // The slot is reserved before the data so ids stay in encode order; a reference from
        // the data back to the special itself decodes as undefined (it does not exist yet).
        const id = this.memo.push(undefined) - 1;
        const tag = this.string();
        const data = this.value();
        const decodeSpecial = this.hooks?.decodeSpecial;
        if (!decodeSpecial) throw new TypeError(`codec: no decodeSpecial hook for special value '${tag}'`);
        const v = decodeSpecial.call(this.hooks, tag, data);
        this.memo[id] = v;
        return v;
      }
      case T_REF: {
        const id = this.varint();
        if (id >= this.memo.length) throw corrupt('bad reference');
        return this.memo[id];
      }
      default:
        throw corrupt(`unknown tag ${String(t)}`);
    }
  }

  fields(o: Record<string, unknown>, n: number): void {
    for (let i = 0; i < n; i++) {
      const k = this.string();
      const v = this.value();
      // Plain assignment of "__proto__" would replace the prototype instead of adding a key.
      if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
      else o[k] = v;
    }
  }

  error(): Error {
    const id = this.memo.push(undefined) - 1;
    const name = this.string();
    const message = this.string();
    const stack = this.value();
    const classes = this.hooks?.errorClasses;
    const Cls =
      (classes && Object.hasOwn(classes, name) ? classes[name] : undefined) ??
      (Object.hasOwn(NATIVE_ERRORS, name) ? NATIVE_ERRORS[name] : undefined) ??
      Error;
    let e: Error;
    try {
      e = new Cls(message);
    } catch {
      // A class whose constructor wants other arguments: build it without running it.
      e = Object.create(Cls.prototype) as Error;
      Object.defineProperty(e, 'message', { value: message, writable: true, configurable: true });
    }
    // defineProperty, not assignment: a class may define `name` as a getter-only accessor.
    if (e.name !== name) Object.defineProperty(e, 'name', { value: name, writable: true, configurable: true });
    if (typeof stack === 'string') Object.defineProperty(e, 'stack', { value: stack, writable: true, configurable: true });
    this.memo[id] = e;
    const n = this.varint();
    const rec = e as unknown as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const k = this.string();
      const v = this.value();
      if (k === 'cause' || k === 'errors' || k === '__proto__') {
        Object.defineProperty(e, k, { value: v, writable: true, configurable: true, enumerable: k === '__proto__' });
      } else rec[k] = v;
    }
    return e;
  }
}

/** Dropped into the shared decoder after use so it does not keep a big input alive. */
const EMPTY = new Uint8Array(0);

const sharedEncoder = new Encoder();
const sharedDecoder = new Decoder();

/** Runs `fn` on the shared encoder, or on a fresh one if a hook re-enters the codec. */
function withEncoder<T>(target: Uint8Array | undefined, offset: number, hooks: CodecHooks | undefined, fn: (e: Encoder) => T): T {
  const enc = sharedEncoder.busy ? new Encoder(target ? 0 : INITIAL_SCRATCH) : sharedEncoder;
  const scratch = enc.buf;
  enc.busy = true;
  enc.hooks = hooks;
  if (target) {
    enc.buf = target;
    enc.growable = false;
  }
  enc.pos = offset;
  try {
    return fn(enc);
  } finally {
    enc.busy = false;
    enc.hooks = undefined;
    enc.resetMemo();
    if (target) {
      enc.buf = scratch;
      enc.growable = true;
    } else if (enc.buf.length > MAX_KEPT_SCRATCH) {
      enc.buf = new Uint8Array(INITIAL_SCRATCH);
    }
  }
}

/** Encodes `value` into a new, exactly sized Uint8Array that the caller owns. */
export function encode(value: unknown, hooks?: CodecHooks): Uint8Array {
  return withEncoder(undefined, 0, hooks, (e) => {
    e.value(value);
    return e.buf.slice(0, e.pos);
  });
}

/**
 * Encodes `value` into the codec's reusable scratch buffer and returns a view of it: no
 * allocation in the common case. The view is valid only until the next encode call; copy it
 * (e.g. `heap.set(view, addr)`) before encoding anything else.
 */
export function encodeView(value: unknown, hooks?: CodecHooks): Uint8Array {
  return withEncoder(undefined, 0, hooks, (e) => {
    e.value(value);
    return e.buf.subarray(0, e.pos);
  });
}

/**
 * Encodes `value` straight into `target` (e.g. a SharedArrayBuffer-backed view) at `offset`.
 * Returns the number of bytes written, or, when the value does not fit, minus the number of
 * bytes it needs (bytes past `offset` may then have been overwritten; hooks ran twice).
 */
export function encodeInto(value: unknown, target: Uint8Array, offset = 0, hooks?: CodecHooks): number {
  try {
    return withEncoder(target, offset, hooks, (e) => {
      e.value(value);
      return e.pos - offset;
    });
  } catch (err) {
    if (err !== OVERFLOW) throw err;
    return -encodeView(value, hooks).length;
  }
}

/** Decodes one value from all of `bytes` (any Uint8Array, including SAB-backed views). */
export function decode(bytes: Uint8Array, hooks?: CodecHooks): unknown {
  return decodeFrom(bytes, 0, bytes.length, hooks);
}

/**
 * Decodes one value from `bytes[offset, offset + length)` without copying or making a subarray:
 * the reader for values that sit in the shared heap.
 */
export function decodeFrom(bytes: Uint8Array, offset: number, length: number, hooks?: CodecHooks): unknown {
  const dec = sharedDecoder.busy ? new Decoder() : sharedDecoder;
  dec.busy = true;
  dec.bytes = bytes;
  dec.pos = offset;
  dec.end = Math.min(bytes.length, offset + length);
  dec.hooks = hooks;
  try {
    const v = dec.value();
    if (dec.pos !== dec.end) throw corrupt('trailing bytes');
    return v;
  } finally {
    dec.busy = false;
    dec.hooks = undefined;
    dec.bytes = sharedDecoder === dec ? EMPTY : dec.bytes;
    dec.memo.length = 0;
  }
}

