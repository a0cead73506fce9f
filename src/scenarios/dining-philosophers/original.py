# 新增 (added): the dining philosophers. Five philosophers sit at a round table with one fork
# between each pair; to eat, a philosopher needs both forks next to them. Each takes the left
# fork, thinks for a moment, then reaches for the right one: if all five take their left fork
# at once, each waits for a fork its neighbour holds, and nobody ever eats again.
import time
from threading import Thread, Lock

N = 5
forks = [Lock() for _ in range(N)]


def philosopher(i):
    left = forks[i]
    right = forks[(i + 1) % N]
    for meal in range(3):
        with left:
            print(f'philosopher {i} has the left fork')
            time.sleep(0.1)
            with right:
                print(f'philosopher {i} eats meal {meal}')
        time.sleep(0.1)


if __name__ == '__main__':
    threads = [Thread(target=philosopher, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print('all fed')
