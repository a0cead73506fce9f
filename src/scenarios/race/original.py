import time
from threading import Thread

def func():
    global num
    for _ in range(1000000):
        num += 1


if __name__ == '__main__':
    num = 0

    t1 = Thread(target=func)
    t2 = Thread(target=func)

    t1.start()
    t2.start()

    t1.join()
    t2.join()
    print(num)
