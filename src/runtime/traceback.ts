/**
 * Python-style tracebacks from V8 stack traces of the user's program.
 *
 * The program runs as `new Function('__rt', body)` with `//# sourceURL=program.ts`, so its frames
 * read `at NAME (program.ts:LINE:COL)` or `at program.ts:LINE:COL`; LINE is shifted by the lines
 * V8's Function wrapper adds (`lineOffset`, see `measureLineOffset`). Frames of the runtime itself
 * are left out, as CPython leaves out C frames.
 */

import { pyStr } from '../lib/pyrepr';
import { exceptionClasses } from './errors';

export const PROGRAM_FILE = 'program.ts';

export interface ProgramFrame {
  /** Python-style function name: `work`, `run`, `__init__`, `<module>`, `<lambda>`. */
  name: string;
  /** 1-based line in the program's source. */
  line: number;
  column: number;
}

export interface TracebackOptions {
  /** The program's source, for the quoted lines. */
  source: string;
  /** V8 line minus program line (see `measureLineOffset`). */
  lineOffset: number;
  /** A first line such as `Exception in thread Thread-1 (func):`. */
  header?: string;
  /** The label CPython gives a remote traceback (`concurrent.futures.process._RemoteTraceback`
   * for process pool executors). */
  remoteLabel?: string;
  /** File name in the frames (default `program.ts`). */
  fileName?: string;
}

/** `at NAME (LOCATION:LINE:COL)` or `at LOCATION:LINE:COL`. */
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

/** Names V8 gives the Function wrapper's own frame and anonymous functions inside it. */
const ANONYMOUS = new Set(['', 'eval', 'anonymous', '<anonymous>']);

function pythonName(v8Name: string): string {
  let name = v8Name;
  if (name.startsWith('async ')) name = name.slice(6);
  const alias = name.indexOf(' [as ');
  if (alias >= 0) name = name.slice(0, alias);
  if (name.startsWith('new ')) return '__init__';
  // `Foo.run`, `Object.<anonymous>`: Python names a frame by its function alone.
  const lt = name.indexOf('<');
  if (lt >= 0) name = name.slice(lt);
  else name = name.slice(name.lastIndexOf('.') + 1);
  // Coroutine bodies compiled from `async function work` are generators named `__co_work`.
  if (name.startsWith('__co_')) name = name.slice(5);
  return name;
}

function isProgramLocation(loc: string, file: string): boolean {
  return loc === file || loc.endsWith('/' + file) || loc.endsWith(', ' + file);
}

/**
 * The program's frames in a V8 stack, innermost first (V8's order). An anonymous frame is the
 * module's top level (`<module>`) when it is the outermost program frame, else a `<lambda>`:
 * V8 names both `eval`/`anonymous`.
 */
export function parseProgramFrames(stack: string, lineOffset: number, fileName = PROGRAM_FILE): ProgramFrame[] {
  const frames: ProgramFrame[] = [];
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text);
    if (!m) continue;
    const loc = m[2] ?? '';
    if (!isProgramLocation(loc, fileName)) continue;
    const line = Number(m[3]) - lineOffset;
    if (line < 1) continue; // the wrapper's own prelude, not a program line
    const v8Name = m[1] ?? '';
    frames.push({ name: pythonName(v8Name), line, column: Number(m[4]) });
  }
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] as ProgramFrame;
    if (ANONYMOUS.has(f.name)) f.name = i === frames.length - 1 ? '<module>' : '<lambda>';
  }
  return frames;
}

/**
 * The innermost program line in `stack` (which line a thread is on), or undefined when no
 * program frame is there. Called often, so it scans instead of splitting the stack.
 */
export function programLineOf(stack: string, lineOffset: number, fileName = PROGRAM_FILE): number | undefined {
  const key = fileName + ':';
  // Skip the message line(s): frames start at the first "\n    at ".
  let from = stack.indexOf('\n    at ');
  if (from < 0) return undefined;
  for (;;) {
    const at = stack.indexOf(key, from);
    if (at < 0) return undefined;
    from = at + key.length;
    const before = at === 0 ? '' : stack[at - 1];
    if (before !== '(' && before !== ' ' && before !== '/') continue;
    let line = 0;
    let i = from;
    for (; i < stack.length; i++) {
      const c = stack.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      line = line * 10 + c;
    }
    if (i === from || stack[i] !== ':') continue;
    const programLine = line - lineOffset;
    if (programLine >= 1) return programLine;
  }
}

