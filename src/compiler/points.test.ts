/**
 * Compiler-inserted scheduling points (issue 15 §2): one at the start of every loop iteration and
 * one on entry to every function, as a countdown (`if (--__pc < 0) __pc = __rt.point();`). The
 * testkit's fake `__rt.point()` counts its calls and returns a fixed budget, so the exact number
 * of points a known program passes can be checked (a call every budget + 1 points).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import * as prettier from 'prettier';
import { compile, POINT, POINT_EXPR } from './compile';
import { runProgram, thrownStack, type Harness } from './fake-rt.fixture';

function js(source: string): string {
  const r = compile(source);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors)}`);
  // Valid JavaScript as `new Function` sees it.
  parse(`(function (__rt) {${r.js}\n})`, { ecmaVersion: 'latest' });
  return r.js;
}

/** The compiled text of source line `n` (1-based). */
function line(source: string, n: number): string {
  return js(source).split('\n')[n - 1] ?? '';
}

const P = POINT;
const E = POINT_EXPR;

describe('where the points go', () => {
  it('declares the countdown once, in the prelude on line 1', () => {
    const out = js('print(1)\n');
    expect(out.split('\n')[0]).toMatch(/^"use strict";let __pc = __rt\.pointBudget\(\);/);
    expect(out.match(/let __pc/g)).toHaveLength(1);
    // Top-level code without loops or functions has no point.
    expect(out).not.toContain('__rt.point()');
  });

  it.each([
    ['for', 'for (let i = 0; i < 3; i++) {\n  print(i);\n}', `for (let i = 0; i < 3; i++) {${P}`],
    ['for…in', 'for (const k in o) {\n  print(k);\n}', `for (const k in o) {${P}`],
    ['for…of', 'for (const x of xs) {\n  print(x);\n}', `for (const x of xs) {${P}`],
    ['for…of range()', 'for (const x of range(3)) {\n  print(x);\n}', `{const x = __i1; {${P}`],
    ['while', 'while (c()) {\n  print(1);\n}', `while (c()) {${P}`],
    ['do…while', 'do {\n  print(1);\n} while (c());', `do {${P}`],
    ['labelled', 'outer: for (;;) {\n  break outer;\n}', `outer: for (;;) {${P}`],
  ])('%s: first in the block body', (_name, source, expected) => {
    expect(line(source, 1)).toContain(expected);
  });

  it.each([
    ['for', 'for (let i = 0; i < 3; i++) print(i);', `for (let i = 0; i < 3; i++) {${P} print(i);}`],
    ['for…in', 'for (const k in o) print(k)', `for (const k in o) {${P} print(k)}`],
    ['for…of', 'for (const x of xs) print(x);', `for (const x of xs) {${P} print(x);}`],
    ['while', 'while (c()) n++;', `while (c()) {${P} n++;}`],
    ['while, empty body', 'while (c());', `while (c()){${P} ;}`],
    ['do…while', 'do n++; while (c());', `do {${P} n++;} while (c());`],
    ['nested', 'for (;;) while (c()) n++;', `for (;;) {${P} while (c()) {${P} n++;}}`],
    ['if/else around it', 'if (a) for (;;) f(); else g();', `if (a) for (;;) {${P} f();} else g();`],
    ['if/else inside it', 'while (c()) if (a) f(); else g();', `while (c()) {${P} if (a) f(); else g();}`],
    ['labelled body', 'for (;;) inner: for (;;) break inner;', `for (;;) {${P} inner: for (;;) {${P} break inner;}}`],
  ])('%s: a body that is not a block gets braces', (_name, source, expected) => {
    expect(line(`if (__name__) {${source}}`, 1)).toContain(expected);
  });

  it('for await: after the next value is taken, before the body', () => {
    const out = line('async function f(it) { for await (const x of it) print(x); }', 1);
    expect(out).toContain(`x = __r1.value; {${P} print(x);}}`);
  });

  it.each([
    ['declaration', 'function f(a) { return a; }', `function f(a) {${P} return a; }`],
    ['expression', 'const f = function (a) { return a; };', `function (a) {${P} return a; }`],
    ['arrow, block body', 'const f = (a) => { return a; };', `(a) => {${P} return a; }`],
    ['arrow, expression body', 'const f = (a) => a + 1;', `(a) => (${E}, a + 1)`],
    ['arrow, object body', 'const f = (a) => ({ a });', `(a) => (${E}, ({ a }))`],
    ['arrow returning an arrow', 'const f = (a) => (b) => a + b;', `(a) => (${E}, (b) => (${E}, a + b))`],
    ['generator', 'function* g() { yield 1; }', `function* g() {${P} yield 1; }`],
    ['empty body', 'function f() {}', `function f() {${P}}`],
    ['method', 'class A { m() { return 1; } }', `m() {${P} return 1; }`],
    ['getter', 'class A { get v() { return 1; } }', `get v() {${P} return 1; }`],
    ['setter', 'class A { set v(x) { this.x = x; } }', `set v(x) {${P} this.x = x; }`],
    ['constructor', 'class A extends B { constructor() { super(); } }', `constructor() {${P} super(); }`],
    ['static method', 'class A { static s() { return 1; } }', `static s() {${P} return 1; }`],
    ['object method', 'const o = { m() { return 1; } };', `m() {${P} return 1; }`],
    ['object getter', 'const o = { get v() { return 1; } };', `get v() {${P} return 1; }`],
    ['class field arrow', 'class A { f = () => this; }', `f = () => (${E}, this)`],
    ['default parameter', 'function f(g = () => 1) { return g(); }', `function f(g = () => (${E}, 1)) {${P} return g(); }`],
    ['async function', 'async function f() { return 1; }', `function f() {${P}return __rt.async(this, arguments, function* __co_f() { return 1; }`],
    ['async arrow, expression body', 'const f = async () => 1;', `() => (${E}, __rt.async(this, [], function* __co_f() {return 1;}, undefined, "f"))`],
    ['async generator', 'async function* g() { yield 1; }', `function g() {${P}return __rt.asyncgen(`],
    ['async method using super', 'class A extends B { async m() { return super.m(); } }', `async m() {${P}`],
  ])('function entry: %s', (name, source, expected) => {
    const out = line(`${source}\nprint(1);`, 1);
    if (name === 'async method using super') {
      expect(out).toContain(`m() {const __super1 = (k) => super[k];${P}return __rt.async(`);
    } else {
      expect(out).toContain(expected);
    }
  });

  it('comes after a directive prologue, which stays a prologue', () => {
    for (const [source, expected] of [
      ["function f() { 'use strict'; return 1; }", `function f() { 'use strict';${P} return 1; }`],
      ["function f() {\n  'use strict'\n  return 1\n}", `  'use strict';${P}`],
      ["function f() { 'a'; \"b\"\n  return 1 }", `function f() { 'a'; "b";${P}`],
    ] as const) {
      const out = js(source);
      expect(out).toContain(expected);
      const fn = parse(out, { ecmaVersion: 'latest' }).body.find((s) => s.type === 'FunctionDeclaration');
      const first = fn?.type === 'FunctionDeclaration' ? fn.body.body[0] : undefined;
      expect(first && 'directive' in first ? first.directive : null).toMatch(/^(use strict|a)$/);
    }
  });
});

