import { describe, expect, it } from 'vitest';
import { decode, encode } from '../lib/codec';
import { KeyError, RuntimeError, ValueError, exceptionClasses } from './errors';
import {
  exceptionDisplayName,
  formatExceptionOnly,
  formatTraceback,
  measureLineOffset,
  parseProgramFrames,
  programLineOf,
} from './traceback';

/** Runs `source` the way the runtime does and returns what it threw. */
function runProgram(source: string, rt: Record<string, unknown> = {}): unknown {
  const fn = new Function('__rt', `${source}\n//# sourceURL=program.ts`) as (rt: unknown) => unknown;
  try {
    fn({ ...exceptionClasses, ...rt });
  } catch (err) {
    return err;
  }
  throw new Error('program did not throw');
}

/** 1-based line of the first source line containing `snippet`. */
function lineOf(source: string, snippet: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(snippet));
  if (i < 0) throw new Error(`no line with ${snippet}`);
  return i + 1;
}

const offset = measureLineOffset();

describe('measureLineOffset', () => {
  it('measures the Function wrapper lines (2 in V8)', () => {
    expect(offset).toBe(2);
    expect(measureLineOffset()).toBe(offset);
  });
});

const PROGRAM = `"use strict";
const { ValueError } = __rt;
function work(n) {
  if (n > 2) {
    throw new ValueError('n too big: ' + n);
  }
  return n;
}
class Worker {
  constructor(n) {
    this.n = work(n);
  }
  run() {
    return new Worker(this.n + 5);
  }
}
function* __co_main() {
  yield 1;
  new Worker(1).run();
}
__rt.drive(__co_main());`;

/** Stands in for the runtime's event loop: a frame outside program.ts. */
function drive(gen: Iterator<unknown>): void {
  while (!gen.next().done);
}

