import time
from threading import Thread,Event


def fun():
    while True:
        event.wait()
        print('--------')
        event.clear()


if __name__ == '__main__':
    event = Event()

    t = Thread(target=fun)
    t.start()

    for _ in range(5):
        time.sleep(1)
        event.set()

    print('********')
