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
  challenge: {
    goal: {
      zh: '让四个线程同时进入：在 step（单步）模式里安排线程的先后，让 Semaphore#1 那一行的许可数达到 4。',
      en: "Get four threads inside at once: in step mode, order the threads so that Semaphore#1's row shows 4 permits in use.",
    },
    check: (r) =>
      (r.gaugeMax['Semaphore#1'] ?? 0) > 3
        ? { zh: `同时有 ${r.gaugeMax['Semaphore#1']} 个线程在里面。`, en: `${r.gaugeMax['Semaphore#1']} threads were inside at once.` }
        : null,
    impossible: {
      zh: '做不到：Semaphore(3) 只有三个许可。第四个线程的 acquire 只能等到有人 release，无论线程以什么顺序运行。',
      en: 'It cannot be done: Semaphore(3) has three permits. A fourth thread’s acquire waits until someone releases, whatever order the threads run in.',
    },
  },
  loopsForever: true,
};
