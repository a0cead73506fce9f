/**
 * The block forms of asyncio (`async with` → `await using`): `asyncio.timeout()` and
 * `asyncio.TaskGroup`, plus `asyncio.to_thread`, run as programs through the real compiler and
 * this runtime (one thread). Each expected output is what CPython 3.11 prints for the same
 * program (the Python twin is in each test's comment where it differs in form).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile';
import { exceptionClasses } from '../errors';
import { programRtHere } from '../program.fixture';
import { formatTraceback } from '../traceback';
import { asyncioModule, setDefaultExecutorFactory, type ExecutorLike } from './index';
import { setup } from './asyncio.fixture';

let reports: string[] = [];
beforeEach(() => {
  reports = setup();
  setDefaultExecutorFactory(null);
});

/** Runs a program; returns its printed lines, and the traceback lines if it raised. */
function run(source: string): { out: string[]; error: unknown } {
  const compiled = compile(source);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const out: string[] = [];
  const rt = programRtHere(out, { asyncio: asyncioModule });
  let error: unknown = null;
  try {
    new Function('__rt', `${compiled.js}\n//# sourceURL=program.ts`)(rt);
  } catch (e) {
    error = e;
  }
  return { out, error };
}

describe('asyncio.timeout / timeout_at (await using)', () => {
  it('behaves as CPython 3.11 (expiry, in time, reschedule, past deadline, nesting, errors, outer cancel)', () => {
    const { out, error } = run(`import * as asyncio from 'asyncio';
async function work(log: string[]) {
  try {
    await asyncio.sleep(1);
    log.push('work finished');
  } finally {
    log.push('work cleanup');
  }
}
async function main() {
  const loop = asyncio.get_running_loop();
  const log: string[] = [];
  let t!: asyncio.Timeout;
  try {
    await using t1 = asyncio.timeout(0.05);
    t = t1;
    print('entered', String(t).split(' when=')[0], t.expired());
    await work(log);
    print('not reached');
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print('TimeoutError', (e.cause as Error).name, t.expired(), String(t), log);
  }
  let t2!: asyncio.Timeout;
  {
    await using t = asyncio.timeout(1);
    t2 = t;
    await asyncio.sleep(0.01);
  }
  print('in time', t2.expired(), String(t2), t2.when() !== null);
  let t3!: asyncio.Timeout;
  try {
    await using t = asyncio.timeout(null);
    t3 = t;
    print('when None', t.when());
    t.reschedule(loop.time() + 0.02);
    await asyncio.sleep(1);
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print('rescheduled fired', t3.expired());
  }
  let t4!: asyncio.Timeout;
  {
    await using t = asyncio.timeout(0.01);
    t4 = t;
    t.reschedule(null);
    await asyncio.sleep(0.03);
  }
  print('reschedule(None) kept it from firing', t4.expired());
  try {
    await using _ = asyncio.timeout_at(loop.time() - 1);
    await asyncio.sleep(0);
    print('not reached 4');
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print('timeout_at past fires at the next await');
  }
  let outer!: asyncio.Timeout;
  try {
    await using o = asyncio.timeout(0.02);
    outer = o;
    let inner!: asyncio.Timeout;
    try {
      await using i = asyncio.timeout(1);
      inner = i;
      await asyncio.sleep(1);
    } catch (e) {
      if (e instanceof asyncio.CancelledError) print('inner sees CancelledError', inner.expired());
      throw e;
    }
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    print('outer TimeoutError', outer.expired());
  }
  try {
    const t5 = new asyncio.Timeout(null);
    t5.reschedule(1);
  } catch (e) {
    if (e instanceof RuntimeError) print('RuntimeError', e.message);
  }
  try {
    let t6!: asyncio.Timeout;
    {
      await using t = asyncio.timeout(1);
      t6 = t;
    }
    t6.reschedule(1);
  } catch (e) {
    if (e instanceof RuntimeError) print('RuntimeError', e.message);
  }
  try {
    await using _ = asyncio.timeout(1);
    throw new ValueError('inner');
  } catch (e) {
    if (e instanceof ValueError) print('ValueError passes', e.message);
  }
  async function victim() {
    await using _ = asyncio.timeout(1);
    await asyncio.sleep(1);
  }
  const v = asyncio.create_task(victim());
  await asyncio.sleep(0.01);
  v.cancel();
  try {
    await v;
  } catch (e) {
    if (e instanceof asyncio.CancelledError) print('cancelled from outside stays CancelledError', v.cancelled());
  }
}
asyncio.run(main());
try {
  asyncio.timeout(1);
} catch (e) {
  if (e instanceof RuntimeError) print('outside', e.message);
}
`);
    expect(error).toBe(null);
    expect(out).toEqual([
      'entered <Timeout [active] False',
      "TimeoutError CancelledError True <Timeout [expired]> ['work cleanup']",
      'in time False <Timeout [finished]> True',
      'when None None',
      'rescheduled fired True',
      'reschedule(None) kept it from firing False',
      'timeout_at past fires at the next await',
      'inner sees CancelledError False',
      'outer TimeoutError True',
      'RuntimeError Timeout has not been entered',
      'RuntimeError Cannot change state of finished Timeout',
      'ValueError passes inner',
      'cancelled from outside stays CancelledError True',
      'outside no running event loop',
    ]);
  });

  it('the Python protocol (__aenter__/__aexit__) works too, and a timeout is entered once', () => {
    const { out, error } = run(`import * as asyncio from 'asyncio';
async function main() {
  const t = asyncio.timeout(0.01);
  print(await t.__aenter__() === t);
  try {
    await asyncio.sleep(1);
  } catch (e) {
    try { await t.__aexit__(e.constructor, e, null); } catch (e2) { print(e2.name, t.expired()); }
  }
  const u = new asyncio.Timeout(null);
  await u.__aenter__();
  try { await u.__aenter__(); } catch (e) { print(e.message); }
  await u.__aexit__(null, null, null);
  print(String(u));
}
asyncio.run(main());
`);
    expect(error).toBe(null);
    expect(out).toEqual(['True', 'TimeoutError True', 'Timeout has already been entered', '<Timeout [finished]>']);
  });
});

