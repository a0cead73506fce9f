import time
from threading import Thread,Semaphore


def fun(num):
    while True:
        num += 1
        with sem:
            print('--------',num)
            time.sleep(2)


if __name__ == '__main__':
    sem = Semaphore(3)
    num = 0

    for i in range(9):
        Thread(target=fun,args=(i,)).start()

    time.sleep(15)
    print('*******',num)
