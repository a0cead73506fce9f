import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'timer',
  number: 13,
  section: 'thread-limits',
  title: { zh: '使用Timer', en: 'Using Timer' },
  notes: {
    zh: '定时线程',
    en: 'A timer thread.',
  },
  lookFor: {
    zh: 'Timer 线程先等 5 秒（waiting），然后打印 --------，再睡 2 秒；主线程一直 blocked on join，第 7 秒打印 *******。',
    en: 'The Timer thread waits 5 s, then prints -------- and sleeps 2 s; MainThread is blocked on join the whole time and prints ******* at 7 s.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
