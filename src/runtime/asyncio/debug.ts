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
 * Capturing a stack costs microseconds, a hundred times what making a coroutine costs; so each
 * name's first SAMPLE_FIRST coroutines are located, then one in SAMPLE_EVERY. A program the size
 * of a lesson locates every one; a hot loop of `await work()` pays for a few. The count is the
 * program's, not the clock's: the same run locates the same coroutines.
 */
const SAMPLE_FIRST = 64;
const SAMPLE_EVERY = 256;
/** Frames kept: the runtime's own (asyncio.sleep → SleepOp → OpCoroutine…) and then the program's. */
const FRAMES = 10;
let made = new Map<string, number>();

/** V8's stack API (Chromium's workers, Node); elsewhere nothing is located (lines 0). */
const V8Error = Error as unknown as {
  stackTraceLimit?: number;
  captureStackTrace?(target: object, below?: (...a: never[]) => unknown): void;
};

/** Where the code calling `below` is, or null when this one is not sampled. */
function origin(name: string, below: (...a: never[]) => unknown, skip: number): Origin | null {
  const n = (made.get(name) ?? 0) + 1;
  made.set(name, n);
  if ((n > SAMPLE_FIRST && n % SAMPLE_EVERY !== 0) || V8Error.captureStackTrace === undefined) return null;
  const o = new Origin(skip);
  const limit = V8Error.stackTraceLimit;
  V8Error.stackTraceLimit = FRAMES;
  V8Error.captureStackTrace(o, below);
  V8Error.stackTraceLimit = limit;
  return o;
}

/** The program line an origin points at (0: unknown, or not sampled). */
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

/** Coroutines made in debug mode and maybe not started yet (started ones are dropped in bulk). */
let fresh: Tracked[] = [];
let compactAt = 1024;
/** The loop running now (core.ts sets the getter: this module does not import it). */
let runningLoop: () => object | null = () => null;

export function setRunningLoopGetter(get: () => object | null): void {
  runningLoop = get;
}

/**
 * Notes a coroutine just made (debug mode): where, and in which loop's run. `skip`: 1 for an
 * async function's coroutine (its first program frame is the function itself), else 0.
 */
export function trackCoroutine(c: Tracked, skip: number): void {
  c._origin = origin(c.name, trackCoroutine, skip);
  c._scope = runningLoop();
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
  const keep: Tracked[] = [];
  for (const c of fresh) {
    if (!waiting(c)) continue;
    if (loop !== undefined && c._scope !== loop) {
      keep.push(c);
      continue;
    }
    c._scope = false;
    say(`coroutine '${c.name}' was never awaited`, originLine(c._origin));
  }
  fresh = keep;
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
  made = new Map();
  fresh = [];
  compactAt = 1024;
  said = new Set();
  saidWords = new Set();
}
