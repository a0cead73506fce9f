import type { TraceEvent, RunInfo } from '../protocol/trace';

export type RunState = 'idle' | 'running' | 'finished' | 'error' | 'stopped' | 'deadlock' | 'limit';

export interface CompileError {
  line: number;
  column: number;
  message: string;
}

/** One console line: exactly the printed text of one line, tagged with its lane's name. */
export interface ConsoleLine {
  thread: string;
  tid: number;
  stream: 'stdout' | 'stderr';
  text: string;
  /** Run-wide order and time (µs since start), for "jump to this moment" on the timeline. */
  seq: number;
  t: number;
  /** The program line that printed it, when known. */
  line?: number;
}

export interface RunOptions {
  speed: number;
  /** Run-time limit in wall seconds before the "keep running?" banner (0: none). */
  timeLimit?: number;
}

/** What a run reports while it goes. All callbacks are batched per drain, in order. */
export interface RunListener {
  onLines(lines: ConsoleLine[]): void;
  onTrace(events: TraceEvent[], info: RunInfo): void;
  onState(state: RunState, message?: string): void;
  onCompileErrors(errors: CompileError[]): void;
}

/** The contract result of `window.__playground.run()` (DESIGN.md §7). */
export interface RunResult {
  state: RunState;
  lines: { thread: string; stream: string; text: string }[];
  elapsedMs: number;
  message?: string;
}
