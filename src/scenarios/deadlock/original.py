# 新增 (added): two threads take two locks in opposite order, with a short sleep in between,
# so each ends up holding the lock the other one waits for: a deadlock, every time.
import time
from threading import Thread, Lock

lock_a = Lock()
lock_b = Lock()


def task1():
    with lock_a:
        print('task1: got A, waiting for B')
        time.sleep(0.5)
        with lock_b:
            print('task1: got A and B')  # never printed


def task2():
    with lock_b:
        print('task2: got B, waiting for A')
        time.sleep(0.5)
        with lock_a:
            print('task2: got B and A')  # never printed


if __name__ == '__main__':
    t1 = Thread(target=task1)
    t2 = Thread(target=task2)
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print('done')  # never printed
