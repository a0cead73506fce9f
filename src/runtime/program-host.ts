/**
 * What asyncio's core (runtime/asyncio/, which knows nothing of workers) gets from a program
 * worker (runtime/host.ts `Host`): program time, the thread's loop channel, task tracing, the
 * stop check and the scheduler's task points. The worker installs it; bench/asyncio-node.ts
 * runs asyncio under node with the same one.
 */
import { checkAbort, ctx, programSeconds } from './core/context';
import { SharedLoopChannel } from './core/loopchannel';
import { det, stepNow, taskPoint } from './core/sched';
import { programLineOf } from './traceback';
import { traceGauge, traceObject, traceTaskCreated, traceTaskState, traceTick } from './core/tasktrace';
import type { Host } from './host';

export function programHost(): Host {
  return {
    monotonic: programSeconds,
    newLoopChannel: () => new SharedLoopChannel(),
    traceTaskCreated,
    traceTaskState,
    traceTick,
    traceObject,
    traceGauge,
    tid: () => ctx().tid,
    checkAbort,
    // Read at each task step: a worker serves parallel and deterministic runs alike.
    get points() {
      return det;
    },
    taskPoint,
    get stepping() {
      return stepNow();
    },
    programLine: (stack) => programLineOf(stack, ctx().lineOffset) ?? 0,
  };
}
