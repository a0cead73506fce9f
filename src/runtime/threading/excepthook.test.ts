/**
 * `threading.excepthook` in the thread whose run() raised (the worker calls invokeExcepthook;
 * threads in a real browser are in e2e/runtime-modules.spec.ts). CPython 3.11's behaviour: the
 * default prints `Exception in thread NAME:` and the traceback; a custom hook gets
 * ExceptHookArgs; a hook that raises gets `Exception in threading.excepthook:`.
 */
import { describe, expect, it } from 'vitest';
import { pyRepr } from '../../lib/pyrepr';
import { captureInherited, restoreInherited } from '../core/inherit';
import { mainThreadRun, type TestRun } from '../core/run-buffer.fixture';
import { setScope } from '../core/values';
import { ValueError } from '../errors';
import { threadingModule as threading } from './index';
import { ExceptHookArgs, invokeExcepthook } from './excepthook';

function stderr(run: TestRun): string[] {
  return run.events().flatMap((e) => (e.k === 'print' && e.stream === 'stderr' ? [e.text] : []));
}

const thread = { name: 'Thread-1 (work)', __repr__: () => '<Thread(Thread-1 (work), started 1)>' };

describe('threading.excepthook', () => {
  it('by default prints the report CPython prints', () => {
    const run = mainThreadRun();
    threading.excepthook = threading.__excepthook__;
    invokeExcepthook(new ValueError('boom'), thread);
    const lines = stderr(run);
    expect(lines[0]).toBe('Exception in thread Thread-1 (work):');
    expect(lines.at(-1)).toBe('ValueError: boom');
  });

  it('calls an assigned hook with ExceptHookArgs instead', () => {
    const run = mainThreadRun();
    const seen: ExceptHookArgs[] = [];
    threading.excepthook = (args: ExceptHookArgs) => void seen.push(args);
    const err = new ValueError('boom');
    invokeExcepthook(err, thread);
    expect(stderr(run)).toEqual([]);
    const a = seen[0] as ExceptHookArgs;
    expect([a.exc_type, a.exc_value, a.thread]).toEqual([ValueError, err, thread]);
    expect(pyRepr(a)).toBe(
      "_thread._ExceptHookArgs(exc_type=<class 'ValueError'>, exc_value=ValueError('boom'), " +
        'exc_traceback=<traceback object>, thread=<Thread(Thread-1 (work), started 1)>)',
    );
    // The hook may call the original one (CPython: threading.__excepthook__(args)).
    threading.__excepthook__(a);
    expect(stderr(run)[0]).toBe('Exception in thread Thread-1 (work):');
    threading.excepthook = threading.__excepthook__;
  });

  it('a hook that raises: its error after "Exception in threading.excepthook:"', () => {
    const run = mainThreadRun();
    threading.excepthook = () => {
      throw new ValueError('hook failed');
    };
    invokeExcepthook(new ValueError('boom'), thread);
    const lines = stderr(run);
    expect(lines[0]).toBe('Exception in threading.excepthook:');
    expect(lines.at(-1)).toBe('ValueError: hook failed');
    threading.excepthook = threading.__excepthook__;
  });

  it('crosses to threads started after it is set: by name; a closure fails start() with the rule', () => {
    mainThreadRun();
    function hook(): void {}
    setScope(() => ({ hook }));
    expect(captureInherited(false).excepthook).toBeUndefined(); // the default is not handed over
    threading.excepthook = hook;
    const handed = captureInherited(false);
    threading.excepthook = threading.__excepthook__;
    restoreInherited(handed);
    expect(threading.excepthook).toBe(hook);
    restoreInherited({});
    expect(threading.excepthook).toBe(threading.__excepthook__);
    threading.excepthook = (): void => {};
    expect(() => captureInherited(false)).toThrow(/^threading\.excepthook: <lambda> is not a module-level function/);
    threading.excepthook = threading.__excepthook__;
    setScope(() => ({}));
  });

  it('None: Thread() raises RuntimeError, as CPython', () => {
    mainThreadRun();
    threading.excepthook = null;
    expect(() => new threading.Thread({ daemon: false })).toThrow('threading.excepthook is None');
    threading.excepthook = threading.__excepthook__;
    expect(new threading.Thread({ daemon: false }).name).toMatch(/^Thread-\d+$/);
  });

  it('ExceptHookArgs takes a 4-sequence, as CPython', () => {
    expect(() => new ExceptHookArgs([1, 2])).toThrow('_thread._ExceptHookArgs() takes a 4-sequence (2-sequence given)');
  });
});
