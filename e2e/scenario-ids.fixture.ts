/** docs/scenarios.md, in catalog order (the contract). */
export const SCENARIO_IDS = [
  'thread-subclass', 'thread-target', 'thread-pool-executor', 'process', 'process-pool', 'process-queue',
  'race', 'lock', 'rlock', 'thread-local', 'semaphore', 'barrier', 'timer', 'event', 'condition',
  'run-until-complete', 'wait-coroutine-list', 'gather-groups', 'create-task', 'ensure-future',
  'task-callback', 'task-result', 'wait-tasks', 'gather-main', 'wait-main', 'as-completed',
  'loop-thread-sync', 'loop-thread-async', 'async-with', 'async-for', 'loop-stop', 'call-soon',
  'call-later', 'call-at', 'asyncio-lock', 'asyncio-event', 'asyncio-condition', 'asyncio-queue',
  'master-worker', 'yield-from', 'deadlock', 'process-isolation', 'dining-philosophers',
  'bounded-buffer',
] as const;
