import time
from threading import Thread,Barrier


def fun(num):
    bar.wait()
    print('--------',num)
    time.sleep(2)


if __name__ == '__main__':
    bar = Barrier(3)
    num = 0

    for i in range(9):
        time.sleep(1)
        Thread(target=fun,args=(i,)).start()


    time.sleep(15)
    print('*******',num)
