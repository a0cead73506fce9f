import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'rlock',
  number: 9,
  section: 'thread-limits',
  title: { zh: '使用RLock', en: 'Using RLock' },
  notes: {
    zh: '可重入锁',
    en: 'A re-entrant lock.',
  },
  lookFor: {
    zh: 'Thread-1 (fun) 在已经持有 RLock 时再次获取它而不会阻塞，打印 1 到 10000；换成 Lock 试试：第二次 hold() 会让线程自己等自己，时间线报告 deadlock。',
    en: 'Thread-1 (fun) takes the RLock again while already holding it, without blocking, and prints 1 to 10000; try Lock instead: the second hold() makes the thread wait for itself and the run ends in deadlock.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
