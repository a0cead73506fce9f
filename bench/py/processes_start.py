"""The `process` scenario's start-up, for bench/processes.mjs: ten processes started in a loop
(fork, as on Linux), each reporting the moment its target starts. Prints one JSON line:
times in ms from the script's first line (`fromScriptStartMs`) and absolute epoch ms of the
last start (`lastStartEpochMs`, so the caller can add the interpreter's own start-up)."""
import json
import multiprocessing as mp
import time

T0 = time.time()


def func(num, q):
    q.put(time.time())
    for n in range(num):
        time.sleep(1)


if __name__ == '__main__':
    q = mp.Queue()
    ps = [mp.Process(target=func, args=(each, q)) for each in range(10)]
    for p in ps:
        p.start()
    starts = [q.get() for _ in range(10)]
    for p in ps:
        p.terminate()
    for p in ps:
        p.join()
    last = max(starts)
    print(json.dumps({'fromScriptStartMs': (last - T0) * 1000, 'lastStartEpochMs': last * 1000}))
