import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { compile, POINT, POINT_EXPR } from './compile';
import { GLOBAL_NAMES, RUNTIME_MODULES, type CompileError } from '../protocol/program';
import { Coro, failing, runProgram, sleep, thrownStack } from './fake-rt.fixture';

function js(source: string): string {
  const r = compile(source);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors)}`);
  return r.js;
}

function errors(source: string): CompileError[] {
  const r = compile(source);
  if (r.ok) throw new Error(`expected a compile error, got:\n${r.js}`);
  return r.errors;
}

/** Every `// @N` marker in the source must sit on line N of the output too. */
function expectLinesKept(source: string): void {
  const out = js(source).split('\n');
  const src = source.split('\n');
  src.forEach((line, i) => {
    const m = /\/\/ @(\d+)/.exec(line);
    if (m) {
      expect(Number(m[1])).toBe(i + 1);
      expect(out[i], `line ${i + 1}`).toContain(m[0]);
    }
  });
  expect(out.length).toBe(src.length + 1);
  expect(out[out.length - 1]).toBe('//# sourceURL=program.ts');
}

describe('module shape', () => {
  it('exports the runtime module names and globals', () => {
    expect(RUNTIME_MODULES).toEqual(['threading', 'multiprocessing', 'concurrent.futures', 'queue', 'asyncio', 'time', 'random', 'os']);
    expect(GLOBAL_NAMES).toContain('print');
    expect(GLOBAL_NAMES).toContain('__name__');
    expect(GLOBAL_NAMES).toContain('BrokenExecutor');
    expect(GLOBAL_NAMES).toContain('EOFError');
    expect(GLOBAL_NAMES).toContain('BrokenPipeError');
    expect(GLOBAL_NAMES).toHaveLength(28);
  });

  it('puts the prelude on line 1 and ends with the sourceURL', () => {
    const out = js('print(1)\nprint(2)\n');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^"use strict";let __pc = __rt\.pointBudget\(\);const \{print, range, shared, __name__, Exception,.*\} = __rt\.globals;__rt\.scope\(\(\) => \(\{\}\)\);if \(__rt\.isMain\) \{print\(1\)\}$/);
    expect(lines[1]).toBe('if (__rt.isMain) {print(2)}');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('//# sourceURL=program.ts');
  });

  it('runs the top level in the main thread', () => {
    const h = runProgram(`
const xs: number[] = [1, 2];
for (let i = 0; i < 2; i++) print('i', i);
print(xs, __name__);
`);
    expect(h.out).toEqual(['i 0', 'i 1', '[1, 2] __main__']);
  });
});

describe('line numbers', () => {
  it('keeps every line where it was through types, imports, exports and lowering', () => {
    // Sucrase drops comments that share a line with an import, so lines 1-2 carry no marker.
    expectLinesKept(`import {Lock, Thread} from 'threading';
import type {Foo} from 'asyncio';
import {
  sleep,
  time as now,
} from 'time';
interface Point {
  x: number;
  y: number;
}
type Pair =
  | [number, number]
  | null;
enum Color { Red, Green } // @14
export const a: number = 1, // @15
  b = { // @16
    c: 2, // @17
  };
let late!: string; // @19
class Worker extends Thread { // @20
  private n: number = 0; // @21
  async go(x: number): Promise<number> { // @22
    await using r = // @23
      await this.open(); // @24
    for await (const [k, // key
        v] of this.items()) { // @26
      if (k) continue; // @27
    } // @28
    return await
      x; // @30
  } // @31
} // @32
async function* gen(): AsyncGenerator<number> { // @33
  yield 1; // @34
  yield; // @35
} // @36
const f = async (p: number) => // @37
  await p; // @38
export default { a }; // @39
print(a); // @40
`);
  });

  it('reports a runtime error on the program line (+2 for the Function wrapper)', () => {
    const source = `
function boom(): never {
  throw new Error('boom');
}
boom();
`;
    const stack = thrownStack(source);
    expect(stack).toContain('boom');
    // new Function adds two lines of its own ("function anonymous(__rt\n) {\n").
    expect(stack).toMatch(/program\.ts:5:\d+/);
  });
});

