import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'thread-subclass',
  number: 1,
  section: 'processes-threads',
  title: { zh: '使用多线程 · 继承Thread类', en: 'Using threads · Subclassing Thread' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '五条线程 Thread-1…Thread-5 各自一行：每秒各打印一次 ------------，大部分时间在 sleeping；主线程早已结束，程序一直运行到你按 Stop。',
    en: 'Five lanes Thread-1…Thread-5: each prints ------------ once a second and sleeps in between; MainThread is done at once, and the run goes on until you press Stop.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: true,
};
