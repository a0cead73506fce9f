/**
 * `multiprocessing.Pipe(duplex = true)` and its two `Connection`s, with the semantics of CPython's
 * pipes over fork: a Connection is a file descriptor. The channel (the "kernel pipe", a Pipe
 * record) is shared by every process; each process holds its own descriptor of an end, because
 * fork copies descriptors. Closing a descriptor closes it in that process only; the reader sees
 * `EOFError` once every descriptor of the writing end is closed (or its process has ended) and
 * nothing is left; a writer gets `BrokenPipeError` once every descriptor of the reading end is.
 * So the tutorial pattern works as in CPython: the child closes its copy of the end it does not
 * use, the parent closes its own, and `recv()` ends with `EOFError` when the writer closes.
 *
 * Threads of one process share its descriptors (a Connection passed to a Thread is the same
 * object). Messages are copied as for another process (values.ts, fork mode). The channel is
 * unbounded: `send()` never blocks (CPython's blocks once the OS pipe buffer, ~64 KB, is full).
 *
 * Pipe record (Int32 words):
 *   0 header (OBJ_MP), 1 seqNo
 *   2 MUTEX   inner mutex over everything below, the message lists and the descriptors' words
 *   3 DUPLEX  1: both ends read and write; 0: end 0 only reads, end 1 only writes
 *   4 DESCS   first descriptor (Connection record) of the pipe; they chain through their NEXT
 *   5.. channel 0 (read by end 0), 11.. channel 1 (read by end 1), 6 words each:
 *       HEAD, TAIL  message nodes ([next, value block]), oldest first
 *       COUNT       messages waiting
 *       GEN         futex word: bumped (and notified) by every send and every close
 *       SENDER, SEND_T  tid and µs of the last send (tail of the send → recv arrow)
 *
 * Connection record: 0 header, 1 seqNo, 2 PIPE, 3 END (0/1), 4 CLOSED, 5 OWNER (the pid holding
 * it; -1 while the fork that copied it is starting; 0 when it crossed in a message and is
 * adopted by the first process that decodes it), 6 NEXT.
 */
import { ObjType, OBJ_MP, T, WaitKind, slotIndex } from '../../protocol/memory-layout';
import { alloc, free } from '../../protocol/heap';
import { writeWake } from '../../protocol/trace';
import { BrokenPipeError, EOFError, OSError, ValueError } from '../errors';
import { clockMs, ctx, deadlineFor, futexWait, nowMicros, setState } from '../core/context';
import { innerLock, innerUnlock } from '../core/innerlock';
import { RecordWrapper, allocObject, fromAddr, registerType, remember } from '../core/objects';
import { freeValue, loadValue, storeValue } from '../core/values';
import { forkCopy, forking } from '../threading/fork';
import { hbAcquire, hbRelease } from '../core/race';

const MUTEX = 2;
const DUPLEX = 3;
const DESCS = 4;
const CHANNELS = [5, 11] as const;
const PIPE_WORDS = 17;
// Channel words (offsets from the channel's first word).
const HEAD = 0;
const TAIL = 1;
const COUNT = 2;
const GEN = 3;
const SENDER = 4;
const SEND_T = 5;

const PIPE = 2;
const END = 3;
const CLOSED = 4;
const OWNER = 5;
const NEXT = 6;
const CONN_WORDS = 7;

/**
 * A blocked reader re-checks this often (wall ms) whether the writers' processes are still alive:
 * a process that ends without closing its descriptors closes them by ending, and nothing
 * notifies the pipe then (CPython: the kernel closes a dead process's descriptors).
 */
const LIVENESS_POLL_MS = 50;

const PeerState = { CLOSED: 0, OPEN: 1, OPEN_ELSEWHERE: 2 } as const;

/** Descriptors copied by the fork under way, given to the child once its pid is known. */
let pending: number[] = [];

export class Connection extends RecordWrapper {
  private declare readonly p: number;

