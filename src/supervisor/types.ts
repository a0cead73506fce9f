import type { CompileError } from '../protocol/program';
import type { TraceEvent, RunInfo, WarningInfo } from '../protocol/trace';
import type { SchedName, Schedule } from '../protocol/sched';
import type { RunNote } from './run-notes';

export type RunState = 'idle' | 'running' | 'finished' | 'error' | 'stopped' | 'deadlock' | 'limit';

/** One console line: exactly the printed text of one line, tagged with its lane's name. */
export interface ConsoleLine {
  thread: string;
  tid: number;
  stream: 'stdout' | 'stderr' | 'warning';
  text: string;
  /** Run-wide order and time (µs since start), for "jump to this moment" on the timeline. */
  seq: number;
  t: number;
  /** The program line that printed it, when known. */
  line?: number;
  /**
   * A line the playground writes itself (a deadlock, a limit): what it says, for the page to
   * show in the learner's language. `text` is its English, as `run()` reports it.
   */
  note?: RunNote;
  /** A `warning` line's detector and the other place it names (docs/diagnostics.md). */
  warning?: WarningInfo;
}

export interface RunOptions {
  /** Program seconds per wall second; Infinity is `speed=max` (protocol/speed.ts runSpeed). */
  speed: number;
  /** The scheduling mode (default `parallel`) and the run's seed (default 0; docs/deterministic-runs.md). */
  sched?: SchedName;
  seed?: number;
  /** The detectors (docs/diagnostics.md): on unless false. */
  detectors?: boolean;
  /** A `step` run: the decisions (tids) it replays before its first pause (protocol/step.ts). */
  steps?: readonly number[];
  /**
   * Run-time limit in wall seconds before the "keep running?" question (0: none; default 30).
   * Each "Keep running" (`Supervisor.extendTimeLimit()`) doubles it, counted from the answer.
   */
  timeLimit?: number;
  /** Seconds the question waits for an answer before the run ends as `limit` (default 20). */
  timeLimitGrace?: number;
  /** Most trace events the UI holds at once (default 1,000,000; see limits.ts). */
  traceCap?: number;
}

/** The run-time limit was reached: the UI asks whether to stop or keep running. */
export interface TimeLimitPrompt {
  /** Wall seconds since the run started. */
  elapsedS: number;
  /** The limit that was reached (seconds since the start or the last "Keep running"). */
  limitS: number;
  /** `performance.now()` at which the run ends as `limit` unless the user answers. */
  endsAt: number;
}

/** What a run reports while it goes. All callbacks are batched per drain, in order. */
export interface RunListener {
  onLines(lines: ConsoleLine[]): void;
  onTrace(events: TraceEvent[], info: RunInfo): void;
  /** `note`: the message as a note (run-notes.ts) when the playground worded it. */
  onState(state: RunState, message?: string, note?: RunNote): void;
  onCompileErrors(errors: CompileError[]): void;
  /** The run-time limit was reached; answer with `extendTimeLimit()` or `stop()`. */
  onTimeLimit?(prompt: TimeLimitPrompt): void;
  /**
   * The trace grew past its cap: replace every event received so far with `events` (a summary
   * of the older ones plus the recent ones, in order) and rebuild what was built from them.
   */
  onTraceReset?(events: TraceEvent[], info: RunInfo): void;
}

/** A console line as `window.__playground.run()` reports it: its thread, stream and text. */
export interface ResultLine {
  thread: string;
  stream: string;
  text: string;
}

/** The one mapping from the console's lines to the result's (the supervisor's and the app's). */
export function toResultLine(l: ConsoleLine): ResultLine {
  return { thread: l.thread, stream: l.stream, text: l.text };
}

/** The contract result of `window.__playground.run()` (docs/urls-and-automation.md). */
export interface RunResult {
  state: RunState;
  lines: ResultLine[];
  elapsedMs: number;
  message?: string;
  /** The run's mode, seed, decisions taken and the hash of its decisions and lines. */
  schedule: Schedule;
  /**
   * Bytes of the run's shared heap in use when it ended (not part of the contract: the thread
   * benchmark reads it to check that finished threads give their memory back).
   */
  heapUsedBytes?: number;
}
