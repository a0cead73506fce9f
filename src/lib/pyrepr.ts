/**
 * Python-style text for JS values: what `print(x)` (`pyStr`), `repr(x)` (`pyRepr`) and
 * `type(x).__name__` (`pyTypeName`) show for the Python value a port's JS value stands for
 * (docs/program-model.md). The one implementation: the runtime's messages and reprs (asyncio's
 * included) use it too. `print` runs in hot loops, so the
 * common cases (a string, a small integer) return before any allocation.
 */

/**
 * Anything outside printable ASCII, plus `'` and `\`: a string without them is its own repr body.
 * (`"` alone needs no escaping inside single quotes.)
 */
const NEEDS_ESCAPE = /[^ -&(-[\]-~]/;

/**
 * Characters Python's `str.isprintable()` rejects (categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs
 * except the ASCII space); repr escapes them.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Python's `repr(str)`: quote choice and escapes as CPython's `unicode_repr`. */
export function reprString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `'${s}'`;
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  // Iterate by code point so astral characters stay whole and lone surrogates are caught.
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c < 0x7f || (c !== 0x20 && NON_PRINTABLE.test(ch))) {
      out += c < 0x100 ? '\\x' + hex(c, 2) : c < 0x10000 ? '\\u' + hex(c, 4) : '\\U' + hex(c, 8);
    } else out += ch;
  }
  return out + quote;
}

/**
 * Python's `repr(float)` for a non-integral (or huge) number. JS and Python both print the
 * shortest round-tripping digits; they differ only in when they switch to exponent form
 * (Python: decimal exponent < -4 or >= 16) and in the exponent's width (Python: at least 2).
 */
function reprFloat(v: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e16) {
    const s = String(v);
    // Integral values only reach here when the caller formats a float explicitly.
    return s.includes('.') || s.includes('e') ? s : s + '.0';
  }
  const e = v.toExponential(); // shortest digits, e.g. "1.5e-7", "1e+21"
  const at = e.indexOf('e');
  const mant = e.slice(0, at);
  const sign = e[at + 1] ?? '+';
  const exp = e.slice(at + 2);
  return `${mant}e${sign}${exp.length < 2 ? '0' + exp : exp}`;
}

/**
 * A JS number as Python would print it. Integral numbers below 1e16 are Python ints (`3`, and
 * `-0` is `0`); anything else follows `repr(float)` (`0.5`, `1e-05`, `1e+16`, `nan`, `inf`).
 */
