import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'barrier',
  number: 12,
  section: 'thread-limits',
  title: { zh: '使用Barrier', en: 'Using Barrier' },
  notes: {
    zh: '凑够一定数量的线程才能执行',
    en: 'Threads may go on only once enough of them have gathered.',
  },
  lookFor: {
    zh: '线程每秒来一条，先到的显示 blocked on Barrier#1；每凑够三条就一起放行：-------- 0/1/2、3/4/5、6/7/8 三行一组几乎同时打印（组内顺序不定）。',
    en: 'One thread arrives per second and waits (blocked on Barrier#1); each time three are waiting they are released together: -------- 0/1/2, 3/4/5, 6/7/8 print in groups of three at almost the same moment (order within a group varies).',
  },
  speed: 2,
  sched: 'gil',
  loopsForever: false,
};
