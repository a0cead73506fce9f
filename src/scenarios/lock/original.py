import time
from threading import Thread,Lock


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

    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print(num)
