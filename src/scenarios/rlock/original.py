import time
from threading import Thread,RLock


def fun():
    global num
    for _ in range(10000):
        with lock:
            num += 1
            with lock:
                print(num)


if __name__ == '__main__':
    lock = RLock()
    num = 0

    Thread(target=fun).start()
