import { describe, expect, it } from 'vitest';
import { formatPrint, pyRepr, pyStr, pyTypeName, reprNumber, reprString } from './pyrepr';

describe('reprNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [3, '3'],
    [-42, '-42'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1 / 3, '0.3333333333333333'],
    [-2.5, '-2.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e-300, '1e-300'],
    [5e-324, '5e-324'],
    [123456.789, '123456.789'],
    [1e15, '1000000000000000'],
    [9007199254740991, '9007199254740991'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e21, '1e+21'],
    [-1e22, '-1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s → %s', (v, s) => {
    expect(reprNumber(v)).toBe(s);
  });
});

describe('reprString', () => {
  it.each([
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", '"it\'s"'],
    ['say "hi"', `'say "hi"'`],
    [`both ' and "`, `'both \\' and "'`],
    ['a\nb\tc\rd', "'a\\nb\\tc\\rd'"],
    ['back\\slash', "'back\\\\slash'"],
    ['\x00\x1f\x7f', "'\\x00\\x1f\\x7f'"],
    ['\u00a0\u00ad', "'\\xa0\\xad'"],
    ['\u2028', "'\\u2028'"],
    ['\ud800', "'\\ud800'"],
    ['中文', "'中文'"],
    ['é', "'é'"],
    ['😀', "'😀'"],
    ['\u{e0001}', "'\\U000e0001'"],
  ])('%j', (v, s) => {
    expect(reprString(v)).toBe(s);
  });
});

describe('pyStr / pyRepr', () => {
  it('formats scalars like Python', () => {
    expect(pyStr('hi')).toBe('hi');
    expect(pyRepr('hi')).toBe("'hi'");
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr(null)).toBe('None');
    expect(pyStr(undefined)).toBe('None');
    expect(pyStr(12345678901234567890n)).toBe('12345678901234567890');
    expect(pyStr(-5n)).toBe('-5');
  });

  it('formats containers with repr of items', () => {
    expect(pyStr([1, 2, 3])).toBe('[1, 2, 3]');
    expect(pyStr([])).toBe('[]');
    expect(pyStr(['a', "b'c", null, true, 0.5])).toBe(`['a', "b'c", None, True, 0.5]`);
    expect(pyStr([[1], [2, [3]]])).toBe('[[1], [2, [3]]]');
    expect(pyStr({ a: 1, b: 'x' })).toBe("{'a': 1, 'b': 'x'}");
    expect(pyStr({})).toBe('{}');
    expect(pyStr(Object.assign(Object.create(null) as object, { k: [] }))).toBe("{'k': []}");
    expect(pyStr(new Map<unknown, unknown>([['a', 1], [2, 'b']]))).toBe("{'a': 1, 2: 'b'}");
    expect(pyStr(new Map())).toBe('{}');
    expect(pyStr(new Set([1, 'x']))).toBe("{1, 'x'}");
    expect(pyStr(new Set())).toBe('set()');
    // eslint-disable-next-line no-sparse-arrays
    expect(pyStr([1, , 3])).toBe('[1, None, 3]');
  });

  it('formats typed arrays like lists', () => {
    expect(pyStr(new Uint8Array([1, 2]))).toBe('[1, 2]');
    expect(pyStr(new Float64Array([0.5, 2]))).toBe('[0.5, 2]');
    expect(pyStr(new BigInt64Array([3n]))).toBe('[3]');
  });

  it('marks cycles as Python does', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(pyStr(a)).toBe('[1, [...]]');
    const d: Record<string, unknown> = { x: 1 };
    d.self = d;
    expect(pyStr(d)).toBe("{'x': 1, 'self': {...}}");
    const m = new Map<string, unknown>();
    m.set('m', m);
    expect(pyStr(m)).toBe("{'m': {...}}");
    // A value seen twice but not nested in itself is not a cycle.
    const shared = [1];
    expect(pyStr([shared, shared])).toBe('[[1], [1]]');
  });

  it('formats errors', () => {
    const e = new Error('bad thing');
    e.name = 'ValueError';
    expect(pyStr(e)).toBe('bad thing');
    expect(pyRepr(e)).toBe("ValueError('bad thing')");
    expect(pyStr([e])).toBe("[ValueError('bad thing')]");
    const empty = new Error('');
    empty.name = 'RuntimeError';
    expect(pyRepr(empty)).toBe('RuntimeError()');
    expect(pyStr(new TypeError('x is not a function'))).toBe('x is not a function');
    const k = new Error('a');
    k.name = 'KeyError';
    expect(pyStr(k)).toBe("'a'");
  });

  it('formats functions and classes', () => {
    function work(): void {}
    class Foo {}
    expect(pyStr(work)).toBe('<function work>');
    expect(pyStr(Foo)).toBe("<class 'Foo'>");
    expect(pyStr([(() => 1) as unknown])).toMatch(/^\[<function .*>\]$/);
    const anon = [() => 1][0];
    expect(pyStr(anon)).toBe('<function <lambda>>');
  });

  it('uses __repr__ / __str__ and names other instances', () => {
    class R {
      __repr__(): string {
        return '<R repr>';
      }
    }
    class S {
      __repr__(): string {
        return 'S()';
      }
      __str__(): string {
        return 'an S';
      }
    }
    class Plain {
      x = 1;
    }
    expect(pyStr(new R())).toBe('<R repr>');
    expect(pyStr(new S())).toBe('an S');
    expect(pyRepr(new S())).toBe('S()');
    expect(pyStr([new S()])).toBe('[S()]');
    expect(pyStr(new Plain())).toBe('<Plain object>');
    expect(pyStr(Promise.resolve())).toBe('<Promise object>');
  });

  it('formats dates and regexps', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(pyStr(d)).toBe('2024-01-02 03:04:05.678000');
    expect(pyRepr(d)).toBe('datetime.datetime(2024, 1, 2, 3, 4, 5, 678000)');
    expect(pyStr(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02 00:00:00');
    expect(pyStr(/a+b/)).toBe("re.compile('a+b')");
  });
});

describe('formatPrint', () => {
  it('joins with sep, strings bare', () => {
    expect(formatPrint(['Waiting: ', 2])).toBe('Waiting:  2');
    expect(formatPrint([])).toBe('');
    expect(formatPrint(['a', 'b'], '-')).toBe('a-b');
    expect(formatPrint(['list', [1, 'x'], { a: null }])).toBe("list [1, 'x'] {'a': None}");
  });

  it('is fast in a hot loop', () => {
    const n = 200_000;
    const t0 = performance.now();
    let len = 0;
    for (let i = 0; i < n; i++) len += formatPrint(['item', i, i / 2]).length;
    const ms = performance.now() - t0;
    console.log(`formatPrint: ${Math.round((n / ms) * 1000).toLocaleString('en')} calls/s`);
    expect(len).toBeGreaterThan(0);
  });
});

describe('pyTypeName', () => {
  it("names Python types as type(x).__name__ does (a bigint is an int: type(10**20).__name__ == 'int')", () => {
    class Widget {}
    expect([1, 1.5, 10n ** 20n, 'x', null, undefined, true, [], {}, Object.create(null), new Widget(), () => 1].map(pyTypeName)).toEqual([
      'int',
      'float',
      'int',
      'str',
      'NoneType',
      'NoneType',
      'bool',
      'list',
      'dict',
      'dict',
      'Widget',
      'function',
    ]);
  });
});