  /** @internal Wraps the descriptor record at `addr` (Pipe() makes them). */
  constructor(addr: number) {
    super();
    this._attachRecord(addr);
    Object.defineProperty(this, 'p', { value: (this.i32[this.i + PIPE] ?? 0) >> 2 });
  }

  private get end(): number {
    return this.i32[this.i + END] ?? 0;
  }

  private get duplex(): boolean {
    return (this.i32[this.p + DUPLEX] ?? 0) === 1;
  }

  /** True once this process closed it. */
  get closed(): boolean {
    return Atomics.load(this.i32, this.i + CLOSED) !== 0;
  }

  /** True if it can receive. */
  get readable(): boolean {
    return this.duplex || this.end === 0;
  }

  /** True if it can send. */
  get writable(): boolean {
    return this.duplex || this.end === 1;
  }

  private check(read: boolean): void {
    if (this.closed) throw new OSError('handle is closed');
    if (read && !this.readable) throw new OSError('connection is write-only');
    if (!read && !this.writable) throw new OSError('connection is read-only');
  }

  /** Whether any descriptor of `end` is still open in a live process (mutex held). */
  private peer(end: number): number {
    const i32 = this.i32;
    const me = ctx().pid;
    let state: number = PeerState.CLOSED;
    for (let d = i32[this.p + DESCS] ?? 0; d !== 0; d = i32[(d >> 2) + NEXT] ?? 0) {
      const k = d >> 2;
      if (i32[k + END] !== end || i32[k + CLOSED] !== 0) continue;
      const owner = i32[k + OWNER] ?? 0;
      if (owner > 0 && Atomics.load(i32, slotIndex(owner) + T.ALIVE) !== 1) continue;
      if (owner !== me) return PeerState.OPEN_ELSEWHERE;
      state = PeerState.OPEN;
    }
    return state;
  }

  /** `send(obj)`: a copy of `obj` for the other end; `BrokenPipeError` if nobody can read it. */
  send(obj: unknown): void {
    this.check(false);
    this.post(storeValue(obj, true));
  }

  /** `send_bytes(buf, offset = 0, size?)`: the bytes as one message. */
  send_bytes(buf: ArrayBufferView | ArrayBuffer | readonly number[], offset = 0, size: number | null = null): void {
    this.check(false);
    const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : ArrayBuffer.isView(buf) ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : Uint8Array.from(buf);
    if (offset < 0) throw new ValueError('offset is negative');
    if (offset > bytes.length) throw new ValueError('buffer length < offset');
    const n = size ?? bytes.length - offset;
    if (n < 0) throw new ValueError('size is negative');
    if (offset + n > bytes.length) throw new ValueError('buffer length < offset + size');
    this.post(storeValue(bytes.slice(offset, offset + n), true));
  }

  private post(block: number): void {
    const i32 = this.i32;
    const c = ctx();
    let node: number;
    try {
      node = alloc(i32, 8);
    } catch (e) {
      freeValue(block);
      throw e;
    }
    i32[(node >> 2) + 1] = block;
    const ch = this.p + (CHANNELS[1 - this.end] ?? 0);
    const readerEnd = 1 - this.end;
    innerLock(i32, this.p + MUTEX);
    // The race detector: a send happens before the recv that takes it (one key per pipe).
    hbRelease(this.addr);
    if (this.peer(readerEnd) === PeerState.CLOSED) {
      innerUnlock(i32, this.p + MUTEX);
      free(i32, node);
      freeValue(block);
      throw new BrokenPipeError('[Errno 32] Broken pipe');
    }
    const tail = i32[ch + TAIL] ?? 0;
    if (tail === 0) i32[ch + HEAD] = node;
    else i32[(tail >> 2)] = node;
    i32[ch + TAIL] = node;
    i32[ch + COUNT] = (i32[ch + COUNT] ?? 0) + 1;
    i32[ch + SENDER] = c.tid;
    i32[ch + SEND_T] = nowMicros();
    Atomics.add(i32, ch + GEN, 1);
    innerUnlock(i32, this.p + MUTEX);
    Atomics.notify(i32, ch + GEN);
  }

