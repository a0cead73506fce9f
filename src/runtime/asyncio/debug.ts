/**
 * asyncio's debug mode (docs/diagnostics.md "asyncio"): the warnings CPython 3.11 gives with
 * `PYTHONASYNCIODEBUG=1`, in its words, on the run's `warning` stream. On when the run has the
 * asyncio detector on (the worker installs the hooks, asyncio-bridge.ts); off, nothing here runs
 * beyond one test of `debugOn` per coroutine made and per callback run.
 *
 * This module keeps what the warnings need and is below coroutine.ts and core.ts (it imports
 * neither): where coroutines were made, which ones may never be awaited, what was said already.
 * core.ts says the warnings about tasks and slow callbacks.
 */

/** What the worker gives asyncio's debug mode. Unit tests give their own. */
export interface DebugHooks {
  /** Writes one warning line (kind `asyncio`) at program line `line` (0: none). */
  warn(text: string, line: number): void;
  /** The program line of the first program frame in `stack` (a V8 stack), if any. */
  lineOf(stack: string): number | undefined;
  /**
   * The thread's busy clock, program seconds: time it spent blocked or (in a deterministic run)
   * computing; core/context.ts busySeconds says what counts. A callback's busy time is the
   * difference of two readings.
   */
  busy(): number;
  /** The program line of the longest wait since the busy clock read `since` (0: none). */
  busyLine(since: number): number;
}

/** The debug mode is on in this thread (a live binding: hot paths test it as is). */
export let debugOn = false;
let hooks: DebugHooks | null = null;

/** Turns the debug mode on with the worker's hooks, or off (null). */
export function setDebugHooks(h: DebugHooks | null): void {
  hooks = h;
  debugOn = h !== null;
}

/** The hooks, when the debug mode is on. */
export function debugHooks(): DebugHooks | null {
  return hooks;
}

/** CPython's `loop.slow_callback_duration`: a callback this long (program seconds) or longer is reported. */
export const SLOW_CALLBACK_DURATION = 0.1;

// ---------------------------------------------------------------------------------------------
// Where an object was made

/**
 * Where a coroutine was made: a stack captured when it was (formatted only if a warning needs
 * it). `skip`: leading program frames that are not the maker's (an async function's own frame,
 * which only wraps its body in a coroutine: its caller is the maker).
 */
export class Origin {
  declare stack?: string;
  constructor(readonly skip: number) {}
}

/**
 * Capturing a stack costs microseconds, a hundred times what making a coroutine costs; so a
 * thread locates its first LOCATE_FIRST coroutines, at most PER_NAME of each name, and no more. A
 * lesson-sized program locates every coroutine; a hot loop of `await q.get()` pays for 64, and
 * past the first 4,096 making a coroutine costs one comparison more. The counts are the
 * program's, not the clock's: the same run locates the same coroutines.
 */
const LOCATE_FIRST = 4096;
const PER_NAME = 64;
/** Frames kept: the runtime's own (asyncio.sleep → SleepOp → OpCoroutine…) and then the program's. */
const FRAMES = 10;
let madeCount = 0;
let perName = new Map<string, number>();

/** V8's stack API (Chromium's workers, Node); elsewhere nothing is located (lines 0). */
const V8Error = Error as unknown as {
  stackTraceLimit?: number;
  captureStackTrace?(target: object, below?: (...a: never[]) => unknown): void;
};

/** Where a coroutine named `name` is being made (the caller of `made`), or null: not located. */
function locate(name: string, skip: number): Origin | null {
  const n = (perName.get(name) ?? 0) + 1;
  perName.set(name, n);
  if (n > PER_NAME || V8Error.captureStackTrace === undefined) return null;
  const o = new Origin(skip);
  const limit = V8Error.stackTraceLimit;
  V8Error.stackTraceLimit = FRAMES;
  V8Error.captureStackTrace(o, made);
  V8Error.stackTraceLimit = limit;
  return o;
}

/** The program line an origin points at (0: unknown, or not located). */
export function originLine(o: Origin | null): number {
  const h = hooks;
  const stack = o?.stack;
  if (h === null || o === null || stack === undefined) return 0;
  // The header line, then frames innermost first.
  const frames = stack.split('\n    at ');
  let skip = o.skip;
  for (let i = 1; i < frames.length; i++) {
    const line = h.lineOf(`\n    at ${frames[i] ?? ''}`);
    if (line === undefined) continue;
    if (skip-- === 0) return line;
  }
  return 0;
}

