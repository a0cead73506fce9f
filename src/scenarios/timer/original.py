import time
from threading import Thread,Timer


def fun():
    print('--------')
    time.sleep(2)


if __name__ == '__main__':
    t = Timer(5,fun)

    t.start()
    t.join()
    print('*******')
