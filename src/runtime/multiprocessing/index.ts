/**
 * Python's `multiprocessing` as programs import it. The synchronization primitives (`Lock` …
 * `Barrier`) are in synchronize.ts, whose exports are all module members.
 */
import { BrokenBarrierError, TimeoutError } from '../errors';
import { AsyncResult, Pool } from './pool';
import { Process, active_children, cpu_count, current_process, parent_process } from './process';
import { JoinableQueue, Queue, SimpleQueue } from './queues';
import { Pipe } from './connection';
import { Manager } from './managers';
import { RawArray, RawValue, SharedArray, Value } from './sharedctypes';
import * as synchronize from './synchronize';

export const multiprocessingModule = {
  Process,
  Pool,
  AsyncResult,
  Queue,
  JoinableQueue,
  SimpleQueue,
  Pipe,
  Manager,
  Value,
  Array: SharedArray,
  RawValue,
  RawArray,
  ...synchronize,
  BrokenBarrierError,
  TimeoutError,
  current_process,
  parent_process,
  active_children,
  cpu_count,
};