/** The program line an exception was made at (its stack), 0: none. */
export function stackLine(e: unknown): number {
  const h = hooks;
  if (h === null || !(e instanceof Error) || typeof e.stack !== 'string') return 0;
  return h.lineOf(e.stack) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Coroutines never awaited

/** What this module needs of a coroutine (coroutine.ts's Coroutine; no import: it imports this). */
interface Tracked {
  readonly name: string;
  readonly started: boolean;
  /** @internal */ _task: object | null;
  /** @internal */ _origin: Origin | null;
  /**
   * @internal The loop that was running when it was made (its close reports it), null: none
   * (the thread's end reports it), false: never reported (it crossed to another thread).
   */
  _scope: object | null | false;
}

/**
 * The coroutine made last, unless it was started or handed to a task since (`untrack`). Nearly
 * every coroutine is, before the next one is made; one that is not is kept in `fresh`. So a hot
 * loop's coroutines are never referenced from here once awaited, and the hot path touches no
 * coroutine's fields (this module sees every kind of coroutine: reading their fields here would
 * be a megamorphic access per coroutine made).
 */
let last: Tracked | null = null;
/** Coroutines still unstarted when the next one was made: maybe never awaited. */
let fresh: Tracked[] = [];
let compactAt = 1024;
/** The loop running now (core.ts sets the getter: this module does not import it). */
let runningLoop: () => object | null = () => null;

export function setRunningLoopGetter(get: () => object | null): void {
  runningLoop = get;
}

/**
 * Notes a coroutine just made (debug mode), named `name`, and where (its `_origin`, when
 * located); returns the loop running now, for its `_scope`. `skip`: 1 for an async function's
 * coroutine (its first program frame is the function itself, whose caller is the maker), else 0.
 * The maker stores `_scope` and passes the name: it knows the coroutine's class, this function
 * sees them all (a field access here would be megamorphic, per coroutine made).
 */
export function made(c: Tracked, name: string, skip: number): object | null {
  if (madeCount < LOCATE_FIRST) {
    madeCount++;
    const o = locate(name, skip);
    if (o !== null) c._origin = o;
  }
  const prev = last;
  last = c;
  if (prev !== null) keep(prev);
  return runningLoop();
}

/** The coroutine was started, or a task took it: it is not to be kept. */
export function untrack(c: object): void {
  if (last === c) last = null;
}

/** Keeps a coroutine found unstarted, if it is. */
function keep(c: Tracked): void {
  if (!waiting(c)) return;
  fresh.push(c);
  if (fresh.length >= compactAt) {
    fresh = fresh.filter(waiting);
    compactAt = Math.max(1024, 2 * fresh.length);
  }
}

function waiting(c: Tracked): boolean {
  return !c.started && c._task === null && c._scope !== false;
}

/**
 * `coroutine 'f' was never awaited`, for each coroutine never started (nor handed to a task)
 * that was made while `loop` ran (`loop` closes), or for all of them (`undefined`: the thread
 * ends). CPython says it when the object is collected, right after the statement that dropped it;
 * the playground has no such moment, and says it at the first one of these where it can be sure.
 */
export function reportNeverAwaited(loop: object | undefined): void {
  if (last !== null && waiting(last)) fresh.push(last);
  last = null;
  const kept: Tracked[] = [];
  for (const c of fresh) {
    if (!waiting(c)) continue;
    if (loop !== undefined && c._scope !== loop) {
      kept.push(c);
      continue;
    }
    c._scope = false;
    say(`coroutine '${c.name}' was never awaited`, originLine(c._origin));
  }
  fresh = kept;
}

// ---------------------------------------------------------------------------------------------
// Saying things once

/** What was said: words with their line, and words alone. */
let said = new Set<string>();
let saidWords = new Set<string>();

/**
 * Writes a warning (its second line `more`, if any, as a line of its own, as CPython logs it)
 * unless the same words were said at the same line already: a loop that drops a thousand
 * coroutines at one line gets one warning, and one located nowhere is not said again once the
 * same words were said anywhere.
 */
export function say(text: string, line: number, more?: string): void {
  const h = hooks;
  if (h === null) return;
  const words = more === undefined ? text : `${text}\n${more}`;
  const key = `${line}:${words}`;
  if (said.has(key) || (line === 0 && saidWords.has(words))) return;
  said.add(key);
  saidWords.add(words);
  h.warn(text, line);
  if (more !== undefined) h.warn(more, line);
}

/** Fresh per-thread state (core.ts resetState). */
export function resetDebug(): void {
  hooks = null;
  debugOn = false;
  madeCount = 0;
  perName = new Map();
  last = null;
  fresh = [];
  compactAt = 1024;
  said = new Set();
  saidWords = new Set();
}
