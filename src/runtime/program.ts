/**
 * The `__rt` object a compiled program receives (its contract: `protocol/program.ts`,
 * ARCHITECTURE.md "Program → compiled body"): its globals, its imports, and the module-scope
 * plumbing that lets a thread see the module's bindings without re-running the top level.
 */
import { formatPrint } from '../lib/pyrepr';
import { range } from '../lib/range';
import { writePrint } from '../protocol/trace';
import { RT_PARAM, type ProgramRt } from '../protocol/program';
import { coroutineHelpers } from './asyncio/coroutine';
import { aborting, ctx, currentLine } from './core/context';
import { perThread } from './core/perthread';
import { det, opPoint } from './core/sched';
import { pointHelpers } from './core/points';
import { decodeValue, setScope } from './core/values';
import { ModuleNotFoundError, RunAborted, ValueError, exceptionClasses } from './errors';
import { shared } from './shared';

const modules = new Map<string, unknown>();

/** Makes `import … from name` resolve to `mod` in programs. */
export function registerModule(name: string, mod: unknown): void {
  modules.set(name, mod);
}

let printsWithLine = 0;
perThread(() => (printsWithLine = 0));

/** The `print` global: one console line (one PRINT event) per printed line. */
export function print(...args: unknown[]): void {
  if (det) opPoint('print');
  const text = formatPrint(args);
  // The printing line is exact for the first prints, then sampled (a stack read costs µs).
  const line = currentLine(printsWithLine++ < 2000) ?? 0;
  if (text.indexOf('\n') < 0) {
    writePrint(ctx().ring, 'stdout', line, text);
    return;
  }
  for (const part of text.split('\n')) writePrint(ctx().ring, 'stdout', line, part);
}

/** Writes lines to the thread's stderr (tracebacks). */
export function printErr(lines: readonly string[]): void {
  for (const l of lines) for (const part of l.split('\n')) writePrint(ctx().ring, 'stderr', 0, part);
}

function pyRange(...a: number[]): ReturnType<typeof range> {
  try {
    return (range as (...x: number[]) => ReturnType<typeof range>)(...a);
  } catch (e) {
    if (e instanceof RangeError) throw new ValueError(e.message);
    throw e;
  }
}

/**
 * Builds `__rt`. In the main thread the top level runs; in any other thread `snapshot` holds
 * the module bindings as the starting thread saw them, each decoded when its declaration is
 * reached (so classes declared above it already exist).
 */
export function makeRt(isMain: boolean, snapshot: Record<string, Uint8Array> | null): ProgramRt {
  return {
    // Every global exactly once: the literal is checked for excess names, `exceptionClasses` by its own `satisfies`.
    globals: {
      print,
      range: pyRange,
      shared,
      __name__: '__main__',
      ...exceptionClasses,
    } satisfies ProgramRt['globals'],
    isMain,
    module(name) {
      const m = modules.get(name);
      if (m === undefined) throw new ModuleNotFoundError(`No module named '${name}'`);
      return m;
    },
    scope(getter) {
      setScope(getter);
    },
    binding(name) {
      const bytes = snapshot?.[name];
      return bytes ? decodeValue(bytes) : undefined;
    },
    ...coroutineHelpers,
    dispose,
    ...pointHelpers,
  } satisfies ProgramRt;
}

function dispose(x: unknown): void {
  if (x === null || x === undefined) return;
  const d = (x as { [Symbol.dispose]?: () => void })[Symbol.dispose];
  if (typeof d !== 'function') throw new TypeError('object does not support the context manager protocol (no [Symbol.dispose])');
  try {
    d.call(x);
  } catch (e) {
    // A stopped run (or a killed process) unwinds through its `using` blocks: when the stop
    // interrupted the block's acquisition (a Condition's wait taking its lock back), the
    // disposer releases a lock this thread does not hold, and its RuntimeError, raised in the
    // `finally`, would replace the RunAborted and print as the thread's crash.
    if (aborting()) throw new RunAborted();
    throw e;
  }
}

/** Compiles the program body once per worker (the source is already checked by the compiler). */
export function loadProgram(js: string): (rt: ProgramRt) => void {
  return new Function(RT_PARAM, js) as (rt: ProgramRt) => void;
}

