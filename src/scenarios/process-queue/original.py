import time
from multiprocessing import Process,Queue


def read(q):
    while True:
        res = q.get()
        print(res)
        time.sleep(1)

def write(q):
    num = 0
    while True:
        num += 1
        q.put(num)
        time.sleep(1)

if __name__ == '__main__':
    q = Queue()
    r = Process(target=read,args=(q,))
    w = Process(target=write,args=(q,))

    w.start()
    r.start()

    time.sleep(5)
    # 强制结束
    r.terminate()
    w.terminate()
    print('强制结束')
