/**
 * `multiprocessing.Pipe` within one thread (CPython 3.11 is the reference: each expectation is
 * what the same calls do there). Crossing threads and processes is in e2e/runtime-modules.spec.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { T, slotIndex } from '../../protocol/memory-layout';
import { mainThreadRun, raises, type TestRun } from '../core/run-buffer.fixture';
import { BrokenPipeError, EOFError, OSError } from '../errors';
import { beginFork, endFork } from '../threading/fork';
import { Connection, Pipe, forkFailed, forkStarted } from './connection';

let run: TestRun;
beforeEach(() => {
  run = mainThreadRun();
});


/** What a fork does to a Connection: the child's own descriptor (encode in fork mode). */
function forkCopyOf(conn: Connection): Connection {
  beginFork();
  try {
    const data = conn.__cross__(true).data as number;
    return new Connection(data);
  } finally {
    endFork();
  }
}

describe('Pipe', () => {
  it('sends copies both ways on a duplex pipe, in order', () => {
    const [a, b] = Pipe();
    const obj = { xs: [1, 2], s: 'hi' };
    a.send(obj);
    obj.xs.push(3);
    a.send(42);
    b.send([null, 'back']);
    expect(b.poll()).toBe(true);
    expect(b.recv()).toEqual({ xs: [1, 2], s: 'hi' });
    expect(b.recv()).toBe(42);
    expect(b.poll()).toBe(false);
    expect(a.recv()).toEqual([null, 'back']);
    expect([a.readable, a.writable, b.readable, b.writable]).toEqual([true, true, true, true]);
  });

  it('a one-way pipe: the first end only receives, the second only sends', () => {
    const [r, w] = Pipe(false);
    expect([r.readable, r.writable, w.readable, w.writable]).toEqual([true, false, false, true]);
    expect(raises(() => r.send(1))).toBe('OSError: connection is read-only');
    expect(raises(() => w.recv())).toBe('OSError: connection is write-only');
    w.send('x');
    expect(r.recv()).toBe('x');
  });

  it('recv raises EOFError once the writer is closed and nothing is left; poll says so', () => {
    const [r, w] = Pipe(false);
    w.send(1);
    w.send(2);
    w.close();
    expect(w.closed).toBe(true);
    expect(r.poll()).toBe(true);
    expect(r.recv()).toBe(1);
    expect(r.recv()).toBe(2);
    expect(r.poll()).toBe(true);
    expect(() => r.recv()).toThrow(EOFError);
  });

  it('send raises BrokenPipeError when the reading end is closed', () => {
    const [a, b] = Pipe();
    b.close();
    const e = (() => {
      try {
        a.send('lost');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(BrokenPipeError);
    expect(e).toBeInstanceOf(OSError);
    expect(String(e)).toBe('BrokenPipeError: [Errno 32] Broken pipe');
  });

  it('a closed connection refuses to be used; closing twice is fine', () => {
    const [a] = Pipe();
    a.close();
    a.close();
    expect(raises(() => a.recv())).toBe('OSError: handle is closed');
    expect(raises(() => a.send(1))).toBe('OSError: handle is closed');
    expect(raises(() => a.poll())).toBe('OSError: handle is closed');
  });

  it('send_bytes / recv_bytes carry bytes, with offset, size and maxlength', () => {
    const [a, b] = Pipe();
    a.send_bytes(new Uint8Array([1, 2, 3, 4, 5]), 1, 3);
    expect(Array.from(b.recv_bytes())).toEqual([2, 3, 4]);
    a.send_bytes([9, 9, 9]);
    expect(raises(() => b.recv_bytes(2))).toBe('OSError: bad message length');
    expect(raises(() => a.send_bytes(new Uint8Array(2), 3))).toBe('ValueError: buffer length < offset');
  });

  it('poll(timeout) waits, records the block in the thread slot and the trace, and returns false', () => {
    const [a] = Pipe();
    run.events();
    expect(a.poll(0.02)).toBe(false);
    const states = run.events().filter((e) => e.k === 'state');
    expect(states.map((e) => (e.k === 'state' ? [e.state, e.what] : []))).toEqual([
      ['blocked', 'poll'],
      ['running', undefined],
    ]);
    expect(run.ctx.i32[slotIndex(1) + T.WAIT_OBJ]).toBe(0);
  });

  it('fork semantics: a child holds its own descriptors; EOF needs every copy of the writer closed', () => {
    const [r, w] = Pipe(false);
    const childW = forkCopyOf(w);
    forkStarted(1); // the "child" is this (live) process
    w.close(); // the parent's copy; the child's stays open
    expect(r.poll()).toBe(false);
    childW.send('from child');
    expect(r.recv()).toBe('from child');
    childW.close();
    expect(() => r.recv()).toThrow(EOFError);
  });

  it('a descriptor held by a process that has ended counts as closed (the kernel closes it)', () => {
    const [r, w] = Pipe(false);
    const childW = forkCopyOf(w);
    const dead = 7;
    run.ctx.i32[slotIndex(dead) + T.ALIVE] = 0;
    forkStarted(dead);
    w.close();
    expect(childW.closed).toBe(false);
    expect(r.poll()).toBe(true);
    expect(() => r.recv()).toThrow(EOFError);
  });

  it('the copies of a fork that failed to start are closed', () => {
    const [r, w] = Pipe(false);
    forkCopyOf(w);
    forkFailed();
    w.close();
    expect(() => r.recv()).toThrow(EOFError);
  });

  it('prints like CPython', () => {
    const [a] = Pipe();
    expect(a.__repr__()).toMatch(/^<multiprocessing\.connection\.Connection object at 0x[0-9a-f]+>$/);
  });
});
