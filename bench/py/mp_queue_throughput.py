"""multiprocessing.Queue throughput between two processes, for bench/processes.mjs: a producer
process puts N ints, a consumer process gets them; timed from before the two start() calls to
the consumer's last get. Prints one JSON line."""
import json
import multiprocessing as mp
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def producer(q):
    for i in range(N):
        q.put(i)
    q.put(None)


def consumer(q, out):
    n = 0
    while True:
        x = q.get()
        if x is None:
            break
        n += 1
    out.put((n, time.perf_counter()))


if __name__ == '__main__':
    q = mp.Queue()
    out = mp.Queue()
    t0 = time.perf_counter()
    c = mp.Process(target=consumer, args=(q, out))
    p = mp.Process(target=producer, args=(q,))
    c.start()
    p.start()
    n, t1 = out.get()
    p.join()
    c.join()
    dt = t1 - t0
    print(json.dumps({'items': n, 'seconds': dt, 'itemsPerSec': n / dt}))
