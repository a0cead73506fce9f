/**
 * The asyncio benchmarks' programs (bench/programs/asyncio-*.ts.txt, written as the compiler
 * lowers them) run by the runtime in Node with a program worker's host: real tracing into a
 * trace ring in shared memory, freed every 16 ms by another thread as the page's drainer does.
 * Prints the median and minimum CPU milliseconds of the process per round (CPU time: on the
 * shared machine wall times move 3× between runs; `WALL=1` for wall time) and the trace words
 * written per round. Rounds after the first run warm (JIT); one round is a cold run.
 *
 *   npx esbuild bench/asyncio-node.ts --bundle --platform=node --format=esm --outfile=/tmp/asyncio-node.mjs
 *   node /tmp/asyncio-node.mjs [rounds=5] [queue|gather|calls|both] [tracing=1] [debug=0]
 *
 * `calls`: 200,000 `await f(i)` of an async function (a coroutine made per call). `debug=1`:
 * asyncio's debug mode on (the run's asyncio detector, docs/diagnostics.md), warnings dropped.
 *
 * Bundled, as the app's build is: run through tsx (per-module transform) it is ~15× slower.
 * `node --cpu-prof /tmp/asyncio-node.mjs …` profiles the runtime without a browser.
 */
import { Worker } from 'node:worker_threads';
import { H, RING, T, ThreadState, slotIndex } from '../src/protocol/memory-layout';
import { initRunBuffer } from '../src/protocol/run';
import { busySeconds, longestWaitLineSince, makeContext, setCtx } from '../src/runtime/core/context';
import { programLineOf } from '../src/runtime/traceback';
import { setHost } from '../src/runtime/host';
import { programHost } from '../src/runtime/program-host';
import { asyncioModule as asyncio, coroutineHelpers, resetAsyncioForThread, setAsyncioDebug } from '../src/runtime/asyncio/index';

const tracing = process.argv[4] !== '0';
const memory = new WebAssembly.Memory({ initial: 768, maximum: 768, shared: true });
const sab = memory.buffer as unknown as SharedArrayBuffer;
const i32 = new Int32Array(sab);
// The run's buffer as the supervisor lays it out; MainThread is already running here.
const ring = initRunBuffer(sab, { tracing, maxLive: 256, speed: 1, startedAt: performance.now() });
i32[slotIndex(1) + T.STATE] = ThreadState.RUNNING;
setCtx(makeContext(sab, 1, '', 0, null));
setHost(programHost());
resetAsyncioForThread({ isMainThread: true, threadName: 'MainThread' });
const debug = process.argv[5] === '1';
if (debug) setAsyncioDebug({ warn: () => {}, lineOf: (s) => programLineOf(s, 0), busy: busySeconds, busyLine: longestWaitLineSince });

// The page's drainer, in another thread: frees the ring every 16 ms (and counts the words), so
// the runtime writes into a ring with room, as in a run. (Plain JS: a worker does not get tsx.)
const DRAINER = `
const { parentPort, workerData } = require('node:worker_threads');
const { sab, head, tail, drained } = workerData;
const i32 = new Int32Array(sab);
let words = 0, stop = false;
parentPort.on('message', () => { stop = true; });
const tick = () => {
  const h = Atomics.load(i32, head);
  words += (h - Atomics.load(i32, tail)) >>> 0;
  Atomics.store(i32, tail, h);
  Atomics.add(i32, drained, 1);
  if (stop) parentPort.postMessage(words); else setTimeout(tick, 16);
};
tick();`;
const drainer = new Worker(DRAINER, { eval: true, workerData: { sab, head: (ring >> 2) + RING.HEAD, tail: (ring >> 2) + RING.TAIL, drained: H.DRAINED } });
const co = (body: () => Generator<unknown, unknown, unknown>, name = 'coro') => coroutineHelpers.async(undefined, [], body, undefined, name);
const aw = coroutineHelpers.await;
const cpu = process.env.WALL ? () => performance.now() : () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function queueBench(N: number): number {
  const t0 = cpu();
  let sum = 0;
  asyncio.run(co(function* () {
    const q = new asyncio.Queue(2);
    const producer = co(function* () { for (let i = 0; i < N; i++) yield* aw(q.put(i)); yield* aw(q.put(-1)); }, 'producer');
    const consumer = co(function* () { for (;;) { const x = (yield* aw(q.get())) as number; if (x < 0) break; sum += x; } }, 'consumer');
    yield* aw(asyncio.gather(producer, consumer));
  }, 'main'));
  if (sum !== (N * (N - 1)) / 2) throw new Error('bad sum');
  return cpu() - t0;
}
function gatherBench(N: number): number {
  const t0 = cpu();
  const r = asyncio.run(co(function* () {
    const tasks = [];
    for (let i = 0; i < N; i++) tasks.push(asyncio.create_task(asyncio.sleep(0, i)));
    const results: unknown[] = [];
    for (let k = 0; k < N; k += 25000) results.push(...((yield* aw(asyncio.gather(...tasks.slice(k, k + 25000)))) as unknown[]));
    return results;
  }, 'main')) as number[];
  if (r.length !== N || r[N - 1] !== N - 1) throw new Error('bad gather');
  return cpu() - t0;
}
// An async function as the compiler lowers it: a coroutine per call.
function addOne(this: unknown, i: number) {
  // eslint-disable-next-line prefer-rest-params, require-yield -- lowered as the compiler does; no await
  return coroutineHelpers.async(this, arguments, function* () { return i + 1; }, addOne, 'addOne');
}
function callsBench(N: number): number {
  const t0 = cpu();
  let sum = 0;
  asyncio.run(co(function* () { for (let i = 0; i < N; i++) sum += (yield* aw(addOne(i))) as number; }, 'main'));
  if (sum !== (N * (N + 1)) / 2) throw new Error('bad sum');
  return cpu() - t0;
}
const rounds = Number(process.argv[2] ?? 7);
const mode = process.argv[3] ?? 'both';
const q: number[] = [], g: number[] = [], c: number[] = [];
for (let i = 0; i < rounds; i++) {
  if (mode === 'queue' || mode === 'both') q.push(queueBench(200000));
  if (mode === 'gather' || mode === 'both') g.push(gatherBench(100000));
  if (mode === 'calls') c.push(callsBench(200000));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
drainer.postMessage('stop');
drainer.once('message', (words: number) => {
  console.log(JSON.stringify({ tracing, debug, callsMedMs: med(c)?.toFixed(0), queueMedMs: med(q)?.toFixed(0), queueMinMs: q.length ? Math.min(...q).toFixed(0) : null, gatherMedMs: med(g)?.toFixed(0), gatherMinMs: g.length ? Math.min(...g).toFixed(0) : null, traceWordsPerRound: Math.round(words / rounds) }));
  process.exit(0);
});
