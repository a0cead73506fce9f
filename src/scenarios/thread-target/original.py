import time
from threading import Thread


def func(num):
    while True:
        print(num)
        num += 1
        time.sleep(1)


t = Thread(target=func,args=(1,))
t.start()