let measuredOffset: number | undefined;

/**
 * How many lines V8 adds before a `new Function` body in this engine (2 in current V8: the
 * `function anonymous(__rt\n) {` header). Measured once by throwing at a known body line.
 */
export function measureLineOffset(): number {
  if (measuredOffset !== undefined) return measuredOffset;
  const probe = '__line_probe__.ts';
  let offset = 2;
  try {
    new Function('__rt', `"use strict";\nthrow new Error("probe");\n//# sourceURL=${probe}`)();
  } catch (err) {
    const stack = err instanceof Error ? (err.stack ?? '') : '';
    const line = programLineOf(stack, 0, probe);
    if (line !== undefined) offset = line - 2;
  }
  measuredOffset = offset;
  return offset;
}

/** Where CPython's traceback names the class with its module (`_queue.Empty`, ...). */
const QUALIFIED_NAMES: Readonly<Record<string, string>> = {
  Empty: '_queue.Empty',
  Full: 'queue.Full',
  BrokenBarrierError: 'threading.BrokenBarrierError',
  CancelledError: 'asyncio.exceptions.CancelledError',
  InvalidStateError: 'asyncio.exceptions.InvalidStateError',
  QueueEmpty: 'asyncio.queues.QueueEmpty',
  QueueFull: 'asyncio.queues.QueueFull',
  BrokenExecutor: 'concurrent.futures._base.BrokenExecutor',
};

/** Printed bare, as CPython prints builtins (and JS's own errors keep their names). */
const BARE_NAMES = new Set<string>([
  ...Object.keys(exceptionClasses),
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
  'BaseException',
  'KeyboardInterrupt',
  'SystemExit',
  'AttributeError',
  'NameError',
  'StopIteration',
  'RecursionError',
  'OverflowError',
  'ArithmeticError',
  'LookupError',
]);

/** The class as the last traceback line names it: user classes are `__main__.Name`. */
export function exceptionDisplayName(name: string): string {
  if (Object.hasOwn(QUALIFIED_NAMES, name)) return QUALIFIED_NAMES[name] as string;
  if (BARE_NAMES.has(name) || !/^[A-Za-z_$][\w$]*$/.test(name)) return name;
  return `__main__.${name}`;
}

/** The `ValueError: msg` line(s); a value that is not an Error reads as a bare `Exception`. */
export function formatExceptionOnly(err: unknown): string[] {
  let name: string;
  let msg: string;
  if (err instanceof Error) {
    name = exceptionDisplayName(String(err.name));
    msg = pyStr(err);
  } else {
    name = 'Exception';
    msg = pyStr(err);
  }
  return (msg === '' ? name : `${name}: ${msg}`).split('\n');
}

let cachedSource = '';
let cachedLines: string[] = [];

function sourceLine(source: string, line: number): string | undefined {
  if (source !== cachedSource) {
    cachedSource = source;
    cachedLines = source.split('\n');
  }
  return cachedLines[line - 1]?.trim();
}

const CAUSE_SEPARATOR = ['', 'The above exception was the direct cause of the following exception:', ''];

/** Python's `traceback` limits for exception groups (`max_group_width`, `max_group_depth`). */
const MAX_GROUP_WIDTH = 15;
const MAX_GROUP_DEPTH = 10;

/** CPython's `_ExceptionPrintContext`: where the lines of nested exception groups are drawn. */
interface PrintContext {
  out: string[];
  seen: Set<unknown>;
  /** How deep in exception groups (0: not in one). */
  depth: number;
  needClose: boolean;
}

function indent(ctx: PrintContext): string {
  return ' '.repeat(2 * ctx.depth);
}

