# The `lock` scenario's Python original (src/scenarios/lock/original.py) with timing added:
# the clock runs from the first start() to the last join(), as in the browser copy
# (bench/programs/lock.ts). Prints one JSON line for bench/run.mjs.
import json
import time
from threading import Thread, Lock


def run1():
    global num
    for _ in range(1000000):
        with lock:
            num += 1


if __name__ == '__main__':
    num = 0

    lock = Lock()
    t1 = Thread(target=run1)
    t2 = Thread(target=run1)

    t0 = time.perf_counter()
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    dt = time.perf_counter() - t0
    print(json.dumps({'work_s': dt, 'num': num}))
