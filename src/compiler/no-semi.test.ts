/**
 * Issue 13 §1: semicolon-free code (Prettier `semi: false`, standard style) must compile to the
 * same program as the same code with semicolons. The compiler rewrites by splicing text, and
 * several rewrites start a statement with `(` or `[`; without a guard the previous line then
 * swallows it as a call or an index (`print(x)` + `(yield* __rt.await(…))`).
 *
 * The scenario check is structural: both outputs are parsed and compared as ASTs without
 * positions, parentheses and empty statements, so it does not depend on how fast anything runs.
 * The per-rewrite tests execute the compiled code through the fake runtime (fake-rt.fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'acorn';
import * as prettier from 'prettier';
import { compile } from './compile';
import { runProgram } from './fake-rt.fixture';

function compiled(source: string): string {
  const r = compile(source);
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.errors)}`);
  return r.js;
}

/**
 * The AST of a compiled body with what formatting may change taken out: positions, raw
 * spellings of literals (quotes), directive spellings, parentheses (acorn drops them unless
 * asked) and empty statements (the guard's `;`, Prettier's leading `;`).
 */
function shape(js: string): unknown {
  // Wrapped as `new Function` wraps it (a top-level `using` is legal only inside a function).
  const ast = parse(`(function (__rt) {${js}\n})`, { ecmaVersion: 'latest' });
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.filter((x) => !(isNodeLike(x) && x.type === 'EmptyStatement')).map(strip);
    }
    if (!isNodeLike(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'start' || k === 'end' || k === 'loc' || k === 'range' || k === 'directive') continue;
      if (k === 'raw' && v.type === 'Literal') continue;
      out[k] = strip(x);
    }
    return out;
  };
  return strip(ast);
}

function isNodeLike(v: unknown): v is Record<string, unknown> & { type?: unknown } {
  return typeof v === 'object' && v !== null;
}

const noSemi = (source: string): Promise<string> => prettier.format(source, { parser: 'typescript', semi: false });

function scenarioPorts(): Array<{ id: string; source: string }> {
  const dir = new URL('../scenarios/', import.meta.url);
  return readdirSync(dir)
    .filter((d) => existsSync(new URL(`${d}/port.ts`, dir)))
    .map((d) => ({ id: d, source: readFileSync(new URL(`${d}/port.ts`, dir), 'utf8') }));
}

describe('scenario ports reformatted with prettier --no-semi', () => {
  const ports = scenarioPorts();

  it('finds the 44 scenarios', () => {
    expect(ports).toHaveLength(44);
  });

  for (const { id, source } of ports) {
    it(`${id}: compiles to the same program as the original`, async () => {
      const reformatted = await noSemi(source);
      expect(reformatted).not.toBe(source);
      const a = compiled(source);
      const b = compiled(reformatted);
      expect(b.split('\n').length).toBe(reformatted.split('\n').length + 1);
      expect(shape(b)).toEqual(shape(a));
    });
  }
});

/**
 * Compiles a semicolon-free program, checks that it keeps its lines and compiles to the same
 * program as Prettier's semicolon form of it (Prettier puts each `;` where ASI puts it), then
 * runs it through the fake runtime (fake-rt.fixture.ts).
 */
async function runNoSemi(source: string, opts?: Parameters<typeof runProgram>[1]): Promise<ReturnType<typeof runProgram>> {
  const out = compiled(source);
  expect(out.split('\n').length).toBe(source.split('\n').length + 1);
  const withSemis = await prettier.format(source, { parser: 'typescript', semi: true });
  expect(shape(out)).toEqual(shape(compiled(withSemis)));
  return runProgram(source, opts);
}

type Main = () => unknown;
const mainOf = (h: ReturnType<typeof runProgram>, name = 'main'): unknown => h.run((h.scope()[name] as Main)());