/** Adds lines, inside a group behind its margin (`| `, or `+ ` for a group's first line). */
function emit(ctx: PrintContext, lines: readonly string[], margin = '|'): void {
  const prefix = ctx.depth > 0 ? `${indent(ctx)}${margin} ` : '';
  for (const l of lines) ctx.out.push(prefix + l);
}

/** An `ExceptionGroup`'s sub-exceptions (duck-typed: a group may come back from another thread). */
function groupMembers(err: Error): readonly unknown[] | null {
  const ex = (err as { exceptions?: unknown }).exceptions;
  return err.name === 'ExceptionGroup' && Array.isArray(ex) ? ex : null;
}

function formatOne(err: unknown, opts: TracebackOptions, ctx: PrintContext): void {
  ctx.seen.add(err);
  if (!(err instanceof Error)) {
    emit(ctx, formatExceptionOnly(err));
    return;
  }
  // `raise X from Y`: CPython prints the cause's traceback first.
  const cause: unknown = err.cause;
  if (cause instanceof Error && !ctx.seen.has(cause)) {
    formatOne(cause, opts, ctx);
    emit(ctx, CAUSE_SEPARATOR);
  }
  const remote = (err as { remoteTraceback?: unknown }).remoteTraceback;
  if (typeof remote === 'string' && remote !== '') {
    emit(ctx, [`${opts.remoteLabel ?? 'multiprocessing.pool.RemoteTraceback'}: `, '"""']);
    emit(ctx, remote.replace(/\n+$/, '').split('\n'));
    emit(ctx, ['"""', ...CAUSE_SEPARATOR]);
  }
  const frames = parseProgramFrames(String(err.stack ?? ''), opts.lineOffset, opts.fileName);
  const stack: string[] = [];
  const file = opts.fileName ?? PROGRAM_FILE;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as ProgramFrame;
    stack.push(`  File "${file}", line ${f.line}, in ${f.name}`);
    const text = sourceLine(opts.source, f.line);
    if (text) stack.push(`    ${text}`);
  }
  const members = groupMembers(err);
  if (members === null) {
    if (stack.length > 0) emit(ctx, ['Traceback (most recent call last):', ...stack]);
    emit(ctx, formatExceptionOnly(err));
    return;
  }
  if (ctx.depth > MAX_GROUP_DEPTH) {
    emit(ctx, [`... (max_group_depth is ${MAX_GROUP_DEPTH})`]);
    return;
  }
  // CPython's TracebackException.format for a group.
  const topLevel = ctx.depth === 0;
  if (topLevel) ctx.depth++;
  if (stack.length > 0) {
    emit(ctx, ['Exception Group Traceback (most recent call last):'], topLevel ? '+' : '|');
    emit(ctx, stack);
  }
  emit(ctx, formatExceptionOnly(err));
  const n = members.length <= MAX_GROUP_WIDTH ? members.length : MAX_GROUP_WIDTH + 1;
  ctx.needClose = false;
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    if (last) ctx.needClose = true;
    const truncated = i >= MAX_GROUP_WIDTH;
    ctx.out.push(`${indent(ctx)}${i === 0 ? '+-' : '  '}+---------------- ${truncated ? '...' : i + 1} ----------------`);
    ctx.depth++;
    if (!truncated) {
      formatOne(members[i], opts, ctx);
    } else {
      const remaining = members.length - MAX_GROUP_WIDTH;
      emit(ctx, [`and ${remaining} more exception${remaining > 1 ? 's' : ''}`]);
    }
    if (last && ctx.needClose) {
      ctx.out.push(`${indent(ctx)}+------------------------------------`);
      ctx.needClose = false;
    }
    ctx.depth--;
  }
  if (topLevel) ctx.depth = 0;
}

/**
 * The lines CPython would print for an uncaught `err`: optional header, the cause chain, a pool
 * error's remote traceback, `Traceback (most recent call last):`, program frames outermost
 * first with their source lines, then `ValueError: msg`.
 */
export function formatTraceback(err: unknown, opts: TracebackOptions): string[] {
  const out: string[] = [];
  if (opts.header !== undefined) out.push(opts.header);
  formatOne(err, opts, { out, seen: new Set(), depth: 0, needClose: false });
  return out;
}