export function reprNumber(v: number): string {
  if (Number.isInteger(v) && v < 1e16 && v > -1e16) return v === 0 ? '0' : String(v);
  return reprFloat(v);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** `str(datetime)` in UTC: `2024-01-02 03:04:05.678000` (microseconds only when non-zero). */
function strDate(d: Date): string {
  const t = d.getTime();
  if (t !== t) return 'NaT';
  const ms = d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}` +
    (ms ? '.' + String(ms * 1000).padStart(6, '0') : '')
  );
}

/** `repr(datetime)`: trailing zero fields are left out, as CPython does. */
function reprDate(d: Date): string {
  const t = d.getTime();
  if (t !== t) return 'NaT';
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const s = d.getUTCSeconds();
  const us = d.getUTCMilliseconds() * 1000;
  if (s || us) parts.push(s);
  if (us) parts.push(us);
  return `datetime.datetime(${parts.join(', ')})`;
}

function hasMethod<K extends string>(v: object, key: K): v is object & Record<K, () => unknown> {
  return typeof (v as Record<string, unknown>)[key] === 'function';
}

/** Python builtins whose exceptions print without a module prefix are JS's own classes too. */
function errorStr(e: Error): string {
  // `str(KeyError('a'))` is the key's repr: CPython's KeyError.__str__ special case.
  if (e.name === 'KeyError' && e.message !== '') return reprString(e.message);
  return e.message;
}

function isClass(fn: { name: string }): boolean {
  // Only class syntax produces source starting with "class"; the check is rare (printing a
  // function), so reading the source is acceptable.
  return Function.prototype.toString.call(fn).startsWith('class');
}

function functionRepr(fn: { name: string }): string {
  const name = fn.name || '<lambda>';
  return isClass(fn) ? `<class '${name}'>` : `<function ${name}>`;
}

/**
 * Python's `type(v).__name__` for the Python value a JS value stands for, as error messages name
 * it (`'<' not supported between instances of 'int' and 'str'`). A bigint is an `int`, as
 * `type(10**20).__name__` is.
 */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return 'dict';
  const ctor = (proto as { constructor?: { name?: string } }).constructor;
  return ctor?.name || 'object';
}

/**
 * `repr()` of any value. `stack` holds the containers being formatted, for Python's `[...]` /
 * `{...}` on cycles; it is tiny (the nesting depth), so a linear scan beats a Set.
 */
function repr(v: unknown, stack: object[]): string {
  switch (typeof v) {
    case 'string':
      return reprString(v);
    case 'number':
      return reprNumber(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return 'None';
    case 'bigint':
      return v.toString();
    case 'symbol':
      return v.toString();
    case 'function':
      return hasMethod(v, '__repr__') && !isClass(v) ? String(v.__repr__()) : functionRepr(v);
  }
  if (v === null) return 'None';
  const o = v as object;
  if (Array.isArray(o)) {
    if (stack.includes(o)) return '[...]';
    if (o.length === 0) return '[]';
    stack.push(o);
    let out = '[';
    for (let i = 0; i < o.length; i++) out += (i ? ', ' : '') + repr(o[i], stack);
    stack.pop();
    return out + ']';
  }
  if (hasMethod(o, '__repr__')) return String(o.__repr__());
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) {
    if (stack.includes(o)) return '{...}';
    const keys = Object.keys(o);
    if (keys.length === 0) return '{}';
    stack.push(o);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      out += (i ? ', ' : '') + reprString(k) + ': ' + repr((o as Record<string, unknown>)[k], stack);
    }
    stack.pop();
    return out + '}';
  }
  if (o instanceof Map) {
    if (stack.includes(o)) return '{...}';
    if (o.size === 0) return '{}';
    stack.push(o);
    let out = '{';
    let first = true;
    for (const [k, val] of o) {
      out += (first ? '' : ', ') + repr(k, stack) + ': ' + repr(val, stack);
      first = false;
    }
    stack.pop();
    return out + '}';
  }
  if (o instanceof Set) {
    if (stack.includes(o)) return '{...}';
    if (o.size === 0) return 'set()';
    stack.push(o);
    let out = '{';
    let first = true;
    for (const item of o) {
      out += (first ? '' : ', ') + repr(item, stack);
      first = false;
    }
    stack.pop();
    return out + '}';
  }
  if (o instanceof Error) {
    const msg = o.message;
    return `${o.name}(${msg === '' ? '' : reprString(msg)})`;
  }
  if (ArrayBuffer.isView(o) && !(o instanceof DataView)) {
    const items = o as unknown as ArrayLike<number | bigint>;
    let out = '[';
    for (let i = 0; i < items.length; i++) out += (i ? ', ' : '') + repr(items[i], stack);
    return out + ']';
  }
  if (o instanceof Date) return reprDate(o);
  if (o instanceof RegExp) return `re.compile(${reprString(o.source)})`;
  const tag = Object.prototype.toString.call(o);
  if (tag === '[object Generator]') return '<generator object>';
  return `<${pyTypeName(o)} object>`;
}

/** Python's `repr(x)` for the value `x` stands for. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return reprString(v);
  if (typeof v === 'number') return reprNumber(v);
  return repr(v, []);
}

/** Python's `str(x)`: what `print(x)` shows. Strings are bare; containers repr their items. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return reprNumber(v);
  if (typeof v === 'object' && v !== null) {
    if (hasMethod(v, '__str__')) return String(v.__str__());
    if (v instanceof Error && !hasMethod(v, '__repr__')) return errorStr(v);
    if (v instanceof Date) return strDate(v);
  }
  return repr(v, []);
}

/** One `print(*args, sep=sep)` line (without the trailing newline). */
export function formatPrint(args: readonly unknown[], sep = ' '): string {
  const n = args.length;
  if (n === 1) return pyStr(args[0]);
  let out = '';
  for (let i = 0; i < n; i++) out += (i ? sep : '') + pyStr(args[i]);
  return out;
}

