/**
 * What asyncio's `async with` objects share (`Timeout`, `TaskGroup`): Python's protocol
 * (`__aenter__`/`__aexit__`) and the block form's disposal (`await using x = …`), both over
 * `_enter()` and the `_exit(hasExc, exc)` generator. Made inside a task, such an object enters
 * at once (the declaration of `await using` is where `async with` enters: nothing of the block
 * runs before it); a later `__aenter__` then just returns it. The disposal gets the exception
 * leaving the block (the compiler's `__rt.aexc`), as `__aexit__` does.
 */
import { coro, type Coroutine, type CoroGen } from './coroutine';
import { rt } from './core';

export abstract class AsyncBlock {
  /** @internal Entered when made; `__aenter__` has not been called yet. */
  _autoEntered = false;

  /** @internal CPython's `__aenter__` body. */
  abstract _enter(): this;
  /** @internal CPython's `__aexit__` body (`exc`: the exception leaving the block, if `hasExc`). */
  abstract _exit(hasExc: boolean, exc: unknown): CoroGen;
  abstract __repr__(): string;

  /** @internal The block form: enters now when made inside a task. */
  _enterIfInTask(): void {
    const loop = rt.runningLoop;
    if (loop !== null && loop._currentTask !== null) {
      this._enter();
      this._autoEntered = true;
    }
  }

  /** `async with`'s entry (already entered when made inside a task: then it just returns it). */
  __aenter__(): Coroutine {
    return coro(blockEnter, '__aenter__', [this]);
  }

  /** `async with`'s exit. */
  __aexit__(_type?: unknown, exc?: unknown, _tb?: unknown): Coroutine {
    return coro(blockExit, '__aexit__', [this, exc !== null && exc !== undefined, exc]);
  }

  /** End of the `await using` block; `exc` is the exception leaving it, if any. */
  [Symbol.asyncDispose](...exc: unknown[]): Coroutine {
    return coro(blockExit, '__aexit__', [this, exc.length > 0, exc[0]]);
  }

  toString(): string {
    return this.__repr__();
  }
}

// eslint-disable-next-line require-yield
function* blockEnter(this: unknown, b: AsyncBlock): CoroGen {
  if (b._autoEntered) {
    b._autoEntered = false;
    return b;
  }
  return b._enter();
}

function* blockExit(this: unknown, b: AsyncBlock, hasExc: boolean, exc: unknown): CoroGen {
  b._autoEntered = false;
  return yield* b._exit(hasExc, exc);
}
