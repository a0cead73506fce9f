import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'semaphore',
  number: 11,
  section: 'thread-limits',
  title: { zh: '使用Semaphore', en: 'Using Semaphore' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '九条线程里任何时刻最多三条持有 Semaphore#1（它那一行的许可数在 0–3 之间），其余显示 blocked on Semaphore#1；每 2 秒打印一批三行。15 秒后主线程打印 ******* 0，而线程们永远循环，直到 Stop。',
    en: "Of the nine threads, at most three hold Semaphore#1 at any moment (its row's permits stay within 0–3); the others show blocked on Semaphore#1; a batch of three lines every 2 s. After 15 s MainThread prints ******* 0, while the threads loop until Stop.",
  },
  differences: {
    zh: 'Python 的 Semaphore 不保证先来先得，CPython 里哪三条线程拿到许可看起来很随机；这里也一样，每批的编号可能不同。',
    en: "Python's Semaphore is not first-come first-served: which three threads get the permits looks random in CPython, and here too the numbers in each batch vary.",
  },
  speed: 1,
  sched: 'gil',
  loopsForever: true,
};
