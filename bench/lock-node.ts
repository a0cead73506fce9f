/**
 * What the detectors cost per critical section, without a browser: the `lock` loop's body
 * (`lock.acquire(); g.num += 1; lock.release()`, and the `using _ = lock.hold()` form) run by the
 * runtime in Node, one thread, over a run buffer in a shared `WebAssembly.Memory` (so locks take
 * the wasm fast path, as in a worker), with no detector, the lock-order detector, the race
 * detector, and all of them. Prints ns per critical section: the minimum and median over rounds
 * of 1,000,000 (the first round includes the JIT's warm-up and is left out).
 *
 * One thread measures the hot path's own cost: in a browser two threads also share the page's
 * two cores with the renderer (bench/README.md, "What a `lock` run shares its cores with").
 *
 *   npx esbuild bench/lock-node.ts --bundle --platform=node --format=esm --outfile=/tmp/lock-node.mjs
 *   node /tmp/lock-node.mjs [rounds=8]
 *
 * Bundled, as the app's build is (tsx's per-module transform changes the figures).
 */
import { Detect, H } from '../src/protocol/memory-layout';
import { mainThreadRun } from '../src/runtime/core/run-buffer.fixture';
import { resetPerThread } from '../src/runtime/core/perthread';
import { beginRace } from '../src/runtime/core/race';
import { beginDetectors } from '../src/runtime/core/warn';
import { shared } from '../src/runtime/shared';
import { Lock } from '../src/runtime/threading/lock';

const ROUNDS = Math.max(2, Number(process.argv[2] ?? 8));
const N = 1_000_000;
const memory = new WebAssembly.Memory({ initial: 1024, maximum: 1024, shared: true });

/** A fresh run whose MainThread is this process, with `detect` on (as worker.ts begins a thread). */
function freshRun(detect: number): void {
  new Uint8Array(memory.buffer).fill(0);
  resetPerThread();
  const { i32 } = mainThreadRun({ memory }).ctx;
  Atomics.store(i32, H.DETECT, detect);
  beginDetectors(i32);
  beginRace(detect);
}

function explicit(lock: Lock, g: { num: number }): void {
  for (let i = 0; i < N; i++) {
    lock.acquire();
    g.num += 1;
    lock.release();
  }
}

/** `using _ = lock.hold()` as the compiler lowers it (Node 20 has no `using`). */
function block(lock: Lock, g: { num: number }): void {
  for (let i = 0; i < N; i++) {
    const _ = lock.hold();
    try {
      g.num += 1;
    } finally {
      _[Symbol.dispose]();
    }
  }
}

function measure(detect: number, body: typeof explicit): { minNs: number; medianNs: number } {
  freshRun(detect);
  const g = shared({ num: 0 });
  const lock = new Lock();
  const ns: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    body(lock, g);
    if (r > 0) ns.push(((performance.now() - t0) * 1e6) / N);
  }
  if (g.num !== ROUNDS * N) throw new Error(`lost increments: ${g.num}`);
  ns.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { minNs: round(ns[0] ?? 0), medianNs: round(ns[Math.floor(ns.length / 2)] ?? 0) };
}

const SETS = { off: 0, lockOrder: Detect.LOCK_ORDER, race: Detect.RACE, all: Detect.ALL };
const out: Record<string, unknown> = { date: new Date().toISOString(), rounds: ROUNDS, unit: 'ns per critical section' };
for (const [form, body] of [['acquire/release', explicit], ['using hold()', block]] as const) {
  const row: Record<string, unknown> = {};
  for (const [name, detect] of Object.entries(SETS)) row[name] = measure(detect, body);
  out[form] = row;
}
console.log(JSON.stringify(out, null, 1));