  /**
   * Waits (mutex held on entry and on a normal return; not held when it throws) until a message
   * is there, the writers are gone, or the deadline passes. `blocked`: whether it waited.
   */
  private waitMessage(deadline: number, timeout: number | null, what: string): { ready: boolean; eof: boolean; blocked: boolean } {
    const i32 = this.i32;
    const ch = this.p + (CHANNELS[this.end] ?? 0);
    // Only end 1 writes to a one-way pipe, whose reader is end 0: the other end, either way.
    const writerEnd = 1 - this.end;
    let blocked = false;
    for (;;) {
      if ((i32[ch + COUNT] ?? 0) > 0) return { ready: true, eof: false, blocked };
      const peer = this.peer(writerEnd);
      if (peer === PeerState.CLOSED) return { ready: false, eof: true, blocked };
      if (clockMs() >= deadline) return { ready: false, eof: false, blocked };
      if (!blocked) {
        blocked = true;
        setState('blocked', { obj: this.addr, kind: WaitKind.GET, timeout, what });
      }
      const gen = i32[ch + GEN] ?? 0;
      innerUnlock(i32, this.p + MUTEX);
      // Not re-locked when the wait throws (the run stopped): a stopped thread must hold nothing.
      const until = peer === PeerState.OPEN_ELSEWHERE ? Math.min(deadline, clockMs() + LIVENESS_POLL_MS) : deadline;
      futexWait(i32, ch + GEN, gen, until);
      innerLock(i32, this.p + MUTEX);
      if (this.closed) {
        innerUnlock(i32, this.p + MUTEX);
        setState('running');
        throw new OSError('handle is closed');
      }
    }
  }

  private woken(blocked: boolean): void {
    if (!blocked) return;
    const c = ctx();
    const ch = this.p + (CHANNELS[this.end] ?? 0);
    const from = this.i32[ch + SENDER] ?? 0;
    writeWake(c.ring, from, c.tid, this.addr, this.i32[ch + SEND_T] ?? 0, 'send → recv');
    setState('running');
  }

  /** The next message's value block, waiting for one; `EOFError` when the writers are gone. */
  private take(): number {
    const i32 = this.i32;
    const ch = this.p + (CHANNELS[this.end] ?? 0);
    innerLock(i32, this.p + MUTEX);
    const r = this.waitMessage(Infinity, null, 'recv');
    if (r.ready) hbAcquire(this.addr);
    if (!r.ready) {
      innerUnlock(i32, this.p + MUTEX);
      if (r.blocked) setState('running');
      throw new EOFError();
    }
    const node = i32[ch + HEAD] ?? 0;
    const next = i32[node >> 2] ?? 0;
    i32[ch + HEAD] = next;
    if (next === 0) i32[ch + TAIL] = 0;
    i32[ch + COUNT] = (i32[ch + COUNT] ?? 1) - 1;
    const block = i32[(node >> 2) + 1] ?? 0;
    innerUnlock(i32, this.p + MUTEX);
    free(i32, node);
    this.woken(r.blocked);
    return block;
  }

  /** `recv()`: the next message, waiting for one; `EOFError` once the other end is closed and nothing is left. */
  recv(): unknown {
    this.check(true);
    const block = this.take();
    try {
      return loadValue(block);
    } finally {
      freeValue(block);
    }
  }

  /** `recv_bytes(maxlength?)`: the next message as bytes (a message sent by `send()` gives its encoded form). */
  recv_bytes(maxlength: number | null = null): Uint8Array {
    this.check(true);
    if (maxlength !== null && maxlength < 0) throw new ValueError('negative maxlength');
    const block = this.take();
    try {
      const v = loadValue(block);
      const bytes = v instanceof Uint8Array ? v : new Uint8Array(ctx().sab).slice(block, block + blockLength(block));
      if (maxlength !== null && bytes.length > maxlength) throw new OSError('bad message length');
      return bytes;
    } finally {
      freeValue(block);
    }
  }