describe('what the points change: nothing but the count', () => {
  it('runs each point before the iteration or body it starts', () => {
    const h = runProgram(
      `
function f() { print('in f'); }
const g = () => print('in g');
function* gen() { print('gen body'); }
for (const x of [1, 2]) print(x);
let i = 0;
do print('do', i); while (++i < 2);
f();
g();
const it = gen();
print('made');
it.next();
`,
      { logPoints: true },
    );
    expect(h.out).toEqual(['·', '1', '·', '2', '·', 'do 0', '·', 'do 1', '·', 'in f', '·', 'in g', 'made', '·', 'gen body']);
  });

  it('keeps this, arguments, super, new.target, hoisting and per-iteration bindings', () => {
    const h = runProgram(`
print(hoisted());
function hoisted() { return 'hoisted'; }
function count() { return arguments.length; }
function self(this: unknown) { return (() => this)(); }
function made() { return new.target === made; }
class A { hi() { return 'A'; } get g() { return 'get'; } }
class B extends A {
  x: number;
  constructor() { super(); this.x = 1; }
  hi() { return super.hi() + 'B' + this.x; }
  static s = () => this.name;
}
const fns: Array<() => number> = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
const o = { n: 5, m() { return this.n; }, set v(x: number) { this.n = x; } };
o.v = 6;
print(count(1, 2, 3), self.call('me'), new (made as any)(), made(), new B().hi(), new B().g, B.s(), fns.map((f) => f()), o.m());
`);
    expect(h.out).toEqual(['hoisted', '3 me [object Object] false AB1 get B [0, 1, 2] 6']);
  });

  it('keeps labels, continue and break', () => {
    const h = runProgram(`
const seen: string[] = [];
outer: for (const a of [1, 2, 3]) {
  inner: for (let b = 0; ; b++) {
    if (b === 2) continue outer;
    if (a === 3) break outer;
    if (b === 0) continue inner;
    seen.push(a + ':' + b);
  }
}
let n = 0;
lbl: while (true) { n++; if (n < 3) continue lbl; break; }
print(seen, n);
`);
    expect(h.out).toEqual(['[1:1, 2:1] 3']);
  });
});

/**
 * A program whose points can be counted by hand: 61 of them. Each line's count is in its
 * comment (entries of functions, then iterations of loops).
 */