describe('main thread vs other threads', () => {
  const program = `
import {Lock} from 'threading';
let counter = 0;
const lock = new Lock(), [first, second] = [1, 2], {deep: {inner}} = {deep: {inner: 'x'}};
let unset: number;
function worker() { return counter + first + second; }
class Box { get v() { return inner; } }
print('top level ran');
`;

  it('computes values in the main thread and exposes every module binding through scope()', () => {
    const h = runProgram(program);
    expect(h.out).toEqual(['top level ran']);
    const s = h.scope();
    expect(Object.keys(s)).toEqual(['counter', 'lock', 'first', 'second', 'inner', 'unset', 'worker', 'Box']);
    expect(s.counter).toBe(0);
    expect(s.first).toBe(1);
    expect(s.inner).toBe('x');
    expect(s.unset).toBeUndefined();
    expect((s.worker as () => number)()).toBe(3);
    const r = compile(program);
    expect(r.ok && r.bindings).toEqual(['counter', 'lock', 'first', 'second', 'inner', 'unset', 'worker', 'Box']);
  });

  it('scope() sees later assignments (it is a live getter)', () => {
    const h = runProgram('let n = 1;\nn = n + 41;\n');
    expect(h.scope().n).toBe(42);
  });

  it('skips top-level statements and initializers in other threads, restoring bindings instead', () => {
    const h = runProgram(program, {
      isMain: false,
      bindings: { counter: 10, lock: 'L', first: 100, second: 1000, inner: 'y', unset: 5 },
    });
    expect(h.out).toEqual([]);
    const s = h.scope();
    expect(s.counter).toBe(10);
    expect(s.lock).toBe('L');
    expect(s.inner).toBe('y');
    expect(s.unset).toBe(5);
    expect((s.worker as () => number)()).toBe(1110);
    // Classes are re-created in each thread, in place.
    const Box = s.Box as new () => { v: string };
    expect(new Box().v).toBe('y');
  });

  it('does not evaluate initializers in threads (no side effects)', () => {
    const source = `let hits = 0;\nfunction hit() { hits++; print('hit'); return hits; }\nconst v = hit();\n`;
    const h = runProgram(source, { isMain: false, bindings: { hits: 7, v: 1 } });
    expect(h.out).toEqual([]);
    expect(h.scope().hits).toBe(7);
  });

  it('rewrites declarations as described', () => {
    const out = js('const x = init(), [y, z] = init2();\n');
    expect(out.split('\n')[0]).toContain(
      'if (__rt.isMain) {(x = init()); ([y, z] = init2());} else {x = __rt.binding("x"); y = __rt.binding("y"); z = __rt.binding("z");}',
    );
    expect(js('let {a, b: [c]} = o\n').split('\n')[0]).toContain('if (__rt.isMain) {({a, b: [c]} = o);} else {');
    expect(js('let a, b = 2;').split('\n')[0]).toContain('if (__rt.isMain) {; (b = 2);} else {a = __rt.binding("a"); b = __rt.binding("b");}');
  });

  it('handles object patterns, defaults and rest at top level', () => {
    const h = runProgram(`
const {a = 1, b: {c}, ...rest} = {b: {c: 2}, d: 3, e: 4};
const [p, , q = 9, ...more] = [1, 2, undefined, 4, 5];
print(a, c, Object.keys(rest), p, q, more);
`);
    expect(h.out).toEqual(['1 2 [d, e] 1 9 [4, 5]']);
    expect(Object.keys(h.scope())).toEqual(['a', 'c', 'rest', 'p', 'q', 'more']);
  });

  it('runs classes in both modes and supports static members and inheritance', () => {
    const source = `
class Base { static made = 0; hello() { return 'base'; } }
export class Child extends Base {
  static label = 'child';
  hello() { return super.hello() + '+child'; }
}
print(new Child().hello(), Child.label);
`;
    expect(runProgram(source).out).toEqual(['base+child child']);
    const t = runProgram(source, { isMain: false, bindings: {} });
    expect(t.out).toEqual([]);
    expect(typeof t.scope().Child).toBe('function');
  });

  it('keeps function declarations hoisted', () => {
    expect(runProgram('print(f());\nfunction f() { return 5; }\n').out).toEqual(['5']);
  });

  it('treats top-level loops, blocks and ifs as main-only statements', () => {
    const source = `
let total = 0;
for (let i = 0; i < 3; i++) { total += i; }
if (__name__ === '__main__') { print('main', total); }
{ let inner = 1; total += inner; }
label: for (const x of [1, 2]) { if (x) continue label; }
try { throw new ValueError('v'); } catch (e) { print((e as Error).message); }
`;
    expect(runProgram(source).out).toEqual(['main 3', 'v']);
    expect(runProgram(source, { isMain: false, bindings: { total: 0 } }).out).toEqual([]);
  });
});

describe('globals', () => {
  it('lets the program shadow globals with its own top-level names', () => {
    const out = js('function print(x: unknown) { return x; }\nconst range = 3;\nclass Empty {}\n');
    const line1 = out.split('\n')[0] ?? '';
    const destructured = /const \{([^}]*)\} = __rt\.globals/.exec(line1)?.[1]?.split(', ') ?? [];
    expect(destructured).not.toContain('print');
    expect(destructured).not.toContain('range');
    expect(destructured).not.toContain('Empty');
    expect(destructured).toContain('shared');
    const h = runProgram('const print = (...a: unknown[]) => shown.push(a.join("|"));\nconst shown: string[] = [];\nprint(1, 2);\n');
    expect(h.scope().shown).toEqual(['1|2']);
  });

  it('leaves out globals that an import rebinds', () => {
    const out = js("import {TimeoutError, CancelledError as CE} from 'asyncio';\nprint(TimeoutError, CE);\n");
    const destructured = /const \{([^}]*)\} = __rt\.globals/.exec(out)?.[1]?.split(', ') ?? [];
    expect(destructured).not.toContain('TimeoutError');
    expect(destructured).not.toContain('CE');
    expect(destructured).toContain('CancelledError');
  });

  it('provides exception classes', () => {
    const h = runProgram("try { throw new KeyError('k'); } catch (e) { print(e instanceof KeyError, (e as Error).message); }");
    expect(h.out).toEqual(['true k']);
  });
});

