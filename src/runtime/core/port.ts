/**
 * The worker's line to the page. Captured at bootstrap before the program's scope is sandboxed
 * (user code gets no postMessage of its own use to the page that could be mistaken for ours).
 */
export type WorkerMessage =
  | { type: 'spawn'; tid: number }
  /** A standby worker took `tid` from the spawn queue (the page tops the standby pool up). */
  | { type: 'took'; tid: number }
  /** A thread ended; its worker may be terminated. */
  | { type: 'exit'; tid: number }
  /** The program ended: MainThread's top level finished and every non-daemon thread ended. */
  | { type: 'end'; error: boolean }
  /** terminate()/kill() of a process: the page ends its workers. */
  | { type: 'kill'; pid: number; exitcode: number }
  /** A worker failed to set up (a bug in the runtime, not in the program). */
  | { type: 'fatal'; tid: number; message: string };

let poster: ((m: WorkerMessage) => void) | null = null;

export function setPoster(p: (m: WorkerMessage) => void): void {
  poster = p;
}

export function post(m: WorkerMessage): void {
  if (!poster) throw new Error('no page to post to');
  poster(m);
}
