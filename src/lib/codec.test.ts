import { describe, expect, it } from 'vitest';
import { type CodecHooks, decode, decodeFrom, encode, encodeInto, encodeView } from './codec';
import { PyRange, range } from './range';

function roundTrip<T>(v: T, hooks?: CodecHooks): T {
  return decode(encode(v, hooks), hooks) as T;
}

describe('codec: scalars', () => {
  it.each([
    undefined,
    null,
    true,
    false,
    0,
    1,
    -1,
    127,
    -128,
    128,
    -129,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    2 ** 53,
    0.5,
    -1e-300,
    Number.MAX_VALUE,
    Infinity,
    -Infinity,
    '',
    'abc',
    'é ÿ',
    '中文 and ascii',
    '😀',
    '\ud800 lone surrogate',
    'x'.repeat(20000),
    '中'.repeat(20000),
    0n,
    123n,
    -123n,
    2n ** 200n,
    -(2n ** 70n),
  ])('case %#: %s', (v) => {
    expect(roundTrip(v)).toBe(v);
  });

  it('keeps NaN and -0', () => {
    expect(roundTrip(NaN)).toBeNaN();
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
  });

  it('encodes small values compactly', () => {
    expect(encode(5).length).toBe(2);
    expect(encode(100000).length).toBe(5);
    expect(encode(0.5).length).toBe(9);
    expect(encode('abc').length).toBe(5);
    expect(encode('中').length).toBe(4);
    expect(encode([1, 2]).length).toBe(6);
  });
});

describe('codec: containers', () => {
  it('round-trips arrays, objects, maps, sets', () => {
    const v = {
      a: [1, 'two', [3, { four: 4 }]],
      m: new Map<unknown, unknown>([
        ['k', 1],
        [2, [3]],
        [{ obj: true }, null],
      ]),
      s: new Set([1, 'x', undefined]),
      empty: {},
      nested: { deeper: { deepest: [] } },
      u: undefined,
    };
    expect(roundTrip(v)).toEqual(v);
  });

  it('decodes holes as undefined', () => {
    // eslint-disable-next-line no-sparse-arrays
    const out = roundTrip([1, , 3]);
    expect(out).toEqual([1, undefined, 3]);
    expect(1 in out).toBe(true);
  });

  it('keeps own enumerable string keys only', () => {
    const sym = Symbol('s');
    const o: Record<string | symbol, unknown> = { a: 1, [sym]: 2 };
    Object.defineProperty(o, 'hidden', { value: 3, enumerable: false });
    expect(roundTrip(o)).toEqual({ a: 1 });
  });

  it('keeps a "__proto__" key as data', () => {
    const o = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const out = roundTrip(o);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'y']);
  });

  it('copies class instances as their fields without a hook', () => {
    class P {
      x = 1;
      y = [2];
    }
    const out = roundTrip(new P());
    expect(out).toEqual({ x: 1, y: [2] });
    expect(out).not.toBeInstanceOf(P);
  });

  it('preserves shared references and cycles', () => {
    const shared = { n: 1 };
    const a: unknown[] = [shared, shared];
    a.push(a);
    const out = roundTrip(a);
    expect(out[0]).toBe(out[1]);
    expect(out[2]).toBe(out);
    const m = new Map<string, unknown>();
    const s = new Set<unknown>();
    m.set('self', m).set('s', s);
    s.add(m).add(s);
    const mo = roundTrip(m);
    expect(mo.get('self')).toBe(mo);
    const so = mo.get('s') as Set<unknown>;
    expect(so.has(mo)).toBe(true);
    expect(so.has(so)).toBe(true);
    const o: Record<string, unknown> = {};
    o.me = o;
    const oo = roundTrip(o);
    expect(oo.me).toBe(oo);
  });

  it('preserves shared references past the linear-scan memo (many objects)', () => {
    const objs = Array.from({ length: 40 }, (_, i) => ({ i }));
    const out = roundTrip([...objs, ...objs.slice().reverse()]);
    for (let i = 0; i < 40; i++) {
      expect(out[i]).toEqual({ i });
      expect(out[79 - i]).toBe(out[i]);
    }
  });

  it('round-trips dates, regexps and ranges', () => {
    const d = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 7));
    expect(roundTrip(d).getTime()).toBe(d.getTime());
    expect(roundTrip(new Date(NaN)).getTime()).toBeNaN();
    const re = roundTrip(/a(b+)c/giu);
    expect(re.source).toBe('a(b+)c');
    expect(re.flags).toBe('giu');
    const r = roundTrip(range(1, 10, 3));
    expect(r).toBeInstanceOf(PyRange);
    expect([...r]).toEqual([1, 4, 7]);
    const two = roundTrip([d, d]);
    expect(two[0]).toBe(two[1]);
  });

  it('copies buffers and typed arrays', () => {
    const f = new Float64Array([0.5, -1, NaN]);
    const out = roundTrip(f);
    expect(out).toBeInstanceOf(Float64Array);
    expect(out).toEqual(f);
    expect(out.buffer).not.toBe(f.buffer);
    const big = roundTrip(new BigInt64Array([-5n, 2n ** 62n]));
    expect([...big]).toEqual([-5n, 2n ** 62n]);
    const ab = new Uint8Array([1, 2, 3]).buffer;
    const abo = roundTrip(ab);
    expect(abo).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(abo)]).toEqual([1, 2, 3]);
    // A view onto part of a buffer copies only its own bytes.
    const part = new Int16Array(new Int16Array([9, 8, 7, 6]).buffer, 2, 2);
    const po = roundTrip(part);
    expect([...po]).toEqual([8, 7]);
    expect(po.buffer.byteLength).toBe(4);
    const dv = roundTrip(new DataView(new Uint8Array([7, 8]).buffer));
    expect(dv).toBeInstanceOf(DataView);
    expect(dv.getUint8(1)).toBe(8);
    const sab = new SharedArrayBuffer(4);
    new Uint8Array(sab)[3] = 9;
    const so = roundTrip(sab);
    expect(so).toBeInstanceOf(SharedArrayBuffer);
    expect(so).not.toBe(sab);
    expect(new Uint8Array(so)[3]).toBe(9);
  });
});