describe('imports and exports', () => {
  it('rewrites every import form', () => {
    const out = js(`import {Lock, Thread as T} from 'threading';
import * as asyncio from 'asyncio';
import time from 'time';
import q, {Queue} from 'queue';
import 'multiprocessing';
import type {X} from 'concurrent.futures';
import {type Y, Z} from 'concurrent.futures';
`).split('\n');
    expect(out[0]).toMatch(/const \{Lock, Thread: T\} = __rt\.module\("threading"\);$/);
    expect(out[1]).toBe('const asyncio = __rt.module("asyncio");');
    expect(out[2]).toBe('const time = __rt.module("time");');
    expect(out[3]).toBe('const q = __rt.module("queue"), {Queue} = q;');
    expect(out[4]).toBe('__rt.module("multiprocessing");');
    expect(out[5]).toBe('');
    expect(out[6]).toBe('const {Z} = __rt.module("concurrent.futures");');
  });

  it('binds a default and a namespace import together', () => {
    expect(js("import t, * as tt from 'time';\n").split('\n')[0]).toMatch(/const t = __rt\.module\("time"\), tt = t;$/);
  });

  it('binds imports in every thread and keeps them out of bindings', () => {
    const source = "import {Lock} from 'threading';\nimport * as asyncio from 'asyncio';\nconst l = new Lock();\n";
    const h = runProgram(source, { isMain: false, bindings: { l: 1 } });
    expect(Object.keys(h.scope())).toEqual(['l']);
    const r = compile(source);
    expect(r.ok && r.bindings).toEqual(['l']);
  });

  it('reports unknown modules as ModuleNotFoundError at the import line', () => {
    expect(errors("import {x} from 'numpy';\nimport sys from 'sys';\nimport {Lock} from 'threading';\n")).toEqual([
      { line: 1, column: 1, message: "ModuleNotFoundError: No module named 'numpy'" },
      { line: 2, column: 1, message: "ModuleNotFoundError: No module named 'sys'" },
    ]);
  });

  it('strips export keywords', () => {
    const h = runProgram(`
export const a = 1;
export function f() { return a + 1; }
export class C { v = 3; }
const hidden = 4;
export { hidden };
export { hidden as alias };
export default print('default', f(), new C().v);
`);
    expect(h.out).toEqual(['default 2 3']);
    expect(Object.keys(h.scope())).toEqual(['a', 'f', 'C', 'hidden']);
  });

  it('handles export default async functions', () => {
    const h = runProgram('export default async function main() { return 7; }\n');
    expect(h.run((h.scope().main as () => Coro)())).toBe(7);
    expect(runProgram('export default async () => print("x");\n').out).toEqual([]);
  });

  it('handles export default of functions and classes', () => {
    expect(runProgram('export default function main() { print("m"); }\nmain();\n').out).toEqual(['m']);
    expect(runProgram('export default class K {}\nprint(typeof K);\n').out).toEqual(['function']);
    expect(runProgram('export default function () { print("anon"); }\n').out).toEqual([]);
    expect(runProgram('export default {a: 1}\n').out).toEqual([]);
  });
});

