# 100,000 tasks gather(sleep(0)) (docs/quality-bars.md). Two shapes, both timed, one JSON line out:
# - work_s: the Python way, one `gather(*coros)` call (gather wraps each coroutine in a Task);
# - chunked_work_s: the shape the playground program must use (bench/programs/asyncio-gather.ts.txt:
#   a worker's JS stack cannot spread 100,000 arguments): create_task for every coroutine, then
#   gather the tasks in calls of 25,000.
# The clock covers creating the coroutines, the gather and every task finishing.
import asyncio
import json
import time

N = 100_000
CHUNK = 25_000


async def one_call():
    t0 = time.perf_counter()
    results = await asyncio.gather(*[asyncio.sleep(0, i) for i in range(N)])
    return time.perf_counter() - t0, results


async def chunked():
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(asyncio.sleep(0, i)) for i in range(N)]
    results = []
    for k in range(0, N, CHUNK):
        results.extend(await asyncio.gather(*tasks[k:k + CHUNK]))
    return time.perf_counter() - t0, results


if __name__ == '__main__':
    dt, results = asyncio.run(one_call())
    dt2, results2 = asyncio.run(chunked())
    ok = len(results) == N and results[-1] == N - 1 and results2 == results
    print(json.dumps({'work_s': dt, 'chunked_work_s': dt2, 'tasks': N, 'ok': ok}))
