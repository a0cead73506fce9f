import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'process-queue',
  number: 6,
  section: 'processes-threads',
  title: { zh: '使用Queue', en: 'Using Queue' },
  notes: {
    zh: "注意同样要使用if __name__ == '__main__':",
    en: "Note: here too you must use if __name__ == '__main__':",
  },
  lookFor: {
    zh: '写进程每秒 put 一个数，读进程 get 后打印 1、2、3、4、5（队列行的长度在 0 和 1 之间跳动）；5 秒后两个进程被 terminate，主线程打印 强制结束。',
    en: 'The writer puts one number a second and the reader prints 1, 2, 3, 4, 5 (the queue row goes between 0 and 1 items); after 5 s both processes are terminated and MainThread prints 强制结束 ("forcibly ended").',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