describe('asyncio.TaskGroup (await using)', () => {
  it('behaves as CPython 3.11 (success, a failure cancels the rest and the block, several failures, the block raising, outer cancellation, misuse)', () => {
    const { out, error } = run(`import * as asyncio from 'asyncio';
async function ok(name: string, t: number) {
  await asyncio.sleep(t);
  print('done', name);
  return name;
}
async function bad(msg: string, t: number) {
  await asyncio.sleep(t);
  throw new ValueError(msg);
}
async function slow(name: string) {
  try {
    await asyncio.sleep(1);
  } catch (e) {
    if (e instanceof asyncio.CancelledError) print('cancelled', name);
    throw e;
  }
}
async function main() {
  let g!: asyncio.TaskGroup;
  let a!: asyncio.Task<string>, b!: asyncio.Task<string>;
  {
    await using tg = new asyncio.TaskGroup();
    g = tg;
    a = tg.create_task(ok('a', 0.02));
    b = tg.create_task(ok('b', 0.01), { name: 'bee' });
    print('in block', String(tg));
  }
  print('after', a.result(), b.result(), b.get_name(), String(g));
  try {
    await using tg = new asyncio.TaskGroup();
    g = tg;
    tg.create_task(slow('s1'));
    tg.create_task(bad('boom', 0.01));
    await asyncio.sleep(1);
    print('not reached');
  } catch (e) {
    if (!(e instanceof ExceptionGroup)) throw e;
    print('group', String(e).slice('ExceptionGroup: '.length), e.exceptions.map((x) => repr(x)), String(g));
  }
  try {
    await using tg = new asyncio.TaskGroup();
    tg.create_task(bad('x', 0.01));
    tg.create_task(bad('y', 0.01));
  } catch (e) {
    if (!(e instanceof ExceptionGroup)) throw e;
    print('group', String(e).slice('ExceptionGroup: '.length), e.exceptions.map((x) => (x as Error).message));
  }
  try {
    await using tg = new asyncio.TaskGroup();
    tg.create_task(slow('s2'));
    throw new ValueError('body');
  } catch (e) {
    if (!(e instanceof ExceptionGroup)) throw e;
    print('group', String(e).slice('ExceptionGroup: '.length), e.exceptions.map((x) => (x as Error).message));
  }
  async function parent() {
    await using tg = new asyncio.TaskGroup();
    tg.create_task(slow('s3'));
    await asyncio.sleep(1);
  }
  const p = asyncio.create_task(parent());
  await asyncio.sleep(0.01);
  p.cancel();
  try {
    await p;
  } catch (e) {
    if (e instanceof asyncio.CancelledError) print('parent cancelled', p.cancelled());
  }
  try {
    g.create_task(ok('late', 0));
  } catch (e) {
    if (e instanceof RuntimeError) print('RuntimeError', e.message);
  }
  try {
    await using tg = new asyncio.TaskGroup();
    tg.create_task(slow('s4'));
    tg.create_task(bad('late', 0.01));
    print('block ends');
  } catch (e) {
    if (!(e instanceof ExceptionGroup)) throw e;
    print('group', String(e).slice('ExceptionGroup: '.length), e.exceptions.map((x) => (x as Error).message));
  }
  async function spawner(tg: asyncio.TaskGroup) {
    await asyncio.sleep(0);
    tg.create_task(ok('child', 0.01));
  }
  {
    await using tg = new asyncio.TaskGroup();
    tg.create_task(spawner(tg));
  }
  print('nested done');
}
function repr(x: unknown) { return x instanceof Error ? x.name + "('" + x.message + "')" : String(x); }
asyncio.run(main());
`);
    expect(error).toBe(null);
    expect(out).toEqual([
      'in block <TaskGroup tasks=2 entered>',
      'done b',
      'done a',
      'after a b bee <TaskGroup entered>',
      'cancelled s1',
      `group unhandled errors in a TaskGroup (1 sub-exception) ["ValueError('boom')"] <TaskGroup cancelling>`,
      "group unhandled errors in a TaskGroup (2 sub-exceptions) ['x', 'y']",
      "group unhandled errors in a TaskGroup (1 sub-exception) ['body']",
      'cancelled s3',
      'parent cancelled True',
      'RuntimeError TaskGroup <TaskGroup cancelling> is finished',
      'block ends',
      'cancelled s4',
      "group unhandled errors in a TaskGroup (1 sub-exception) ['late']",
      'done child',
      'nested done',
    ]);
  });

  it('an uncaught group prints as Python prints an exception group', () => {
    const source = `import * as asyncio from 'asyncio';
async function bad(n: number) {
  await asyncio.sleep(0.01);
  throw new ValueError('x' + n);
}
async function main() {
  await using tg = new asyncio.TaskGroup();
  tg.create_task(bad(1));
  tg.create_task(bad(2));
}
asyncio.run(main());
`;
    // As in a program worker (worker.ts): the outer frames too.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    const { error } = run(source);
    Error.stackTraceLimit = limit;
    expect(error).toBeInstanceOf(exceptionClasses.ExceptionGroup);
    const lines = formatTraceback(error, { source, lineOffset: 2 });
    expect(lines[0]).toBe('  + Exception Group Traceback (most recent call last):');
    // The block's end raises it (Python names the `async with` line).
    expect(lines.slice(1, 5)).toEqual(['  |   File "program.ts", line 11, in <module>', '  |     asyncio.run(main());', '  |   File "program.ts", line 10, in main', '  |     }']);
    expect(lines).toContain('  | ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)');
    const sub = lines.slice(lines.indexOf('  | ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)') + 1);
    // A task's frames start at the module here (V8 keeps the stack the loop ran it on).
    expect(sub).toEqual([
      '  +-+---------------- 1 ----------------',
      '    | Traceback (most recent call last):',
      '    |   File "program.ts", line 11, in <module>',
      '    |     asyncio.run(main());',
      '    |   File "program.ts", line 4, in bad',
      "    |     throw new ValueError('x' + n);",
      '    | ValueError: x1',
      '    +---------------- 2 ----------------',
      '    | Traceback (most recent call last):',
      '    |   File "program.ts", line 11, in <module>',
      '    |     asyncio.run(main());',
      '    |   File "program.ts", line 4, in bad',
      "    |     throw new ValueError('x' + n);",
      '    | ValueError: x2',
      '    +------------------------------------',
    ]);
  });
});

