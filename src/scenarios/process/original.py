import time
from multiprocessing import Process

def func(num):
    for n in range(num):
        print(n)
        time.sleep(1)

for each in range(10):
    Process(target=func,args=(each,)).start()
