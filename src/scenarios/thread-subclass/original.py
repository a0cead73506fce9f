import time
from threading import Thread


class thread1(Thread):
    def run(self):
        while True:
            print('------------')
            time.sleep(1)


for each in range(5):
    thread1().start()
