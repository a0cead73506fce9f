/** The `threading` module as programs import it. */
import { BrokenBarrierError } from '../errors';
import { Barrier } from './barrier';
import { Condition } from './condition';
import { Event } from './event';
import { Lock, RLock } from './lock';
import { BoundedSemaphore, Semaphore } from './semaphore';
import { ExceptHookArgs, excepthook, getExcepthook, setExcepthook } from './excepthook';
import {
  Thread,
  Timer,
  active_count,
  current_thread,
  enumerate,
  get_ident,
  get_native_id,
  local,
  main_thread,
} from './thread';

export const threadingModule = {
  Thread,
  Timer,
  Lock,
  RLock,
  Condition,
  Semaphore,
  BoundedSemaphore,
  Event,
  Barrier,
  BrokenBarrierError,
  local,
  current_thread,
  currentThread: current_thread,
  main_thread,
  active_count,
  activeCount: active_count,
  enumerate,
  get_ident,
  get_native_id,
  ExceptHookArgs,
  /** The original hook, as CPython keeps it in `threading.__excepthook__`. */
  __excepthook__: excepthook,
  /** `threading.excepthook = hook` (an accessor: assignment sets this thread's hook). */
  get excepthook(): ((args: ExceptHookArgs) => unknown) | null {
    return getExcepthook();
  },
  set excepthook(fn: unknown) {
    setExcepthook(fn);
  },
};