describe('coroutines', () => {
  it('lowers the documented shapes', () => {
    const fn = js('async function f(a) { return await a; }');
    expect(fn).toContain(
      `function f(a) {${POINT}return __rt.async(this, arguments, function* __co_f() { return (yield* __rt.await( a)); }, f, "f");}`,
    );
    const arrow = js('const g = async (a) => a;');
    expect(arrow).toContain(`(a) => (${POINT_EXPR}, __rt.async(this, [], function* __co_g() {return a;}, undefined, "g"))`);
    const gen = js('async function* g() { yield 1; }');
    expect(gen).toContain(`function g() {${POINT}return __rt.asyncgen(this, arguments, function* __co_g() { (yield __rt.agyield( 1)); }, g, "g");}`);
  });

  it('is lazy: calling an async function runs none of its body', () => {
    const h = runProgram(`
import * as asyncio from 'asyncio';
async function work(n: number) { print('start', n); await asyncio.sleep(1); print('end', n); return n * 2; }
const c = work(21);
print('called');
`);
    expect(h.out).toEqual(['called']);
    const c = h.scope().c as Coro;
    expect(c).toBeInstanceOf(Coro);
    expect(c.started).toBe(false);
    expect(h.run(c)).toBe(42);
    expect(h.out).toEqual(['called', 'start 21', 'end 21']);
  });

  it('names coroutines after functions, methods and variables', () => {
    const h = runProgram(`
async function decl() {}
const arrow = async () => 1;
const expr = async function () {};
const named = async function inner() {};
const obj = { async meth() {}, prop: async () => {}, 'odd key': async () => {} };
class K { async m() {} static async s() {} async #p() {} callP() { return this.#p(); } field = async () => {}; }
let later;
later = async () => {};
const list = [async () => {}];
const paren = (async () => {});
`);
    type F = () => Coro;
    const s = h.scope() as { decl: F; arrow: F; expr: F; named: F; later: F; paren: F; list: F[]; obj: Record<string, F>; K: new () => Record<string, F> };
    expect(s.decl().name).toBe('decl');
    expect(s.decl().self).toBe(s.decl);
    expect(s.arrow().name).toBe('arrow');
    expect(s.arrow().self).toBeUndefined();
    expect(s.expr().name).toBe('expr');
    expect(s.expr().self).toBeUndefined();
    expect(s.named().name).toBe('inner');
    expect(s.named().self).toBeTypeOf('function');
    expect(s.obj.meth!().name).toBe('meth');
    expect(s.obj.prop!().name).toBe('prop');
    expect(s.obj['odd key']!().name).toBe('odd key');
    const k = new s.K();
    expect(k.m!().name).toBe('m');
    expect(k.callP!().name).toBe('#p');
    expect(k.field!().name).toBe('field');
    expect((s.K as unknown as Record<string, () => Coro>).s!().name).toBe('s');
    expect(s.later().name).toBe('later');
    expect(s.list[0]!().name).toBe('<lambda>');
    expect(s.paren().name).toBe('paren');
  });

  it('passes this and arguments through to the body', () => {
    const h = runProgram(`
class Acc {
  total = 0;
  async add(...xs: number[]) { for (const x of xs) this.total += await sleepy(x); return arguments.length; }
  addLater() { return async () => { this.total += 100; return arguments[0]; }; }
}
async function sleepy(x: number) { return x; }
const acc = new Acc();
`);
    const acc = h.scope().acc as { total: number; add: (...x: number[]) => Coro; addLater: (...a: unknown[]) => () => Coro };
    expect(h.run(acc.add(1, 2, 3))).toBe(3);
    expect(acc.total).toBe(6);
    expect(h.run(acc.addLater('first')())).toBe('first');
    expect(acc.total).toBe(106);
  });

  it('handles nested awaits, awaits in expressions and nested async functions', () => {
    const h = runProgram(`
import {sleep} from 'asyncio';
async function id<T>(x: T): Promise<T> { await sleep(0); return x; }
async function main() {
  const a = await id(await id(1)) + (await id(2)) * await id(3);
  const inner = async (v: number) => (await id(v)) + 1;
  const nested = await (async function () { return await inner(await id(10)); })();
  const arr = [await id('x'), ...(await id([1, 2]))];
  const obj = { k: await id(5), [await id('dyn')]: 6 };
  const tmpl = \`t\${await id(7)}\`;
  const cond = (await id(false)) ? await id('no') : await id('yes');
  return [a, nested, arr, obj.k, obj.dyn, tmpl, cond];
}
`);
    const main = h.scope().main as () => Coro;
    expect(h.run(main())).toEqual([7, 11, ['x', 1, 2], 5, 6, 't7', 'yes']);
  });

  it('propagates exceptions through try/catch/finally around awaits', () => {
    const h = runProgram(`
import {sleep} from 'asyncio';
async function fail(msg: string) { await sleep(0); throw new ValueError(msg); }
async function main() {
  const log: string[] = [];
  try {
    await fail('one');
    log.push('not reached');
  } catch (e) {
    log.push('caught ' + (e as Error).message);
    try { await fail('two'); } finally { log.push('finally'); await sleep(0); }
  }
  return log;
}
async function outer() {
  try { return await main(); } catch (e) { return 'outer caught ' + (e as Error).message; }
}
async function fromFuture(f: unknown) { try { await f; } catch (e) { return 'future says ' + (e as Error).message; } }
`);
    const s = h.scope() as Record<string, (...a: unknown[]) => Coro>;
    expect(h.run(s.outer!())).toBe('outer caught two');
    expect(h.run(s.fromFuture!(failing(new Error('bad'))))).toBe('future says bad');
  });

  it('keeps sync generators and sync functions untouched', () => {
    const out = js('function* g() { yield 1; yield* [2]; }\nfunction f() { return 1; }\n');
    // Untouched but for their entry points.
    expect(out).toContain(`function* g() {${POINT} yield 1; yield* [2]; }`);
    expect(out).toContain(`function f() {${POINT} return 1; }`);
    expect(out).not.toContain('__rt.async');
  });

  it('lowers async arrows used as callbacks and default parameters', () => {
    const h = runProgram(`
const runners = [1, 2].map(async (n) => n * 10);
async function withDefault(f = async () => 'dflt') { return await f(); }
`);
    const s = h.scope() as { runners: Coro[]; withDefault: () => Coro };
    expect(s.runners.map((c) => h.run(c))).toEqual([10, 20]);
    expect(h.run(s.withDefault())).toBe('dflt');
  });

  it('rejects awaiting something that is not awaitable (runtime checks it)', () => {
    const h = runProgram('async function f() { await 5; }');
    expect(() => h.run((h.scope().f as () => Coro)())).toThrow(TypeError);
  });
});

