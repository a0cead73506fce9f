# The `lock` scenario's Python original (src/scenarios/lock/original.py) with timing added:
# the clock runs from the first start() to the last join(), as in the browser copy
# (bench/programs/lock.ts.txt); loop_s is the longer of the two threads' own loop times.
# Prints one JSON line for bench/run.mjs.
import json
import time
from threading import Thread, Lock


def run1():
    global num, loop_s
    t0 = time.perf_counter()
    for _ in range(1000000):
        with lock:
            num += 1
    dt = time.perf_counter() - t0
    with lock:
        loop_s = max(loop_s, dt)


if __name__ == '__main__':
    num = 0
    loop_s = 0.0

    lock = Lock()
    t1 = Thread(target=run1)
    t2 = Thread(target=run1)

    t0 = time.perf_counter()
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    dt = time.perf_counter() - t0
    print(json.dumps({'work_s': dt, 'loop_s': loop_s, 'num': num}))
