/**
 * The shared heap: a size-class allocator over the run's SharedArrayBuffer, used by every worker
 * and by the page (which allocates MainThread's trace ring). Blocks are taken under a short spin
 * lock; allocation is rare (object creation, queue items), never on a lock's fast path.
 *
 * Block: 8 header bytes [sizeClass, requested bytes] then the payload; the payload address is
 * what callers see. Class c holds 2^(c+4) payload bytes; blocks above MAX_CLASS are bump-only
 * and freed blocks of those classes are simply kept on their list.
 */
import { H, HEAP_AT } from './memory-layout';

const MIN_SHIFT = 4;
const MAX_CLASS = 26; // 1 GiB payload: larger requests fail

export class HeapFullError extends Error {
  constructor(public readonly requested: number) {
    super(`shared memory is full (asked for ${requested} bytes)`);
    this.name = 'HeapFullError';
  }
}

function sizeClass(bytes: number): number {
  let c = 0;
  while (1 << (c + MIN_SHIFT) < bytes) c++;
  return c;
}

function lockHeap(i32: Int32Array): void {
  while (Atomics.compareExchange(i32, H.HEAP_LOCK, 0, 1) !== 0) {
    // Critical sections are a few dozen instructions: spinning is cheaper than a futex here.
  }
}

function unlockHeap(i32: Int32Array): void {
  Atomics.store(i32, H.HEAP_LOCK, 0);
}

/** Initialises the header of a fresh buffer (page side, before any worker sees it). */
export function initHeap(i32: Int32Array): void {
  Atomics.store(i32, H.HEAP_TOP, HEAP_AT);
}

/** Allocates `bytes` (zeroed), returning the payload address. */
export function alloc(i32: Int32Array, bytes: number): number {
  const c = sizeClass(Math.max(bytes, 8));
  if (c > MAX_CLASS) throw new HeapFullError(bytes);
  const size = 1 << (c + MIN_SHIFT);
  lockHeap(i32);
  let addr: number;
  const head = i32[H.FREE_LISTS + c] ?? 0;
  if (head !== 0) {
    addr = head;
    i32[H.FREE_LISTS + c] = i32[addr >> 2] ?? 0; // next pointer lives in the first payload word
  } else {
    const top = i32[H.HEAP_TOP] ?? 0;
    if (top + 8 + size > i32.length * 4) {
      unlockHeap(i32);
      throw new HeapFullError(bytes);
    }
    i32[H.HEAP_TOP] = top + 8 + size;
    addr = top + 8;
  }
  i32[(addr >> 2) - 2] = c;
  i32[(addr >> 2) - 1] = bytes;
  i32[H.HEAP_USED] = (i32[H.HEAP_USED] ?? 0) + size;
  unlockHeap(i32);
  i32.fill(0, addr >> 2, (addr + size) >> 2);
  return addr;
}

/** Returns a block to its class's free list. */
export function free(i32: Int32Array, addr: number): void {
  if (addr === 0) return;
  const c = i32[(addr >> 2) - 2] ?? 0;
  lockHeap(i32);
  i32[addr >> 2] = i32[H.FREE_LISTS + c] ?? 0;
  i32[H.FREE_LISTS + c] = addr;
  i32[H.HEAP_USED] = (i32[H.HEAP_USED] ?? 0) - (1 << (c + MIN_SHIFT));
  unlockHeap(i32);
}

/** The byte length the caller asked for when `addr` was allocated. */
export function blockBytes(i32: Int32Array, addr: number): number {
  return i32[(addr >> 2) - 1] ?? 0;
}

/** Stores a string as [length, UTF-16 units two per word]; returns its address. */
export function storeString(i32: Int32Array, s: string): number {
  const addr = alloc(i32, 4 + s.length * 2 + 2);
  writeStringAt(i32, addr >> 2, s);
  return addr;
}

/** Writes [length, units…] at Int32 index `at`; returns the number of words written. */
export function writeStringAt(i32: Int32Array | Uint32Array, at: number, s: string): number {
  const n = s.length;
  i32[at] = n;
  let w = at + 1;
  for (let i = 0; i < n; i += 2) {
    const lo = s.charCodeAt(i);
    const hi = i + 1 < n ? s.charCodeAt(i + 1) : 0;
    i32[w++] = lo | (hi << 16);
  }
  return w - at;
}

export function stringWords(s: string): number {
  return 1 + ((s.length + 1) >> 1);
}

/** Reads a string written by `writeStringAt` at Int32 index `at`. */
export function readStringAt(i32: Int32Array | Uint32Array, at: number): string {
  const n = i32[at] ?? 0;
  let out = '';
  let chunk: number[] = [];
  for (let i = 0; i < n; i++) {
    const word = i32[at + 1 + (i >> 1)] ?? 0;
    chunk.push(i & 1 ? (word >>> 16) & 0xffff : word & 0xffff);
    if (chunk.length === 4096) {
      out += String.fromCharCode(...chunk);
      chunk = [];
    }
  }
  return out + String.fromCharCode(...chunk);
}

export function readString(i32: Int32Array, addr: number): string {
  return addr === 0 ? '' : readStringAt(i32, addr >> 2);
}
