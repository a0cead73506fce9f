import time
import threading
from concurrent.futures import ThreadPoolExecutor


def func(num):
    print('---',num)
    time.sleep(1)


if __name__ == '__main__':
    with ThreadPoolExecutor(3) as e:
        e.map(func,range(10))