describe('codec: errors', () => {
  class ValueError extends Error {
    constructor(message = '') {
      super(message);
      this.name = 'ValueError';
    }
  }

  it('keeps name, message, stack and own fields', () => {
    const e = new ValueError('bad') as ValueError & { remoteTraceback?: string; code?: number };
    e.remoteTraceback = 'Traceback...';
    e.code = 3;
    const out = roundTrip(e);
    expect(out).toBeInstanceOf(Error);
    expect(out.name).toBe('ValueError');
    expect(out.message).toBe('bad');
    expect(out.stack).toBe(e.stack);
    expect(out.remoteTraceback).toBe('Traceback...');
    expect(out.code).toBe(3);
  });

  it('resolves classes through errorClasses, then JS builtins, else Error', () => {
    const hooks: CodecHooks = { errorClasses: { ValueError } };
    expect(roundTrip(new ValueError('x'), hooks)).toBeInstanceOf(ValueError);
    const te = roundTrip(new TypeError('t'));
    expect(te).toBeInstanceOf(TypeError);
    expect(te.name).toBe('TypeError');
    const unknown = roundTrip(new ValueError('y'));
    expect(unknown.constructor).toBe(Error);
    expect(unknown.name).toBe('ValueError');
    expect(String(unknown)).toBe('ValueError: y');
  });

  it('keeps cause and does not treat "constructor" as a class name', () => {
    const e = new Error('outer', { cause: new RangeError('inner') });
    const out = roundTrip(e);
    expect(out.cause).toBeInstanceOf(RangeError);
    expect(Object.keys(out)).not.toContain('cause');
    const odd = new Error('m');
    odd.name = 'constructor';
    expect(roundTrip(odd, { errorClasses: {} }).name).toBe('constructor');
  });

  it('builds classes whose constructor throws without running it', () => {
    class Picky extends Error {
      constructor(m: string, must: { x: number }) {
        super(m + must.x);
        this.name = 'Picky';
      }
    }
    const out = roundTrip(new Picky('p', { x: 1 }), {
      errorClasses: { Picky: Picky as unknown as new (m?: string) => Error },
    });
    expect(out).toBeInstanceOf(Picky);
    expect(out.message).toBe('p1');
  });
});

