/**
 * What the playground itself says about a run, as opposed to what the program prints: the
 * deadlock report, the limits that end a run, Stop, an internal error. The supervisor makes each
 * as a note (a code and its parameters) and words it in English here: that text is what `run()`
 * reports (its `message` and its last line, docs/urls-and-automation.md) whatever the page's
 * language. The page shows the note itself in the learner's language (app/i18n.ts `runNote`,
 * whose English is this function). Names (threads, objects) and Python's exception names stay
 * as they are in every language.
 */

/** What a deadlocked thread waits for. `line`: the program line it waits at (0: not known). */
export type DeadlockWait =
  /** A lock (or RLock): `waits Lock#1 held by Thread-2`. */
  | { kind: 'lock'; obj: string; holder?: string }
  /** Another thread or process to end: `waits to join Thread-2`. */
  | { kind: 'join'; target: string }
  /** MainThread (or a process) at exit, for its non-daemon threads. */
  | { kind: 'join-all' }
  /** Blocked on nothing the table names. */
  | { kind: 'blocked' }
  /** Anything else (an event, a condition, a queue…) no live thread can signal. */
  | { kind: 'signal'; obj: string };

export interface DeadlockWaiter {
  thread: string;
  wait: DeadlockWait;
  line: number;
}

/** One thread on a wait-for cycle and what it waits for (held by, or joining, the next one). */
export interface CycleLink {
  thread: string;
  wait: { kind: 'lock'; obj: string; holder: string } | { kind: 'join'; target: string };
}

export type RunNote =
  | { code: 'stopped' }
  | { code: 'stopped-new-run' }
  | { code: 'deadlock-cycle'; cycle: CycleLink[] }
  | { code: 'deadlock'; waiters: DeadlockWaiter[] }
  | { code: 'time-limit'; seconds: number }
  | { code: 'heap-limit'; thread: string; mb: number }
  | { code: 'internal'; detail: string };

function waitsEn(w: DeadlockWait, line: number): string {
  const at = line ? ` (line ${line})` : '';
  switch (w.kind) {
    case 'lock':
      return `waits ${w.obj}${w.holder ? ` held by ${w.holder}` : ''}${at}`;
    case 'join':
      return `waits to join ${w.target}${at}`;
    case 'join-all':
      return `waits for the program's other threads to end${at}`;
    case 'blocked':
      return `is blocked${at}`;
    case 'signal':
      return `waits ${w.obj}${at}, which no live thread can signal`;
  }
}

/** A note in English: the words of `run()`'s result. */
export function englishNote(note: RunNote): string {
  switch (note.code) {
    case 'stopped':
      return 'Stopped.';
    case 'stopped-new-run':
      return 'Stopped: a new run started.';
    case 'deadlock-cycle': {
      const parts = note.cycle.map(({ thread, wait }, k) => {
        const what = wait.kind === 'join' ? `to join ${wait.target}` : `${wait.obj} held by ${wait.holder}`;
        return k === 0 ? `${thread} waits ${what}` : `which waits ${what}`;
      });
      return `Deadlock: ${parts.join(', ')}.`;
    }
    case 'deadlock': {
      const lines = note.waiters.map((w) => `${w.thread} ${waitsEn(w.wait, w.line)}`);
      return `Deadlock: every thread is blocked and nothing can wake them: ${lines.join('; ')}.`;
    }
    case 'time-limit':
      return `Run time limit: the program ran for ${note.seconds} s and nobody chose "Keep running", so the playground ended it.`;
    case 'heap-limit':
      return (
        `MemoryError: ${note.thread} ran out of the run's ${note.mb} MB of shared memory (queue items, shared ` +
        `values, futures and thread start data live there), so the playground ended the run.`
      );
    case 'internal':
      return `Internal error in the playground runtime: ${note.detail}`;
  }
}