describe('rewrites in semicolon-free code', () => {
  it('await after a call line (the issue: put, push, print)', async () => {
    const h = await runNoSemi(`import * as asyncio from 'asyncio'
const log: unknown[] = []
const q = { put: (v: unknown) => { log.push(v); return asyncio.sleep(0) } }
async function main() {
  for (let i = 0; i < 3; i++) await q.put(i)
  await q.put(null)
  const aws: unknown[] = []
  aws.push(asyncio.sleep(0, 'slept'))
  log.push(await aws[0])
  print(log)
  await asyncio.sleep(0)
  return 'done'
}
`);
    expect(mainOf(h)).toBe('done');
    expect(h.out).toEqual(['[0, 1, 2, null, slept]']);
  });

  it('await followed by lines starting with ( [ ` / (after ;) and + - / [ ` (continuing)', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
async function main() {
  const xs: unknown[] = []
  let v = await sleep(0, 2)
  ;[1, 2].forEach((x) => xs.push(x * v))
  await sleep(0)
  ;(() => xs.push('paren'))()
  await sleep(0)
  ;\`t\${v}\`.split('').forEach((c) => xs.push(c))
  await sleep(0)
  ;/re/.test('re') && xs.push('regex')
  v = await sleep(0, 10)
  + 1
  xs.push(v)
  v = await sleep(0, 10)
  - 4
  xs.push(v)
  v = await sleep(0, 8)
  / 2 / 2
  xs.push(v)
  const futs = [sleep(0, 'f0'), sleep(0, 'f1')]
  xs.push(await futs
  [1])
  const tag = await sleep(0, (s: TemplateStringsArray) => s[0] + '!')
  xs.push(tag
  \`tagged\`)
  let i = 0
  await sleep(0)
  ++i
  xs.push(i)
  return xs
}
async function early(flag: boolean) {
  if (flag) return
  await sleep(0)
  return 'late'
}
`);
    expect(mainOf(h)).toEqual([2, 4, 'paren', 't', '2', 'regex', 11, 6, 2, 'f1', 'tagged!', 1]);
    const early = h.scope().early as (f: boolean) => unknown;
    expect(h.run(early(true))).toBeUndefined();
    expect(h.run(early(false))).toBe('late');
  });

  it('async generators: value yields after a call, bare yields before ( [ ` + - /', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
async function* gen() {
  print('start')
  yield 1
  const r = yield
  -print('minus')
  print('r', r)
  yield
  ;[2].forEach((x) => print('bracket', x))
  yield
  (() => print('paren'))()
  yield
  \`tpl\`.length && print('template')
  yield
  +print('plus')
  yield
  /re/.test('re') && print('regex')
  const x = await sleep(0, 5)
  yield x
}
async function main() {
  const out: unknown[] = []
  for await (const v of gen()) out.push(v)
  return out
}
`);
    expect(mainOf(h)).toEqual([1, undefined, undefined, undefined, undefined, undefined, undefined, 5]);
    expect(h.out).toEqual(['start', 'minus', 'r undefined', 'bracket 2', 'paren', 'template', 'plus', 'regex']);
  });

  it('for await: statements in the body, a pattern head and a one-statement body', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
async function* nums() {
  yield 1
  yield 2
}
async function main() {
  const out: number[] = []
  for await (const n of nums()) {
    out.push(n)
    await sleep(0)
  }
  let last = 0
  print('before')
  for await (last of nums()) out.push(last * 10)
  print(last)
  for await (const n of nums()) print(n)
  await sleep(0)
  return out
}
`);
    expect(mainOf(h)).toEqual([1, 2, 10, 20]);
    expect(h.out).toEqual(['before', '2', '1', '2']);
  });

  it('await using and using, followed by a line starting with [', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
const log: string[] = []
function res(name: string) {
  return {
    [Symbol.asyncDispose]() {
      log.push('adispose ' + name)
      return sleep(0)
    },
    [Symbol.dispose]() {
      log.push('dispose ' + name)
    },
  }
}
async function main() {
  log.push('start')
  await using a = res('a')
  log.push('body')
  using b = res('b')
  ;[1].forEach(() => log.push('bracket'))
  await sleep(0)
  return log
}
`);
    expect(mainOf(h)).toEqual(['start', 'body', 'bracket', 'dispose b', 'adispose a']);
  });

  it('range loops', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
async function main() {
  const xs: number[] = []
  xs.push(-1)
  for (const i of range(3)) xs.push(i)
  for (const i of range(2))
    [10, 20].forEach((d) => xs.push(d + i))
  xs.push(-2)
  for (const i of range(2)) await sleep(0)
  xs.push(-3)
  return xs
}
`);
    expect(h.js).toContain('__range');
    expect(mainOf(h)).toEqual([-1, 0, 1, 2, 10, 20, 11, 21, -2, -3]);
  });

  it('switch cases, labels and loop bodies', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
async function sw(n: number) {
  const out: unknown[] = []
  switch (n) {
    case 1:
      out.push('one')
      await sleep(0)
      out.push('after')
      break
    default:
      out.push('default')
  }
  outer: for (const i of [1, 2]) {
    out.push(i)
    await sleep(0)
    if (i === 1) continue outer
    inner: await sleep(0)
  }
  while (out.length < 6) await sleep(0, out.push('w'))
  return out
}
`);
    const sw = h.scope().sw as (n: number) => unknown;
    expect(h.run(sw(1))).toEqual(['one', 'after', 1, 2, 'w', 'w']);
    expect(h.run(sw(2))).toEqual(['default', 1, 2, 'w', 'w', 'w']);
  });

  it('top-level function bindings and thread-mode declarations', async () => {
    const source = `const Box = class {
  v = 1
}
const make = () => new Box()
const n = make().v
let m
m = n + 1
print(n, m)
const C = class {}
export { C };
const g = () => m
`;
    const main = await runNoSemi(source);
    expect(main.out).toEqual(['1 2']);
    expect((main.scope().g as () => number)()).toBe(2);
    const thread = runProgram(source, { isMain: false, bindings: { n: 5, m: 7 } });
    expect(thread.out).toEqual([]);
    const s = thread.scope() as { make: () => { v: number }; n: number; g: () => number };
    expect([s.make().v, s.n, s.g()]).toEqual([1, 5, 7]);
  });

  it('top-level using and export default expressions', async () => {
    const source = `import { ThreadPoolExecutor } from 'concurrent.futures'
print('a')
using ex = new ThreadPoolExecutor(2)
const f = () => ex
using ey = new ThreadPoolExecutor(1)
;[ex].forEach(print)
export default [1, 2].map((x) => x * 2)
print('b')
`;
    // Node 20 cannot run a native \`using\`: the structural comparison is the check here.
    const out = compiled(source);
    expect(out.split('\n').length).toBe(source.split('\n').length + 1);
    expect(shape(out)).toEqual(shape(compiled(await prettier.format(source, { parser: 'typescript', semi: true }))));
    const h = await runNoSemi(`print('a')\nexport default [1, 2].forEach((x) => print(x * 2))\nprint('b')\n`);
    expect(h.out).toEqual(['a', '2', '4', 'b']);
  });

  it('class elements whose async and * are removed', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
class Src {
  items = ['a', 'b']
  async *[Symbol.asyncIterator]() {
    for (const i of this.items) yield i
  }
  n = 1
  static async *['make']() {
    yield 'static'
  }
  m = 2
  async ['get']() {
    await sleep(0)
    return this.n + this.m
  }
  k
  async *['more']() {
    yield 'more'
  }
}
async function main() {
  const out: unknown[] = []
  for await (const v of new Src()) out.push(v)
  for await (const v of Src.make()) out.push(v)
  for await (const v of new Src().more()) out.push(v)
  out.push(await new Src().get())
  return out
}
`);
    expect(mainOf(h)).toEqual(['a', 'b', 'static', 'more', 3]);
  });

  it("keeps directive prologues: no guard before a list's first statement", () => {
    const out = compiled(`function f() {
  'use strict'
  'another'
  return 1
}
async function g() {
  'use strict'
  return 2
}
`);
    const body = parse(out, { ecmaVersion: 'latest' }).body;
    const f = body.find((s) => s.type === 'FunctionDeclaration' && s.id.name === 'f');
    // The entry point comes after the prologue, with the `;` that ends the last directive.
    expect(f?.type === 'FunctionDeclaration' && f.body.body.map((s) => ('directive' in s ? s.directive : s.type))).toEqual([
      'use strict',
      'another',
      'IfStatement',
      'EmptyStatement',
      'ReturnStatement',
    ]);
    expect(out.split('\n')[1]).toBe("  'use strict'");
  });
});

describe('the guard leaves code with semicolons as it was', () => {
  it('adds no ; after statements that end with one', () => {
    const out = compiled(`import { sleep } from 'asyncio';
async function main() {
  print(1);
  await sleep(0);
  print(2);
}
`);
    expect(out).not.toMatch(/;;|\n\s*;/);
  });

  it('disposes an async resource after a block written without semicolons', async () => {
    const h = await runNoSemi(`import { sleep } from 'asyncio'
async function main() {
  const log: string[] = []
  {
    await using r = { [Symbol.asyncDispose]: () => sleep(0, log.push('closed')) }
    log.push('in')
  }
  log.push('out')
  return log
}
`);
    expect(mainOf(h)).toEqual(['in', 'closed', 'out']);
  });
});
