"""Thread start-up, for bench/threads.mjs: the twin of bench/threads.mjs's playground programs.
Prints one JSON line with the three figures of issue 13 section 2."""
import json
import sys
import threading
import time


def work():
    pass


def sleeper():
    time.sleep(1)


def latency(n=200):
    lat = []
    ts = []
    for _ in range(n):
        t = threading.Thread(target=work)
        t0 = time.perf_counter()
        t.start()
        lat.append(time.perf_counter() - t0)
        ts.append(t)
    for t in ts:
        t.join()
    return lat


def alive(n=250):
    ts = [threading.Thread(target=sleeper) for _ in range(n)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    dt = time.perf_counter() - t0
    for t in ts:
        t.join()
    return dt


def sequential(n=1000):
    t0 = time.perf_counter()
    for _ in range(n):
        t = threading.Thread(target=work)
        t.start()
        t.join()
    return time.perf_counter() - t0


if __name__ == '__main__':
    which = sys.argv[1]
    if which == 'latency':
        print(json.dumps({'latencyS': latency()}))
    elif which == 'alive':
        print(json.dumps({'aliveStartS': alive()}))
    else:
        print(json.dumps({'sequentialS': sequential()}))
