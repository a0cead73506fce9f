# 新增 (added): the tutorial describes the Master-Worker pattern in prose only; this example
# shows its main advantage: a worker process crashes, the master and the other workers go on.
import time
from multiprocessing import Process, Queue, current_process


def worker(tasks, results):
    name = current_process().name
    while True:
        task = tasks.get()
        if task is None:  # 结束信号
            break
        print('{} got task {}'.format(name, task))
        time.sleep(1)
        if task == 5:
            raise ValueError('task {} failed'.format(task))  # 这个子进程崩溃了
        results.put((task, task * task))


if __name__ == '__main__':
    tasks = Queue()
    results = Queue()

    workers = [Process(target=worker, args=(tasks, results)) for _ in range(3)]
    for w in workers:
        w.start()

    # Master 只负责分配任务
    for task in range(9):
        tasks.put(task)
    for _ in workers:
        tasks.put(None)

    for w in workers:
        w.join()
        if w.exitcode != 0:
            print('master: {} crashed, exitcode {}'.format(w.name, w.exitcode))

    done = set()
    while not results.empty():
        task, value = results.get()
        done.add(task)
        print('master: task {} = {}'.format(task, value))

    print('master: lost tasks', [t for t in range(9) if t not in done])
