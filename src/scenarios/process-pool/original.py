import time
from multiprocessing import Pool


def func(num):
    for n in range(num):
        print(n)
        time.sleep(1)



if __name__ == '__main__':
    p = Pool(10)
    for n in range(10):
        p.apply_async(func,args=(n,))

    p.close()
    p.join()
