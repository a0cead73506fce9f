/**
 * The hot paths (lock take/give, shared Float64 fields) as wasm over the run's shared memory when
 * the page gave us a `WebAssembly.Memory` (fastpath.wat says why), and the same operations with
 * JS Atomics otherwise (unit tests under Node, or a buffer that is not wasm memory).
 */
import { FASTPATH_WASM } from './fastpath-wasm';

export interface FastPath {
  /** Lock state word at byte `state`: 0 -> 1 and owner := tid. True when taken. */
  take(state: number, tid: number): number;
  /** Owner := 0, state -= 1; returns the previous state. */
  give(state: number): number;
  getF(addr: number): number;
  setF(addr: number, v: number): void;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function jsFastPath(sab: SharedArrayBuffer): FastPath {
  const i32 = new Int32Array(sab);
  const f64 = new Float64Array(sab);
  return {
    take(state, tid) {
      if (Atomics.compareExchange(i32, state >> 2, 0, 1) !== 0) return 0;
      i32[(state >> 2) + 1] = tid;
      return 1;
    },
    give(state) {
      i32[(state >> 2) + 1] = 0;
      return Atomics.sub(i32, state >> 2, 1);
    },
    getF(addr) {
      Atomics.load(i32, 0);
      return f64[addr >> 3] ?? 0;
    },
    setF(addr, v) {
      f64[addr >> 3] = v;
    },
  };
}

let cached: { memory: WebAssembly.Memory; fast: FastPath } | null = null;

/** Memoized per memory: a standby worker prepares it before it parks. */
export function makeFastPath(sab: SharedArrayBuffer, memory: WebAssembly.Memory | null): FastPath {
  if (cached && memory && cached.memory === memory) return cached.fast;
  const fast = instantiate(sab, memory);
  if (memory) cached = { memory, fast };
  return fast;
}

let compiled: WebAssembly.Module | null = null;

/**
 * Compiles the module (not yet bound to a memory). A pool worker calls it while it waits for a
 * run, so a thread's start only instantiates: compiling took 0.5-11 ms of a standby worker's
 * preparation, measured while the run's other workers loaded.
 */
export function precompileFastPath(): void {
  if (compiled === null && typeof WebAssembly !== 'undefined') compiled = new WebAssembly.Module(decodeBase64(FASTPATH_WASM) as BufferSource);
}

function instantiate(sab: SharedArrayBuffer, memory: WebAssembly.Memory | null): FastPath {
  if (memory === null || (memory.buffer as unknown) !== sab || typeof WebAssembly === 'undefined') return jsFastPath(sab);
  try {
    precompileFastPath();
    const instance = new WebAssembly.Instance(compiled as WebAssembly.Module, { env: { mem: memory } });
    return instance.exports as unknown as FastPath;
  } catch {
    return jsFastPath(sab);
  }
}