describe('for await', () => {
  const iterators = `
import {sleep} from 'asyncio';
async function* count(n: number) { for (let i = 0; i < n; i++) { await sleep(0); yield i; } }
class Ticker {
  constructor(private n: number) {}
  [Symbol.asyncIterator]() { return this; }
  async next(): Promise<IteratorResult<number>> {
    await sleep(0);
    return this.n > 0 ? { done: false, value: this.n-- } : { done: true, value: undefined };
  }
}
`;

  it('iterates async generators and async iterator classes', () => {
    const h = runProgram(`${iterators}
async function main() {
  const got: unknown[] = [];
  for await (const i of count(3)) got.push(i);
  for await (const t of new Ticker(2)) { got.push('t' + t); }
  return got;
}
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual([0, 1, 2, 't2', 't1']);
  });

  it('keeps break, continue, labels and per-iteration bindings', () => {
    const h = runProgram(`${iterators}
async function main() {
  const got: unknown[] = [];
  const later: Array<() => number> = [];
  outer: for await (const i of count(6)) {
    if (i === 1) continue;
    for await (let j of count(3)) {
      if (i === 2 && j === 1) continue outer;
      if (j === 2) break;
      later.push(() => i * 10 + j);
    }
    if (i === 4) break;
    got.push(i);
  }
  return [got, later.map((f) => f())];
}
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual([[0, 3], [0, 1, 20, 30, 31, 40, 41]]);
  });

  it('binds destructuring patterns and assignment targets', () => {
    const h = runProgram(`
async function* pairs() { yield [1, 'a']; yield [2, 'b']; }
async function* objs() { yield {k: 1, v: {w: 'x'}}; }
async function main() {
  const out: unknown[] = [];
  for await (const [n, s] of pairs()) out.push(n + s);
  for await (const {k, v: {w} = {w: 'none'}} of objs()) out.push(k, w);
  let last;
  const holder = {x: 0};
  for await (last of pairs()) {}
  for await (holder.x of count()) {}
  async function* count() { yield 7; yield 8; }
  let a, b;
  for await ([a, b] of pairs());
  out.push(last, holder.x, a, b);
  return out;
}
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual(['1a', '2b', 1, 'x', [2, 'b'], 8, 2, 'b']);
  });

  it('lowers awaits inside the iterable, the pattern defaults and the body', () => {
    const h = runProgram(`
async function* gen(xs: unknown[]) { for (const x of xs) yield x; }
async function id<T>(x: T) { return x; }
async function main() {
  const out: unknown[] = [];
  for await (const {v = await id('dflt')} of await id(gen([{v: 1}, {}]))) out.push(await id(v));
  return out;
}
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual([1, 'dflt']);
  });

  it('does not close the iterator on break (Python semantics) and uses unique temporaries', () => {
    const out = js(`async function f(a, b) {
  for await (const x of a) { for await (const y of b) break; }
}`);
    expect(out).toMatch(/__ai1[^]*__ai2/);
    expect(out.split('\n')).toHaveLength(4);
  });

  it('moves a multi-line pattern with comments without breaking the loop', () => {
    const source = `async function* pairs() { yield [1, 'a']; }
async function main() {
  const out: unknown[] = [];
  for await (const [n, // the number
                    s /* the letter */] of pairs()) {
    out.push(n, s); // @6
  }
  return out; // @8
}
`;
    expectLinesKept(source);
    const h = runProgram(source);
    expect(h.run((h.scope().main as () => Coro)())).toEqual([1, 'a']);
  });

  it('raises a clear TypeError for non-iterables', () => {
    const h = runProgram('async function f() { for await (const x of 5 as any) {} }');
    expect(() => h.run((h.scope().f as () => Coro)())).toThrow(/async for/);
  });
});

describe('async generators', () => {
  it('yields values, receives awaits and finishes', () => {
    const h = runProgram(`
import {sleep} from 'asyncio';
async function* ticks(n: number) {
  try {
    for (let i = 0; i < n; i++) {
      const r = await sleep(0, i * 2);
      yield r;
    }
    yield;
  } finally {
    print('gen done');
  }
}
async function main() {
  const out: unknown[] = [];
  for await (const t of ticks(3)) out.push(t);
  return out;
}
const early = ticks(1);
`);
    const s = h.scope() as { main: () => Coro; early: object };
    expect(h.run(s.main())).toEqual([0, 2, 4, undefined]);
    expect(h.out).toEqual(['gen done']);
  });

  it('keeps ASI after a bare yield', () => {
    const h = runProgram(`
async function* g() {
  yield
  ['a'].forEach((x) => print(x))
}
async function main() { const out: unknown[] = []; for await (const v of g()) out.push(v); return out; }
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual([undefined]);
    expect(h.out).toEqual(['a']);
  });

  it('chains async generators with for await inside them', () => {
    const h = runProgram(`
async function* src() { yield 1; yield 2; yield 3; }
async function* double(it: AsyncIterable<number>) { for await (const x of it) { if (x === 2) continue; yield x * 2; } }
async function main() { const out: number[] = []; for await (const v of double(src())) out.push(v); return out; }
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual([2, 6]);
  });

  it('lowers async generator methods', () => {
    const h = runProgram(`
class Src {
  items = ['a', 'b'];
  async *[Symbol.asyncIterator]() { for (const i of this.items) yield i; }
  static async *make() { yield 'static'; }
}
async function main() {
  const out: string[] = [];
  for await (const x of new Src()) out.push(x);
  for await (const x of Src.make()) out.push(x);
  return out;
}
`);
    expect(h.run((h.scope().main as () => Coro)())).toEqual(['a', 'b', 'static']);
  });

  it('rejects yield* inside an async generator', () => {
    const [e] = errors('async function* g() {\n  yield* other();\n}\n');
    expect(e?.line).toBe(2);
    expect(e?.column).toBe(3);
    expect(e?.message).toMatch(/yield\*.*async generator/);
  });
});

describe('await using', () => {
  const resources = `
const log: string[] = [];
class Res {
  constructor(public name: string) { log.push('open ' + name); }
  async [Symbol.asyncDispose]() { await sleep(0); log.push('close ' + this.name); }
}
async function open(name: string) { await sleep(0); return new Res(name); }
`;

  it('disposes at the end of the block, in reverse order, even on errors', () => {
    const h = runProgram(`import {sleep} from 'asyncio';${resources}
async function main(fail: boolean) {
  await using a = await open('a'), b = new Res('b');
  log.push('body');
  {
    await using c = new Res('c');
    log.push('inner');
  }
  await using d = null;
  await using e = await open('e');
  if (fail) throw new ValueError('oops');
  log.push('end');
  return 'ret';
}
`);
    const s = h.scope() as { main: (f: boolean) => Coro; log: string[] };
    expect(h.run(s.main(false))).toBe('ret');
    expect(s.log).toEqual(['open a', 'open b', 'body', 'open c', 'inner', 'close c', 'open e', 'end', 'close e', 'close b', 'close a']);
    s.log.length = 0;
    expect(() => h.run(s.main(true))).toThrow('oops');
    expect(s.log).toEqual(['open a', 'open b', 'body', 'open c', 'inner', 'close c', 'open e', 'close e', 'close b', 'close a']);
  });

  it('disposes what was opened when a later initializer throws', () => {
    const h = runProgram(`import {sleep} from 'asyncio';${resources}
async function main() {
  await using a = new Res('a'), b = (() => { throw new ValueError('init'); })();
  log.push('never');
}
`);
    const s = h.scope() as { main: () => Coro; log: string[] };
    expect(() => h.run(s.main())).toThrow('init');
    expect(s.log).toEqual(['open a', 'close a']);
  });

  it('works in loops, arrows and async methods, with return and break', () => {
    const h = runProgram(`import {sleep} from 'asyncio';${resources}
class Svc {
  async use(names: string[]) {
    for (const n of names) {
      await using r = new Res(n);
      if (n === 'stop') break;
      log.push('use ' + n);
    }
    return 'done';
  }
}
const viaArrow = async () => { await using r = new Res('arrow'); return 'arrow result'; };
`);
    const s = h.scope() as { Svc: new () => { use: (n: string[]) => Coro }; viaArrow: () => Coro; log: string[] };
    expect(h.run(new s.Svc().use(['x', 'stop', 'y']))).toBe('done');
    expect(h.run(s.viaArrow())).toBe('arrow result');
    expect(s.log).toEqual(['open x', 'use x', 'close x', 'open stop', 'close stop', 'open arrow', 'close arrow']);
  });

  it('keeps the lines of the block', () => {
    const source = 'async function f() {\n  await using a = g();\n  await b();\n  return 1;\n}\n';
    const out = js(source).split('\n');
    expect(out[1]).toBe('  const a = g();try {');
    expect(out[4]).toBe('} catch (__exc1) {throw __rt.aexc(a, __exc1);} finally {(yield* __rt.await(__rt.adispose(a)));}}, f, "f");}');
  });

  it("hands the exception leaving the block to the disposer (Python's __aexit__ gets it), none when it ends normally", () => {
    const h = runProgram(`import {sleep} from 'asyncio';
const log: string[] = [];
class Cm {
  constructor(public name: string) {}
  async [Symbol.asyncDispose](...exc: unknown[]) {
    await sleep(0);
    log.push(this.name + ' ' + (exc.length === 0 ? 'no exception' : (exc[0] as Error).message));
    if (this.name === 'replace') throw new ValueError('replaced');
  }
}
async function main(how: string) {
  await using a = new Cm('outer');
  {
    await using b = new Cm('inner'), c = new Cm(how === 'replace' ? 'replace' : 'c');
    if (how === 'raise') throw new ValueError('body');
    if (how === 'return') return 'early';
    await sleep(0);
  }
  return 'end';
}
`);
    const s = h.scope() as { main: (how: string) => Coro; log: string[] };
    expect(h.run(s.main('ok'))).toBe('end');
    expect(h.run(s.main('return'))).toBe('early');
    expect(s.log).toEqual(['c no exception', 'inner no exception', 'outer no exception', 'c no exception', 'inner no exception', 'outer no exception']);
    s.log.length = 0;
    expect(() => h.run(s.main('raise'))).toThrow('body');
    expect(s.log).toEqual(['c body', 'inner body', 'outer body']);
    s.log.length = 0;
    expect(() => h.run(s.main('replace'))).toThrow('replaced');
    expect(s.log).toEqual(['replace no exception', 'inner replaced', 'outer replaced']);
  });

  it('lowers sync using inside functions to try/finally (native using is slow in V8)', () => {
    const out = js('function f(lock: any) {\n  using _ = lock.hold();\n  return 1;\n}\n');
    expect(out.split('\n')[1]).toBe('  const _ = lock.hold();try {');
    expect(out.split('\n')[3]).toBe('} finally {__rt.dispose(_);}}');
    expect(() => parse(`(function(__rt) {${out}\n})`, { ecmaVersion: 'latest' })).not.toThrow();
  });

  it('keeps top-level sync using in the main thread only and still binds the name', () => {
    const out = js("import {ThreadPoolExecutor} from 'concurrent.futures';\nusing ex = new ThreadPoolExecutor(2);\nex.submit(print, 1);\n");
    const line = out.split('\n')[1];
    expect(line).toBe('using __using1 = __rt.isMain ? (ex = new ThreadPoolExecutor(2)) : (ex = __rt.binding("ex"), null);');
    expect(out).toMatch(/let ex;__rt\.scope\(\(\) => \(\{ex\}\)\)/);
    expect(() => parse(`(function(__rt) {${out}\n})`, { ecmaVersion: 'latest' })).not.toThrow();
  });
});

describe('compile errors', () => {
  it('reports sucrase syntax errors at the source position', () => {
    expect(errors('let x = 1;\nlet y = ;\n')).toEqual([{ line: 2, column: 9, message: 'SyntaxError: Unexpected token' }]);
  });

  it('maps acorn errors back through stripped types', () => {
    const [e] = errors('const a: number = 1;\nconst b: string = "x", a: number = 2;\n');
    expect(e).toEqual({ line: 2, column: 24, message: "SyntaxError: Identifier 'a' has already been declared" });
  });

  it("reports top-level await with Python's wording", () => {
    const errs = errors(`import * as asyncio from 'asyncio';
await asyncio.sleep(1);
for await (const x of y) {}
await using r = thing();
if (true) { await using s = thing(); }
const v = (await 1) + 2;
`);
    expect(errs.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 1, "SyntaxError: 'await' outside async function"],
      [3, 1, "SyntaxError: 'await' outside async function"],
      [4, 1, "SyntaxError: 'await' outside async function"],
      [5, 13, "SyntaxError: 'await' outside async function"],
      [6, 12, "SyntaxError: 'await' outside async function"],
    ]);
  });

  it('reports await, for await and await using in a sync function the same way', () => {
    const msg = "SyntaxError: 'await' outside async function";
    expect(errors('function f() {\n  await g();\n}\n')).toEqual([{ line: 2, column: 3, message: msg }]);
    expect(errors('const f = () => {\n  for await (const x of y) {}\n};\n')).toEqual([{ line: 2, column: 7, message: msg }]);
    expect(errors('function f() {\n  await using x = y;\n}\n')).toEqual([{ line: 2, column: 3, message: msg }]);
  });

  it('reports an unexpected end of input on the last line', () => {
    expect(errors('let x = 1;\nx.y(\n')).toEqual([{ line: 3, column: 1, message: 'SyntaxError: Unexpected token' }]);
  });

  it('collects several semantic errors at once', () => {
    const errs = errors("import x from 'nope';\nawait 1;\n");
    expect(errs).toHaveLength(2);
  });

  it('refuses what super cannot do in a lowered body', () => {
    const [e] = errors('class A extends B {\n  async m() { super.x = await 1; }\n}\n');
    expect(e).toMatchObject({ line: 2, column: 15 });
    expect(e?.message).toMatch(/super/);
    const [f] = errors('class A extends B {\n  f = async () => super.m();\n}\n');
    expect(f).toMatchObject({ line: 2, column: 19 });
  });
});

describe('super in async methods', () => {
  it('reads and calls super members with the right this', () => {
    const h = runProgram(`
import {sleep} from 'asyncio';
class Base {
  tag = 'base';
  get kind() { return 'k:' + this.tag; }
  async greet(who: string) { await sleep(0); return 'hello ' + who + ' from ' + this.tag; }
  plain() { return 'plain ' + this.tag; }
}
class Child extends Base {
  tag = 'child';
  async greet(who: string) {
    const up = await super.greet(who);
    const name = 'plain';
    return [up, super.kind, super[name](), (super['plain'])(), await (async () => super.plain())()];
  }
  later() { return async () => await super.greet('arrow'); }
  static async make() { return super.toString === Function.prototype.toString; }
}
`);
    const s = h.scope() as { Child: (new () => { greet: (w: string) => Coro; later: () => () => Coro }) & { make: () => Coro } };
    const c = new s.Child();
    expect(h.run(c.greet('ann'))).toEqual(['hello ann from child', 'k:child', 'plain child', 'plain child', 'plain child']);
    expect(h.run(c.later()())).toBe('hello arrow from child');
    expect(h.run(s.Child.make())).toBe(true);
  });

  it('works in object literal methods', () => {
    const h = runProgram(`
const base = { hi() { return 'hi ' + this.n; } };
const obj = { __proto__: base, n: 1, async hi() { return 'obj ' + super.hi(); } };
`);
    const obj = h.scope().obj as { hi: () => Coro };
    expect(h.run(obj.hi())).toBe('obj hi 1');
  });
});

describe('a 200-line program', () => {
  it('compiles, and how long it takes is printed (a number, not a gate: the machine is shared)', () => {
    const chunk = `import {Lock} from 'threading';
import * as asyncio from 'asyncio';
const lock = new Lock();
let counter: number = 0;
class Worker {
  constructor(private id: number) {}
  async run(n: number): Promise<number> {
    await using r = await asyncio.sleep(0);
    for await (const x of this.items(n)) { counter += x; }
    return counter;
  }
  async *items(n: number) { for (let i = 0; i < n; i++) { yield await asyncio.sleep(0, i); } }
}
function inc(): void { using _ = lock.hold(); counter++; }
async function main() { const ws = [1, 2, 3].map((i) => new Worker(i)); for (const w of ws) await w.run(3); }
for (let i = 0; i < 10; i++) inc();
asyncio.run(main());
print(counter);
`.split('\n');
    const lines: string[] = chunk.slice(0, 2);
    let k = 0;
    while (lines.length < 200) {
      const body = chunk.slice(2).map((l) => l.replace(/\b(lock|counter|Worker|inc|main)\b/g, `$1${k}`));
      lines.push(...body);
      k++;
    }
    const source = lines.join('\n');
    expect(source.split('\n').length).toBeGreaterThanOrEqual(200);
    let best = Infinity;
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      expect(compile(source).ok).toBe(true);
      best = Math.min(best, performance.now() - t0);
    }
    console.log(`compile: ${source.split('\n').length} lines in ${best.toFixed(1)} ms (best of 15)`);
  });
});