describe('codec: hooks and refusals', () => {
  it('refuses functions and symbols with a clear TypeError', () => {
    function work(): void {}
    expect(() => encode(work)).toThrow(
      new TypeError('cannot send a function to another thread: only module-level functions can cross (got work)'),
    );
    expect(() => encode([() => 1].map((f) => f)[0])).toThrow(/\(got <lambda>\)$/);
    expect(() => encode({ f: class Foo {} })).toThrow(/\(got class Foo\)$/);
    expect(() => encode(Symbol('s'))).toThrow(/cannot send a symbol .*Symbol\(s\)/);
    expect(() => encode(Promise.resolve())).toThrow(/cannot send a Promise/);
  });

  it('lets hooks replace objects and functions, once per object', () => {
    class Lock {
      constructor(readonly addr: number) {}
    }
    function worker(): void {}
    const registry: Record<string, unknown> = { worker };
    let calls = 0;
    const hooks: CodecHooks = {
      encodeSpecial(v) {
        calls++;
        if (v instanceof Lock) return { tag: 'lock', data: v.addr };
        if (typeof v === 'function' && registry[v.name] === v) return { tag: 'fn', data: v.name };
        return undefined;
      },
      decodeSpecial(tag, data) {
        if (tag === 'lock') return new Lock(data as number);
        if (tag === 'fn') return registry[data as string];
        throw new Error(tag);
      },
    };
    const lock = new Lock(64);
    const out = roundTrip({ target: worker, args: [lock, lock, [1]] }, hooks);
    expect(out.target).toBe(worker);
    expect(out.args[0]).toBeInstanceOf(Lock);
    expect((out.args[0] as Lock).addr).toBe(64);
    expect(out.args[1]).toBe(out.args[0]);
    // outer object, worker, args array, lock (once), [1]
    expect(calls).toBe(5);
  });

  it('decodes a special without a decode hook as an error', () => {
    const bytes = encode({}, { encodeSpecial: () => ({ tag: 't', data: 1 }) });
    expect(() => decode(bytes)).toThrow(/no decodeSpecial hook for special value 't'/);
  });

  it('stays usable when a hook re-enters the codec', () => {
    const hooks: CodecHooks = {
      encodeSpecial(v) {
        if (v instanceof Map) return { tag: 'bytes', data: encode([...v.keys()]) };
        return undefined;
      },
      decodeSpecial(_tag, data) {
        return new Set(decode(data as Uint8Array) as unknown[]);
      },
    };
    const out = roundTrip([1, new Map([['a', 1]]), 'tail'], hooks);
    expect(out).toEqual([1, new Set(['a']), 'tail']);
  });

  it('recovers after an encode error', () => {
    expect(() => encode([1, { f: () => 1 }])).toThrow(TypeError);
    const o = { a: 1 };
    const out = roundTrip([o, o]);
    expect(out[0]).toBe(out[1]);
  });

  it('rejects corrupt input', () => {
    expect(() => decode(new Uint8Array([]))).toThrow(/corrupt/);
    expect(() => decode(new Uint8Array([250]))).toThrow(/unknown tag/);
    const good = encode(['hello', 1]);
    expect(() => decode(good.subarray(0, good.length - 2))).toThrow(/corrupt/);
    expect(() => decode(new Uint8Array([...good, 0]))).toThrow(/trailing/);
  });
});

describe('codec: SharedArrayBuffer regions', () => {
  it('encodes into and decodes from a SAB-backed view', () => {
    const heap = new Uint8Array(new SharedArrayBuffer(256));
    const v = { s: 'héllo 中文', n: [1, 2.5, -7], d: new Date(0) };
    const n = encodeInto(v, heap, 10);
    expect(n).toBeGreaterThan(0);
    expect(decodeFrom(heap, 10, n)).toEqual(v);
    expect(decode(heap.subarray(10, 10 + n))).toEqual(v);
  });

  it('reports the needed size when the value does not fit', () => {
    const heap = new Uint8Array(new SharedArrayBuffer(16));
    const v = 'x'.repeat(100);
    const n = encodeInto(v, heap, 4);
    expect(n).toBe(-encode(v).length);
    // The scratch encoder is intact afterwards.
    expect(roundTrip([1, 2])).toEqual([1, 2]);
  });

  it('encodeView returns a scratch view that the next encode reuses', () => {
    const a = encodeView('first');
    const copy = a.slice();
    encodeView('other');
    expect(decode(copy)).toBe('first');
    expect(a.buffer).toBe(encodeView(1).buffer);
  });

  it('grows the scratch buffer for big values', () => {
    const big = Array.from({ length: 50000 }, (_, i) => ({ i, s: `item-${i}` }));
    expect(roundTrip(big)).toEqual(big);
  });
});

describe('codec: speed', () => {
  it('pushes 200,000 small items through encode+decode (ops/s printed)', () => {
    const items: unknown[] = [];
    for (let i = 0; i < 1000; i++) items.push(i, `item-${i}`, [i, i * 0.5, 'x'], i * 1.5, { id: i, name: 'n' });
    const heap = new Uint8Array(new SharedArrayBuffer(1024));
    const run = (label: string, n: number, step: (v: unknown) => unknown): void => {
      const t0 = performance.now();
      let check = 0;
      for (let i = 0; i < n; i++) if (step(items[i % items.length]) !== undefined) check++;
      const ms = performance.now() - t0;
      console.log(`codec ${label}: ${Math.round((n / ms) * 1000).toLocaleString('en')} items/s`);
      expect(check).toBe(n);
    };
    const N = 200_000;
    run('encode+decode', N, (v) => decode(encode(v)));
    run('encodeInto+decodeFrom (SAB)', N, (v) => decodeFrom(heap, 0, encodeInto(v, heap, 0)));
    run('encodeView only', N, (v) => encodeView(v));
  });
});
