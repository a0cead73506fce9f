import time
from threading import Thread,Condition


def fun1():
    while True:
        with cond:
            cond.wait()
            print('--------')
            time.sleep(1)
            cond.notify()


def fun2():
    while True:
        with cond:
            cond.notify()
            print('*******')
            time.sleep(1)
            cond.wait()



if __name__ == '__main__':
    cond = Condition()

    t1 = Thread(target=fun1)
    t2 = Thread(target=fun2)

    t1.start()
    t2.start()