describe('sanity of outputs', () => {
  it('compiles every scenario port to a valid body with the same lines', () => {
    const dir = new URL('../scenarios/', import.meta.url);
    const ports = existsSync(dir)
      ? readdirSync(dir)
          .map((d) => new URL(`${d}/port.ts`, dir))
          .filter((f) => existsSync(f))
      : [];
    for (const f of ports) {
      const source = readFileSync(f, 'utf8');
      const out = js(source);
      // acorn rather than new Function: Node 20 does not parse `using` yet.
      expect(() => parse(`(function (__rt) {${out}\n})`, { ecmaVersion: 'latest' }), f.pathname).not.toThrow();
      expect(out.split('\n').length, f.pathname).toBe(source.split('\n').length + 1);
    }
  });

  it('produces valid JS function bodies for a mixed program', () => {
    const sources = [
      'const a = async () => ({x: 1});\nconst b = async x => x;\nconst c = async (x) => (1, x);\n',
      'export default async () => 1\n',
      'let a = 1\n;[a] = [2]\n',
      'const x = 1\n(function () {})\n',
      'const o = { async *[Symbol.asyncIterator]() { yield 1 } }\n',
    ];
    for (const s of sources) {
      const out = js(s);
      expect(() => new Function('__rt', out), s).not.toThrow();
      expect(out.split('\n').length).toBe(s.split('\n').length + 1);
    }
  });

  it('arrow expression bodies return object literals and sequences', () => {
    const h = runProgram('const a = async () => ({x: 1});\nconst c = async (x: number) => (1, x);\n');
    const s = h.scope() as Record<string, (...a: unknown[]) => Coro>;
    expect(h.run(s.a!())).toEqual({ x: 1 });
    expect(h.run(s.c!(9))).toBe(9);
  });

  it('keeps sleep from the fake runtime honest', () => {
    expect(sleep(1, 'r').done).toBe(false);
  });
});

