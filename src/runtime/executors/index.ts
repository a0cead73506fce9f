/**
 * Python's `concurrent.futures` as programs import it: the executors (executor.ts; a
 * ProcessPoolExecutor's workers are multiprocessing Processes) over the shared `Future`, `wait`
 * and `as_completed` of futures/, which sits below multiprocessing (a Pool completes the same
 * futures). Importing it also gives asyncio its default executor
 * (`loop.run_in_executor(null, fn)`: a ThreadPoolExecutor, as CPython's).
 */
import { BrokenExecutor, CancelledError, InvalidStateError, TimeoutError } from '../errors';
import { setDefaultExecutorFactory, type ExecutorLike } from '../asyncio';
import { Executor, ProcessPoolExecutor, ThreadPoolExecutor } from './executor';
import { Future } from '../futures/future';
import { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, as_completed, wait } from '../futures/wait';

export { Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed, wait };

export const futuresModule = {
  Future,
  Executor,
  ThreadPoolExecutor,
  ProcessPoolExecutor,
  wait,
  as_completed,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  TimeoutError,
  CancelledError,
  InvalidStateError,
  BrokenExecutor,
};

// CPython's loop makes its default executor with thread_name_prefix='asyncio' (threads asyncio_0…).
setDefaultExecutorFactory(() => new ThreadPoolExecutor(null, 'asyncio') as unknown as ExecutorLike);
