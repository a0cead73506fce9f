# 新增 (added): the bounded buffer (producer–consumer). Two producers put items into a buffer of
# three slots and two consumers take them out. The semaphore empty counts the free slots (a
# producer waits on it when the buffer is full), full counts the items (a consumer waits on it
# when the buffer is empty), and the lock keeps two threads from using the same slot at once.
import time
from threading import Thread, Lock, Semaphore

N = 3
buffer = [0] * N
head = 0  # the slot the next item is taken from
tail = 0  # the slot the next item is put into
total = 0
lock = Lock()
empty = Semaphore(N)
full = Semaphore(0)


def producer(p):
    global tail
    time.sleep(0.05 * (p - 1))
    for k in range(3):
        item = 10 * p + k
        empty.acquire()
        with lock:
            buffer[tail] = item
            tail = (tail + 1) % N
            print(f'producer {p} puts {item}')
        full.release()
        time.sleep(0.1)


def consumer(c):
    global head, total
    for _ in range(3):
        full.acquire()
        with lock:
            item = buffer[head]
            head = (head + 1) % N
            total += item
            print(f'consumer {c} takes {item}')
        empty.release()
        time.sleep(0.3)


if __name__ == '__main__':
    threads = [Thread(target=producer, args=(p,)) for p in (1, 2)]
    threads += [Thread(target=consumer, args=(c,)) for c in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print('total taken:', total)