describe('sync using lowering', () => {
  it('disposes at the end of the block, also on return and throw', async () => {
    const { compile } = await import('./compile');
    const r = compile(`function f(log: string[], fail: boolean) {\n  using a = mk(log, 'a');\n  using b = mk(log, 'b');\n  log.push('body');\n  if (fail) throw new Error('x');\n  return 1;\n}\nfunction mk(log: string[], n: string) { log.push('enter ' + n); return { [Symbol.dispose]() { log.push('exit ' + n); } }; }\nconst log1: string[] = []; f(log1, false);\nconst log2: string[] = []; try { f(log2, true); } catch {}\nprint(log1.join(','), '|', log2.join(','));`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.js.split('\n')[2]).toContain('try {');
    const out: string[] = [];
    const rt = {
      globals: { print: (...a: unknown[]) => out.push(a.join(' ')) },
      isMain: true,
      module: () => ({}),
      scope: () => {},
      binding: () => undefined,
      dispose: (x: { [Symbol.dispose](): void }) => x[Symbol.dispose](),
      pointBudget: () => 0,
      point: () => 0,
    };
    new Function('__rt', r.js)(rt);
    expect(out).toEqual(['enter a,enter b,body,exit b,exit a | enter a,enter b,body,exit b,exit a']);
  });
});

