# asyncio bounded queue throughput (docs/quality-bars.md): Queue(2), one producer putting 200,000 items
# and a None sentinel, one consumer getting until the sentinel. Same program as
# bench/programs/asyncio-queue.ts. Prints one JSON line for bench/run.mjs.
import asyncio
import json
import time

N = 200_000


async def producer(q):
    for i in range(N):
        await q.put(i)
    await q.put(None)


async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            return total
        total += item


async def main():
    q = asyncio.Queue(2)
    t0 = time.perf_counter()
    _, total = await asyncio.gather(producer(q), consumer(q))
    return time.perf_counter() - t0, total


if __name__ == '__main__':
    dt, total = asyncio.run(main())
    print(json.dumps({'work_s': dt, 'items': N, 'items_per_s': N / dt, 'ok': total == N * (N - 1) // 2}))