describe('formatTraceback', () => {
  it('formats a real V8 stack as CPython would', () => {
    const err = runProgram(PROGRAM, { drive });
    expect(err).toBeInstanceOf(ValueError);
    const L = (s: string): number => lineOf(PROGRAM, s);
    expect(formatTraceback(err, { source: PROGRAM, lineOffset: offset })).toEqual([
      'Traceback (most recent call last):',
      `  File "program.ts", line ${L('__rt.drive(')}, in <module>`,
      '    __rt.drive(__co_main());',
      `  File "program.ts", line ${L('new Worker(1).run()')}, in main`,
      '    new Worker(1).run();',
      `  File "program.ts", line ${L('return new Worker')}, in run`,
      '    return new Worker(this.n + 5);',
      `  File "program.ts", line ${L('this.n = work(n)')}, in __init__`,
      '    this.n = work(n);',
      `  File "program.ts", line ${L('throw new ValueError')}, in work`,
      "    throw new ValueError('n too big: ' + n);",
      'ValueError: n too big: 6',
    ]);
  });

  it('puts the thread header first', () => {
    const src = `function boom() {\n  throw new __rt.RuntimeError('');\n}\nboom();`;
    const err = runProgram(src);
    expect(formatTraceback(err, { source: src, lineOffset: offset, header: 'Exception in thread Thread-1 (boom):' })).toEqual([
      'Exception in thread Thread-1 (boom):',
      'Traceback (most recent call last):',
      '  File "program.ts", line 4, in <module>',
      '    boom();',
      '  File "program.ts", line 2, in boom',
      "    throw new __rt.RuntimeError('');",
      'RuntimeError',
    ]);
  });

  it('keeps JS error names and names lambdas', () => {
    const src = `"use strict";\nconst f = undefined;\n[1].map((x) =>\n  f(x));`;
    const err = runProgram(src);
    expect(err).toBeInstanceOf(TypeError);
    const lines = formatTraceback(err, { source: src, lineOffset: offset });
    expect(lines).toEqual([
      'Traceback (most recent call last):',
      '  File "program.ts", line 3, in <module>',
      '    [1].map((x) =>',
      '  File "program.ts", line 4, in <lambda>',
      '    f(x));',
      'TypeError: f is not a function',
    ]);
  });

  it('prints the cause chain first', () => {
    // `raise ValueError('bad') from e`: our exception classes take only a message, so the
    // program attaches the cause itself.
    const src = [
      'try {',
      "  throw new __rt.KeyError('k');",
      '} catch (e) {',
      "  const err = new __rt.ValueError('bad');",
      "  Object.defineProperty(err, 'cause', { value: e });",
      '  throw err;',
      '}',
    ].join('\n');
    const err = runProgram(src);
    expect(formatTraceback(err, { source: src, lineOffset: offset })).toEqual([
      'Traceback (most recent call last):',
      '  File "program.ts", line 2, in <module>',
      "    throw new __rt.KeyError('k');",
      "KeyError: 'k'",
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "program.ts", line 4, in <module>',
      "    const err = new __rt.ValueError('bad');",
      'ValueError: bad',
    ]);
  });

  it('appends a remote traceback as CPython does for pool errors', () => {
    const src = `const r = 1;\nthrow __rt.err;`;
    const remoteErr = new ValueError('boom');
    remoteErr.remoteTraceback =
      'Traceback (most recent call last):\n  File "program.ts", line 3, in square\n    throw x\nValueError: boom\n';
    const err = runProgram(`const r = 1;\nthrow __rt.err;`, { err: remoteErr });
    // The error was created outside program.ts: no local program frames.
    expect(formatTraceback(err, { source: src, lineOffset: offset })).toEqual([
      'multiprocessing.pool.RemoteTraceback: ',
      '"""',
      'Traceback (most recent call last):',
      '  File "program.ts", line 3, in square',
      '    throw x',
      'ValueError: boom',
      '"""',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'ValueError: boom',
    ]);
  });

  it('names user-defined and module exceptions as CPython does', () => {
    const src = `class MyError extends __rt.Exception {}\nthrow new MyError('mine');`;
    const err = runProgram(src);
    expect(formatTraceback(err, { source: src, lineOffset: offset }).at(-1)).toBe('__main__.MyError: mine');
    expect(exceptionDisplayName('Empty')).toBe('_queue.Empty');
    expect(exceptionDisplayName('CancelledError')).toBe('asyncio.exceptions.CancelledError');
    expect(exceptionDisplayName('TimeoutError')).toBe('TimeoutError');
    expect(exceptionDisplayName('TypeError')).toBe('TypeError');
  });

  it('formats values that are not errors and multi-line messages', () => {
    const thrown = runProgram(`throw 'plain string';`);
    expect(formatTraceback(thrown, { source: '', lineOffset: offset })).toEqual(['Exception: plain string']);
    expect(formatExceptionOnly(new RuntimeError('a\nb'))).toEqual(['RuntimeError: a', 'b']);
    expect(formatExceptionOnly(new KeyError('x'))).toEqual(["KeyError: 'x'"]);
  });

  it('skips frames outside the program and lines outside the source', () => {
    const stack = [
      'Error: x',
      '    at Lock.acquire (http://localhost/src/runtime/threading.ts:10:5)',
      '    at async work (program.ts:7:3)',
      '    at Foo.bar [as baz] (program.ts:5:1)',
      '    at Object.<anonymous> (program.ts:3:1)',
      '    at program.ts:1:1',
    ].join('\n');
    expect(parseProgramFrames(stack, 2)).toEqual([
      { name: 'work', line: 5, column: 3 },
      { name: 'bar', line: 3, column: 1 },
      { name: '<module>', line: 1, column: 1 },
    ]);
  });
});

