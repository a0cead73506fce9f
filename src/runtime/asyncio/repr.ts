/**
 * Just enough of Python's `repr()` for asyncio's own reprs and error messages
 * (`<Task finished name='Task-1' coro=<work() done> result='Done after 1s'>`,
 * "object int can't be used in 'await' expression"). The program's `print` uses the full pyrepr of
 * `src/lib`; this stays local so the runtime does not depend on its formatting details.
 */

interface Reprable {
  __repr__(): string;
}

function hasRepr(x: object): x is Reprable {
  return typeof (x as { __repr__?: unknown }).__repr__ === 'function';
}

export function pyStr(s: string): string {
  // Python prefers single quotes unless the text contains one and no double quote.
  if (s.includes("'") && !s.includes('"')) return `"${s.replace(/\\/g, '\\\\')}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

export function repr(x: unknown, depth = 0): string {
  if (x === null || x === undefined) return 'None';
  if (x === true) return 'True';
  if (x === false) return 'False';
  if (typeof x === 'number') return num(x);
  if (typeof x === 'bigint') return String(x);
  if (typeof x === 'string') return pyStr(x);
  if (typeof x === 'symbol') return String(x);
  if (typeof x === 'function') return `<function ${x.name || '<lambda>'}>`;
  if (depth > 4) return '...';
  if (hasRepr(x)) return x.__repr__();
  if (Array.isArray(x)) return `[${x.map((v) => repr(v, depth + 1)).join(', ')}]`;
  if (x instanceof Error) return `${x.name}(${x.message === '' ? '' : pyStr(x.message)})`;
  if (x instanceof Set) {
    return x.size === 0 ? 'set()' : `{${[...x].map((v) => repr(v, depth + 1)).join(', ')}}`;
  }
  if (x instanceof Map) {
    return `{${[...x].map(([k, v]) => `${repr(k, depth + 1)}: ${repr(v, depth + 1)}`).join(', ')}}`;
  }
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) {
    return `{${Object.entries(x)
      .map(([k, v]) => `${pyStr(k)}: ${repr(v, depth + 1)}`)
      .join(', ')}}`;
  }
  return `<${typeName(x)} object>`;
}

/** Python's `type(x).__name__` for the values a port can hold. */
export function typeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'string') return 'str';
  if (typeof x === 'function') return 'function';
  if (Array.isArray(x)) return 'list';
  if (typeof x === 'object') {
    const ctor = (x as { constructor?: { name?: unknown } }).constructor;
    if (ctor && typeof ctor.name === 'string' && ctor.name !== 'Object') return ctor.name;
    return 'dict';
  }
  return typeof x;
}

/** `<callback name>` as CPython's handle reprs show it (`hello()` for `hello`). */
export function callableName(fn: unknown): string {
  if (typeof fn === 'function') return fn.name === '' ? '<lambda>' : fn.name.replace(/^bound /, '');
  return repr(fn);
}

/** A stable fake address per object, for `<coroutine object f at 0x7f…>`. */
let nextAddr = 0x7f0a1c2b3000;
const addrs = new WeakMap<object, number>();
export function addressOf(o: object): string {
  let a = addrs.get(o);
  if (a === undefined) {
    a = nextAddr;
    nextAddr += 0x30;
    addrs.set(o, a);
  }
  return `0x${a.toString(16)}`;
}