const COUNTED = `import * as asyncio from 'asyncio';

function add(a: number, b: number): number { return a + b; }
const sq = (x: number) => x * x;
class Acc {
  total = 0;
  constructor(start: number) { this.total = start; }
  add(x: number) { this.total += x; return this; }
  get value() { return this.total; }
  set value(v: number) { this.total = v; }
  static make() { return new Acc(1); }
}
function* gen(n: number) { for (let i = 0; i < n; i++) yield i; }
async function* agen(n: number) { let i = 0; while (i < n) { yield i; i++; } }
async function co(n: number) { let s = 0; for await (const x of agen(n)) s += x; return s; }

let total = 0;
for (let i = 0; i < 5; i++) total = add(total, sq(i)); // 5 iterations, 5 add, 5 sq: 15
for (const k in { a: 1, bb: 2 }) total += k.length; // 2
for (const x of [1, 2, 3]) { if (x === 2) continue; total += x; } // 3
let j = 0;
while (j < 4) j++; // 4
do j--; while (j > 0); // 4
outer: for (const a of range(3)) { // 3
  for (const b of range(3)) { // 2 per outer iteration: 6
    if (b === 1) continue outer;
    total += a * 10 + b;
  }
}
for (;;) { if (++j === 3) break; } // 3
const acc = Acc.make().add(2); // make, constructor, add: 3
acc.value = acc.value + 1; // getter, setter: 2
for (const v of gen(3)) total += v; // gen 1 + its loop 3, this loop 3: 7
total += asyncio.run(co(3)) as number; // co 1, agen 1, for await 3, agen's while 3: 8
print(total, acc.value, j); // getter: 1
`;
const COUNTED_POINTS = 61;
const COUNTED_OUT = ['73 4 3'];

describe('counting points', () => {
  it.each([0, 1, 3, 7, 60, 61, 1000])('budget %i: a call every budget + 1 points, output unchanged', (budget) => {
    const h = runProgram(COUNTED, { pointBudget: budget });
    expect(h.out).toEqual(COUNTED_OUT);
    expect(h.pointCalls()).toBe(Math.floor(COUNTED_POINTS / (budget + 1)));
  });

  it('a never-due budget (parallel mode) runs the same program without calls', () => {
    const h = runProgram(COUNTED, { pointBudget: 0x3fffffff });
    expect(h.out).toEqual(COUNTED_OUT);
    expect(h.pointCalls()).toBe(0);
  });
});

describe('code without semicolons', () => {
  const noSemi = (source: string): Promise<string> => prettier.format(source, { parser: 'typescript', semi: false });
  const count = (h: Harness): number => h.pointCalls();

  it('the counted program reformatted with prettier --no-semi: same output, same points', async () => {
    const reformatted = await noSemi(COUNTED);
    expect(reformatted).not.toContain('; //');
    const h = runProgram(reformatted);
    expect(h.out).toEqual(COUNTED_OUT);
    expect(count(h)).toBe(COUNTED_POINTS);
    expect(h.js.split('\n')).toHaveLength(reformatted.split('\n').length + 1);
  });

  it('loop bodies and arrow bodies next to lines that start with ( or [', async () => {
    const source = `const log: unknown[] = [];
let n = 0;
const xs = [1, 2, 3];
for (const x of xs) n += x;
[n] = [n * 2];
while (n > 10) n--;
(log as unknown[]).push(n);
do n++; while (n < 12);
[1, 2].forEach((v) => log.push(v));
const f = () => n;
(log as unknown[]).push(f());
if (n) for (const x of xs) log.push(x);
else log.push('never');
const g = (a: number) => (b: number) => a + b;
[3].forEach((v) => log.push(g(v)(1)));
function h() {
  'use strict';
  return typeof this;
}
(log as unknown[]).push(h());
print(log);
`;
    const reformatted = await noSemi(source);
    // Prettier's semicolon-free style: the lines that start with ( or [ open with ;.
    expect(reformatted).toContain('\n;[n] = [n * 2]\n');
    expect(reformatted).not.toMatch(/;\n/);
    const a = runProgram(source);
    const b = runProgram(reformatted);
    expect(a.out).toEqual(['[10, 1, 2, 12, 1, 2, 3, 4, undefined]']);
    expect(b.out).toEqual(a.out);
    expect(count(b)).toBe(count(a));
    expect(count(a)).toBeGreaterThan(10);
  });

  it('do…while and loops whose body ended by ASI', () => {
    const h = runProgram(`let n = 0
do n++
while (n < 3)
const seen = []
for (const x of [1, 2]) seen.push(x)
;(seen as number[]).push(n)
for (;;) break
while (n > 0) n--
print(seen, n)
`);
    expect(h.out).toEqual(['[1, 2, 3] 0']);
  });
});

describe('line numbers', () => {
  it('keeps every line, and a runtime error in a braced loop body or an arrow body on its line', () => {
    const source = `function boom(x: number) {
  return [x].map((v) =>
    v > 1
      ? (() => { throw new Error('boom ' + v); })()
      : v)[0]! + 1
}
let n = 0
while (n < 5)
  n += boom(n)
`;
    const out = js(source).split('\n');
    expect(out).toHaveLength(source.split('\n').length + 1);
    const stack = thrownStack(source);
    expect(stack).toContain('boom 3');
    // new Function adds two lines of its own: program line 4 is frame line 6, line 9 is 11.
    expect(stack).toMatch(/program\.ts:6:\d+/);
    expect(stack).toMatch(/program\.ts:11:\d+/);
  });
});
