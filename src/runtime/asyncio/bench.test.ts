/**
 * Micro-benchmarks (docs/quality-bars.md): print numbers, assert only correctness. Tracing stays on with the
 * default host's no-op traceTask, which is the cost of building nothing but the calls.
 */
import { beforeEach, expect, it } from 'vitest';
import { asyncioModule as asyncio } from './index';
import { aw, co, setup } from './asyncio.fixture';

beforeEach(() => {
  setup();
});

it('bench: 100,000 tasks gather(sleep(0))', () => {
  const N = 100_000;
  const t0 = performance.now();
  const main = co(function* () {
    const aws = [];
    for (let i = 0; i < N; i++) aws.push(asyncio.sleep(0, i));
    return yield* aw(asyncio.gather(...aws));
  }, 'main');
  const r = asyncio.run(main) as number[];
  const ms = performance.now() - t0;
  expect(r.length).toBe(N);
  expect(r[N - 1]).toBe(N - 1);
  // Each task takes 2 steps (start, resume after the bare yield).
  console.log(`gather(sleep(0)) x ${N}: ${ms.toFixed(0)} ms, ${((2 * N) / (ms / 1000)).toFixed(0)} task steps/s`);
});

it('bench: Queue(2) producer/consumer, 200,000 items', () => {
  const N = 200_000;
  const t0 = performance.now();
  let sum = 0;
  const main = co(function* () {
    const q = new asyncio.Queue(2);
    const producer = co(function* () {
      for (let i = 0; i < N; i++) yield* aw(q.put(i));
      yield* aw(q.put(-1));
    }, 'producer');
    const consumer = co(function* () {
      for (;;) {
        const x = (yield* aw(q.get())) as number;
        if (x < 0) break;
        sum += x;
      }
    }, 'consumer');
    yield* aw(asyncio.gather(producer, consumer));
  }, 'main');
  asyncio.run(main);
  const ms = performance.now() - t0;
  expect(sum).toBe((N * (N - 1)) / 2);
  console.log(`Queue(2) ${N} items: ${ms.toFixed(0)} ms, ${(N / (ms / 1000)).toFixed(0)} items/s`);
});
