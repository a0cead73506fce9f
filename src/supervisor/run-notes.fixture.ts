/** Test data for run-notes.test.ts and app/i18n.test.ts. */
import type { RunNote } from './run-notes';

/** Every note the supervisor makes, with its English exactly as run() has always reported it. */
export const NOTES_EN: [RunNote, string][] = [
  [{ code: 'stopped' }, 'Stopped.'],
  [{ code: 'stopped-new-run' }, 'Stopped: a new run started.'],
  [
    {
      code: 'deadlock-cycle',
      cycle: [
        { thread: 'Thread-1 (task1)', wait: { kind: 'lock', obj: 'Lock#2', holder: 'Thread-2 (task2)' } },
        { thread: 'Thread-2 (task2)', wait: { kind: 'lock', obj: 'Lock#1', holder: 'Thread-1 (task1)' } },
      ],
    },
    'Deadlock: Thread-1 (task1) waits Lock#2 held by Thread-2 (task2), which waits Lock#1 held by Thread-1 (task1).',
  ],
  [
    {
      code: 'deadlock-cycle',
      cycle: [
        { thread: 'Thread-1', wait: { kind: 'join', target: 'Thread-2' } },
        { thread: 'Thread-2', wait: { kind: 'join', target: 'Thread-1' } },
      ],
    },
    'Deadlock: Thread-1 waits to join Thread-2, which waits to join Thread-1.',
  ],
  [
    {
      code: 'deadlock',
      waiters: [
        { thread: 'MainThread', wait: { kind: 'join-all' }, line: 0 },
        { thread: 'Thread-1 (fun)', wait: { kind: 'signal', obj: 'Event#1' }, line: 7 },
        { thread: 'Thread-2', wait: { kind: 'lock', obj: 'Lock#1' }, line: 3 },
        { thread: 'Thread-3', wait: { kind: 'lock', obj: 'RLock#1', holder: 'Thread-9' }, line: 0 },
        { thread: 'Thread-4', wait: { kind: 'join', target: 'Process-1' }, line: 12 },
        { thread: 'Thread-5', wait: { kind: 'blocked' }, line: 4 },
      ],
    },
    "Deadlock: every thread is blocked and nothing can wake them: MainThread waits for the program's other threads to end; " +
      'Thread-1 (fun) waits Event#1 (line 7), which no live thread can signal; Thread-2 waits Lock#1 (line 3); ' +
      'Thread-3 waits RLock#1 held by Thread-9; Thread-4 waits to join Process-1 (line 12); Thread-5 is blocked (line 4).',
  ],
  [
    { code: 'time-limit', seconds: 50 },
    'Run time limit: the program ran for 50 s and nobody chose "Keep running", so the playground ended it.',
  ],
  [
    { code: 'heap-limit', thread: 'Hog', mb: 48 },
    "MemoryError: Hog ran out of the run's 48 MB of shared memory (queue items, shared values, futures and thread start data live there), so the playground ended the run.",
  ],
  [{ code: 'internal', detail: 'worker failed to load' }, 'Internal error in the playground runtime: worker failed to load'],
];