  /**
   * `poll(timeout = 0.0)`: whether there is something to receive (a message, or the end of the
   * stream: then `recv()` raises `EOFError`), waiting up to `timeout` seconds (`null`: forever).
   */
  poll(timeout: number | null = 0): boolean {
    this.check(true);
    const t = timeout === null || timeout === undefined ? null : Math.max(0, Number(timeout));
    innerLock(this.i32, this.p + MUTEX);
    const r = this.waitMessage(deadlineFor(t), t, 'poll');
    innerUnlock(this.i32, this.p + MUTEX);
    this.woken(r.blocked);
    return r.ready || r.eof;
  }

  /** `close()`: closes this process's descriptor (the other processes' copies stay open). */
  close(): void {
    const i32 = this.i32;
    innerLock(i32, this.p + MUTEX);
    const was = i32[this.i + CLOSED];
    Atomics.store(i32, this.i + CLOSED, 1);
    innerUnlock(i32, this.p + MUTEX);
    if (was !== 0) return;
    // Readers waiting for the other end may now see the end of the stream.
    for (const off of CHANNELS) {
      Atomics.add(i32, this.p + off + GEN, 1);
      Atomics.notify(i32, this.p + off + GEN);
    }
  }

  /** Block form (`with conn:`): `using c = conn;` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Fork: the child gets its own descriptor of the same end of the same pipe. */
  __cross__(forProcess: boolean): { tag: string; data: unknown } {
    if (!forProcess) return { tag: 'rt', data: this.addr };
    const i32 = this.i32;
    const inFork = forking();
    const copy = forkCopy(this.addr, (k) => {
      i32[k + OWNER] = inFork ? -1 : 0;
      innerLock(i32, this.p + MUTEX);
      i32[k + NEXT] = i32[this.p + DESCS] ?? 0;
      i32[this.p + DESCS] = k << 2;
      innerUnlock(i32, this.p + MUTEX);
      if (inFork) pending.push(k << 2);
    });
    return { tag: 'rt', data: copy };
  }

  __repr__(): string {
    return `<multiprocessing.connection.Connection object at 0x${this.addr.toString(16)}>`;
  }
}

function blockLength(block: number): number {
  return ctx().i32[(block >> 2) - 1] ?? 0;
}

function newDescriptor(i32: Int32Array, pipe: number, end: number): number {
  const d = allocObject(ObjType.Connection, CONN_WORDS);
  const k = d >> 2;
  i32[k + PIPE] = pipe;
  i32[k + END] = end;
  i32[k + OWNER] = ctx().pid;
  i32[k + NEXT] = i32[(pipe >> 2) + DESCS] ?? 0;
  i32[(pipe >> 2) + DESCS] = d;
  return d;
}

/** `Pipe(duplex = true) → [conn1, conn2]`; with `duplex = false`, conn1 only receives and conn2 only sends. */
export function Pipe(duplex = true): [Connection, Connection] {
  const i32 = ctx().i32;
  const pipe = allocObject(ObjType.Pipe, PIPE_WORDS, OBJ_MP);
  i32[(pipe >> 2) + DUPLEX] = duplex ? 1 : 0;
  const a = new Connection(newDescriptor(i32, pipe, 0));
  const b = new Connection(newDescriptor(i32, pipe, 1));
  remember(a);
  remember(b);
  return [a, b];
}

/** The fork under way started process `pid`: the descriptors it copied are the child's. */
export function forkStarted(pid: number): void {
  const i32 = ctx().i32;
  for (const d of pending) Atomics.store(i32, (d >> 2) + OWNER, pid);
  pending = [];
}

/** The fork under way failed: the copies it made are closed (no process holds them). */
export function forkFailed(): void {
  const copies = pending;
  pending = [];
  for (const d of copies) (fromAddr(d) as Connection).close();
}

registerType(ObjType.Connection, (addr) => {
  // A descriptor that crossed in a message belongs to the first process that receives it.
  Atomics.compareExchange(ctx().i32, (addr >> 2) + OWNER, 0, ctx().pid);
  return new Connection(addr);
});
