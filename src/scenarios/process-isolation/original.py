# 新增 (added): a child process gets a copy of the parent's memory, so its writes to a
# module-level variable are invisible to the parent; multiprocessing.Value is shared.
from multiprocessing import Process, Value

count = 0


def work():
    global count
    for _ in range(1000):
        count += 1
    print('child: count =', count)


def work_value(v):
    for _ in range(1000):
        with v.get_lock():
            v.value += 1
    print('child: v.value =', v.value)


if __name__ == '__main__':
    p = Process(target=work)
    p.start()
    p.join()
    print('parent: count =', count)  # 0: 子进程改的是自己的副本

    v = Value('i', 0)
    p = Process(target=work_value, args=(v,))
    p.start()
    p.join()
    print('parent: v.value =', v.value)  # 1000: Value 在共享内存里