describe('asyncio.to_thread', () => {
  it("runs the function through the loop's default executor; its result and exception come back", () => {
    const calls: string[] = [];
    const executor: ExecutorLike = {
      submit(fn, ...args) {
        calls.push(`submit ${(fn as { name: string }).name}(${args.join(', ')})`);
        let value: unknown = null;
        let err: unknown = null;
        try {
          value = (fn as (...a: unknown[]) => unknown)(...args);
        } catch (e) {
          err = e;
        }
        const f = {
          add_done_callback: (cb: (f: never) => void) => cb(f as never),
          done: () => true,
          result: () => value,
          exception: () => err,
        };
        return f;
      },
    };
    setDefaultExecutorFactory(() => executor);
    const { out, error } = run(`import * as asyncio from 'asyncio';
function add(a: number, b: number) { return a + b; }
function fail(msg: string) { throw new ValueError(msg); }
async function main() {
  print(await asyncio.to_thread(add, 2, 3));
  try { await asyncio.to_thread(fail, 'nope'); } catch (e) { print(String(e)); }
  try { asyncio.to_thread(42 as never); } catch (e) { print(String(e)); }
}
asyncio.run(main());
`);
    expect(error).toBe(null);
    expect(out).toEqual(['5', 'ValueError: nope', "TypeError: 'int' object is not callable"]);
    expect(calls).toEqual(['submit add(2, 3)', 'submit fail(nope)']);
    expect(reports).toEqual([]);
  });
});