describe('errors crossing threads', () => {
  it('keep their class, frames and remote traceback through the codec', () => {
    const err = runProgram(PROGRAM, { drive }) as ValueError;
    err.remoteTraceback = 'Traceback (most recent call last):\nValueError: inner';
    const copy = decode(encode(err), { errorClasses: exceptionClasses });
    expect(copy).toBeInstanceOf(ValueError);
    expect(copy).not.toBe(err);
    const opts = { source: PROGRAM, lineOffset: offset };
    expect(formatTraceback(copy, opts)).toEqual(formatTraceback(err, opts));
  });
});

describe('programLineOf', () => {
  it('finds the innermost program line of a live stack', () => {
    const src = `function inner() {\n  return __rt.where();\n}\nfunction outer() {\n  return inner();\n}\nthrow outer();`;
    const where = (): number | undefined => programLineOf(new Error().stack ?? '', offset);
    expect(runProgram(src, { where })).toBe(2);
  });

  it('ignores the message line and non-program files', () => {
    expect(programLineOf('Error: see program.ts:99:1\n    at f (program.ts:12:3)', 2)).toBe(10);
    expect(programLineOf('Error\n    at f (myprogram.ts:12:3)\n    at g (program.ts:5:1)', 2)).toBe(3);
    expect(programLineOf('Error\n    at f (runtime.ts:12:3)', 2)).toBeUndefined();
    expect(programLineOf('no frames here', 2)).toBeUndefined();
  });
});

describe('exception groups', () => {
  const { ExceptionGroup } = exceptionClasses;

  it("draw as CPython's traceback module draws them: nesting, and past 15 sub-exceptions", () => {
    const nested = new ExceptionGroup('outer', [new ValueError('a'), new ExceptionGroup('inner', [new TypeError('b'), new KeyError('k')])]);
    expect(formatTraceback(nested, { source: '', lineOffset: 2 })).toEqual([
      '  | ExceptionGroup: outer (2 sub-exceptions)',
      '  +-+---------------- 1 ----------------',
      '    | ValueError: a',
      '    +---------------- 2 ----------------',
      '    | ExceptionGroup: inner (2 sub-exceptions)',
      '    +-+---------------- 1 ----------------',
      '      | TypeError: b',
      '      +---------------- 2 ----------------',
      "      | KeyError: 'k'",
      '      +------------------------------------',
    ]);
    const many = formatTraceback(new ExceptionGroup('many', [...Array(17).keys()].map((i) => new ValueError(String(i)))), { source: '', lineOffset: 2 });
    expect(many.length).toBe(1 + 2 * 16 + 1);
    expect(many.slice(-6)).toEqual([
      '    | ValueError: 13',
      '    +---------------- 15 ----------------',
      '    | ValueError: 14',
      '    +---------------- ... ----------------',
      '    | and 2 more exceptions',
      '    +------------------------------------',
    ]);
  });

  it('is an Exception with `exceptions`, str() as Python, checked arguments, and crosses the codec', () => {
    const e = new ExceptionGroup('msg', [new ValueError('1'), new RuntimeError('t')]);
    expect(e).toBeInstanceOf(exceptionClasses.Exception);
    expect(e.message).toBe('msg');
    expect(e.exceptions.length).toBe(2);
    expect(String(e)).toBe('ExceptionGroup: msg (2 sub-exceptions)');
    expect(formatExceptionOnly(new ExceptionGroup('one', [new ValueError('x')]))).toEqual(['ExceptionGroup: one (1 sub-exception)']);
    expect(() => new ExceptionGroup('x')).toThrow('takes exactly 2 arguments');
    expect(() => new ExceptionGroup('x', [])).toThrow('must be a non-empty sequence');
    expect(() => new ExceptionGroup('x', [1])).toThrow('Item 0 of second argument (exceptions) is not an exception');
    const copy = decode(encode(e), { errorClasses: exceptionClasses }) as InstanceType<typeof ExceptionGroup>;
    expect(copy).toBeInstanceOf(ExceptionGroup);
    expect(String(copy)).toBe('ExceptionGroup: msg (2 sub-exceptions)');
    expect((copy.exceptions[1] as Error).message).toBe('t');
  });
});