describe('module-level function expressions', () => {
  it('are defined in every thread, like function declarations', async () => {
    const { compile } = await import('./compile');
    const r = compile(`const helper = () => 42, twice = function (x: number) { return 2 * x; };\nconst n = helper();\nprint(twice(n));`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const run = (isMain: boolean) => {
      const out: unknown[] = [];
      let scope: () => Record<string, unknown> = () => ({});
      const rt = {
        globals: { print: (...a: unknown[]) => out.push(...a) },
        isMain,
        module: () => ({}),
        scope: (g: () => Record<string, unknown>) => (scope = g),
        binding: (name: string) => (name === 'n' ? 7 : undefined),
        pointBudget: () => 0,
        point: () => 0,
      };
      new Function('__rt', r.js)(rt);
      return { out, scope: scope() };
    };
    expect(run(true).out).toEqual([84]);
    const thread = run(false);
    expect(thread.out).toEqual([]);
    expect((thread.scope['helper'] as () => number)()).toBe(42);
    expect((thread.scope['twice'] as (x: number) => number)(thread.scope['n'] as number)).toBe(14);
  });
});

describe('for…of over range()', () => {
  it('becomes a counting loop with the same values, breaks, continues and labels', () => {
    const src = `
const seen: number[] = [];
for (const i of range(5)) { if (i === 1) continue; if (i === 4) break; seen.push(i); }
for (let i of range(10, 0, -3)) { i *= 2; seen.push(i); }
for (const i of range(3, 3)) seen.push(99);
outer: for (const a of range(3)) for (const b of range(3)) { if (b > a) continue outer; seen.push(a * 10 + b); }
print(seen);
`;
    expect(compile(src).ok && (compile(src) as { js: string }).js).toContain('__range');
    expect(runProgram(src).out).toEqual(['[0, 2, 3, 20, 14, 8, 2, 0, 10, 11, 20, 21, 22]']);
  });

  it('gives each iteration its own binding, and the body may redeclare the name', () => {
    const h = runProgram(`
const fs: (() => number)[] = [];
for (const i of range(3)) fs.push(() => i);
for (const _ of range(2)) { const _ = 'inner'; print(_); }
print(fs.map((f) => f()));
`);
    expect(h.out).toEqual(['inner', 'inner', '[0, 1, 2]']);
  });

  it('still checks the arguments as range() does', () => {
    expect(() => runProgram('for (const i of range(1.5)) print(i);')).toThrow(/'float' object cannot be interpreted as an integer/);
  });

  it('is left alone when the program names range itself', () => {
    for (const src of [
      'function f(range: (n: number) => number[]) { for (const i of range(2)) print(i); }\nf((n) => [7, n]);',
      'const range = (n: number) => [n];\nfor (const i of range(2)) print(i);',
      'const r = range;\nfor (const i of range(2)) print(i);',
    ]) {
      const res = compile(src);
      expect(res.ok && res.js).not.toContain('__range');
    }
    expect(runProgram('function f(range: (n: number) => number[]) { for (const i of range(2)) print(i); }\nf((n) => [7, n]);').out).toEqual(['7', '2']);
  });
});
