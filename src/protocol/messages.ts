/**
 * What passes between the page (supervisor) and a program worker. Control runs over comlink:
 * the worker exposes `ProgramWorkerApi`; its `run` call resolves when the worker is done with
 * the run (MainThread's worker: when the program has ended), and events on the way go to the
 * page through `toPage` (a comlink proxy).
 */

/**
 * `start` runs thread `tid` now (MainThread, or a thread no standby worker took); `standby`
 * parks the worker on the run's spawn queue until a starter hands it a tid.
 */
export interface StartMessage {
  type: 'start' | 'standby';
  sab: SharedArrayBuffer;
  /** The wasm memory whose buffer `sab` is (null when the run's buffer is a plain SAB). */
  memory: WebAssembly.Memory | null;
  js: string;
  source: string;
  tid: number;
  /**
   * The outcome explorer's session (protocol/explore.ts `Session`): after this run the worker
   * serves the next runs of the same program (`js`) on the same buffer, each laid out once the
   * previous one has unwound, until the session ends. `control`: the session's words; `worker`:
   * this worker's number in it; `gen`: the run (generation) this message starts it in.
   */
  session?: { control: SharedArrayBuffer; worker: number; gen: number };
}

export type WorkerMessage = (
  /** No standby worker was parked: the page must start `tid` on a new worker. */
  | { type: 'spawn'; tid: number }
  /** A standby worker took `tid` from the spawn queue (the page tops the standby pool up). */
  | { type: 'took'; tid: number }
  /**
   * Thread `tid` (not MainThread) has ended and logged its last event; its worker parks for the
   * run's next thread. The page drains and frees the thread's ring.
   */
  | { type: 'ended'; tid: number }
  /** terminate()/kill() of a process: the page ends its workers. */
  | { type: 'kill'; pid: number; exitcode: number }
  /** A worker failed to set up (a bug in the runtime, not in the program). */
  | { type: 'fatal'; tid: number; message: string }
) & {
  /**
   * An explorer session's worker says which of its runs the message is about (`session.gen`):
   * its messages arrive after the page may have laid out the next run, which must not take them.
   */
  gen?: number;
};

/**
 * How a worker finished: `error` for MainThread means the program ended in error. `tid` 0 with
 * `completed` false: a parked worker the run no longer needs (the run ended, or enough were parked).
 */
export interface ThreadOutcome {
  tid: number;
  error: boolean;
  /** False when the run was stopped (or ended) under it. */
  completed: boolean;
  /**
   * A standby worker that ran no thread (the run ended, or enough were parked): no program code
   * ran in it, so the pool may hand it to the next run (supervisor/worker-pool.ts giveBack).
   */
  unused?: boolean;
}

export interface ProgramWorkerApi {
  run(m: StartMessage, toPage: (msg: WorkerMessage) => void): ThreadOutcome;
}

/**
 * The message a program worker posts once its bundle has loaded and its API listens: the pool
 * hands loaded workers out first (supervisor/worker-pool.ts). Comlink ignores it (no id).
 */
export const WORKER_LOADED = 'program-worker-loaded';
